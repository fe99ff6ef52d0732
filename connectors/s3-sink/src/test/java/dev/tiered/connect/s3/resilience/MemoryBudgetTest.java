package dev.tiered.connect.s3.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The budget's accounting: usage, whether it is exceeded, and the peak it settled at. */
class MemoryBudgetTest {

    @Test
    void tracksUsageAndThePeakItSettledAt() {
        MemoryBudget budget = new MemoryBudget(1_000);
        budget.add(600);
        budget.settled();
        budget.add(500);
        assertThat(budget.exceeded()).isTrue();
        budget.add(-700);
        budget.settled();

        assertThat(budget.usedBytes()).isEqualTo(400);
        assertThat(budget.peakBytes()).as("the 1,100 were never let stand").isEqualTo(600);
        assertThat(budget.exceeded()).isFalse();
    }

    @Test
    void mustBePositive() {
        assertThatThrownBy(() -> new MemoryBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
