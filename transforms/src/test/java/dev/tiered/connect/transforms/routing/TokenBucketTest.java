package dev.tiered.connect.transforms.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final FakeClock clock = new FakeClock();

    private static int acquired(TokenBucket bucket, int attempts) {
        int acquired = 0;
        for (int i = 0; i < attempts; i++) {
            if (bucket.tryAcquire()) {
                acquired++;
            }
        }
        return acquired;
    }

    @Test
    void startsFull() {
        assertThat(acquired(new TokenBucket(10, 10, clock), 15)).isEqualTo(10);
    }

    @Test
    void refillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, 10, clock);
        acquired(bucket, 10);
        clock.advance(Duration.ofMillis(300));
        assertThat(acquired(bucket, 10)).isEqualTo(3);
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(10, 5, clock);
        clock.advance(Duration.ofMinutes(1));
        assertThat(acquired(bucket, 100)).isEqualTo(5);
    }

    @Test
    void accumulatesFractionsOfATokenForSlowRates() {
        TokenBucket bucket = new TokenBucket(0.5, 1, clock);
        assertThat(bucket.tryAcquire()).isTrue();
        clock.advance(Duration.ofMillis(1999));
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(bucket.tryAcquire()).isTrue();
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0.5, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(Double.POSITIVE_INFINITY, 1, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
