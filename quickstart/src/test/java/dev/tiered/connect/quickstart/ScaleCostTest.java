package dev.tiered.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScaleCostTest {

    @Test
    void everythingStreamingIsOneTerabyteADayAtTheStreamingPrice() {
        ScaleCost cost = new ScaleCost(0.05, 0, 0, 0);
        assertThat(cost.allStreamingMonthly()).isCloseTo(1_000 * 0.30 * 30, within(1e-6));
    }

    @Test
    void tieredIsHotAtTheStreamingPriceColdAtTheBatchPricePlusTheSinksS3CostPerRecord() {
        ScaleCost cost = new ScaleCost(0.05, 2e-8, 0.001, 250);
        assertThat(cost.hotMonthly()).isCloseTo(0.05 * 1_000 * 0.30 * 30, within(1e-6));
        assertThat(cost.coldTransportMonthly()).isCloseTo(0.95 * 1_000 * 0.10 * 30, within(1e-6));
        assertThat(cost.s3Monthly()).isCloseTo(0.95 * 1e9 * 30 * 2e-8, within(1e-6));
        assertThat(cost.tieredMonthly()).isCloseTo(cost.hotMonthly() + cost.coldTransportMonthly() + cost.s3Monthly(),
                within(1e-6));
        assertThat(cost.savingsShare()).isBetween(0.5, 0.7);
        assertThat((double) cost.toMap().get("putRequestsPerMonth")).isCloseTo(0.95 * 1e9 * 30 * 0.001, within(1.0));
    }

    @Test
    void allHotCostsTheSameAsEverythingStreamingPlusS3Nothing() {
        ScaleCost cost = new ScaleCost(1.0, 1e-6, 0, 0);
        assertThat(cost.tieredMonthly()).isCloseTo(cost.allStreamingMonthly(), within(1e-6));
    }
}
