package dev.tiered.connect.transforms.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.tiered.connect.transforms.routing.RoutingPolicy.Decision;

class RoutingPolicyTest {

    private final FakeClock clock = new FakeClock();
    private final AtomicBoolean lagging = new AtomicBoolean();

    private RoutingPolicy policy(TokenBucket bucket) {
        return new RoutingPolicy(0.9, 1.0, bucket, lagging::get);
    }

    @Test
    void routesByTheThresholdInclusively() {
        RoutingPolicy policy = policy(null);
        assertThat(policy.decide(0.9)).isEqualTo(Decision.HOT);
        assertThat(policy.decide(0.8999)).isEqualTo(Decision.COLD);
        assertThat(policy.scoresHot(0.9)).isTrue();
    }

    @Test
    void demotesByRateWhenTheBucketIsEmpty() {
        RoutingPolicy policy = policy(new TokenBucket(1, 1, clock));
        assertThat(policy.decide(0.95)).isEqualTo(Decision.HOT);
        assertThat(policy.decide(0.95)).isEqualTo(Decision.DEMOTED_BY_RATE);
        assertThat(Decision.DEMOTED_BY_RATE.demotionReason()).isEqualTo("rate");
    }

    @Test
    void demotesByLagBeforeSpendingTokens() {
        TokenBucket bucket = new TokenBucket(1, 1, clock);
        RoutingPolicy policy = policy(bucket);
        lagging.set(true);
        assertThat(policy.decide(0.95)).isEqualTo(Decision.DEMOTED_BY_LAG);
        lagging.set(false);
        assertThat(policy.decide(0.95)).isEqualTo(Decision.HOT);
    }

    @Test
    void neverDemotesCriticalRecordsNorChargesThemTokens() {
        TokenBucket bucket = new TokenBucket(1, 1, clock);
        RoutingPolicy policy = policy(bucket);
        lagging.set(true);
        assertThat(policy.decide(1.0)).isEqualTo(Decision.HOT);
        lagging.set(false);
        assertThat(policy.decide(1.0)).isEqualTo(Decision.HOT);
        assertThat(policy.decide(0.95)).isEqualTo(Decision.HOT);
    }

    @Test
    void neverDemotesColdRecords() {
        lagging.set(true);
        assertThat(policy(null).decide(0.1)).isEqualTo(Decision.COLD);
        assertThat(Decision.COLD.demotionReason()).isNull();
    }
}
