package dev.tiered.connect.transforms.routing;

import java.util.function.BooleanSupplier;

/**
 * Turns a score into a route. Scores at or above the hot threshold go hot, unless the hot path is overloaded: then
 * records below the critical threshold are demoted to the cold path, first while the hot consumers lag, then when
 * the hot rate limit is spent. Critical records are never demoted and do not use up the rate limit.
 * Not thread-safe; one per task.
 */
public final class RoutingPolicy {

    /** Where a record goes, and why. */
    public enum Decision {
        HOT(true, null),
        COLD(false, null),
        DEMOTED_BY_LAG(false, "lag"),
        DEMOTED_BY_RATE(false, "rate");

        private final boolean hot;
        private final String demotionReason;

        Decision(boolean hot, String demotionReason) {
            this.hot = hot;
            this.demotionReason = demotionReason;
        }

        public boolean isHot() {
            return hot;
        }

        /** {@code lag} or {@code rate} for demotions, null otherwise. */
        public String demotionReason() {
            return demotionReason;
        }
    }

    private final double hotThreshold;
    private final double criticalThreshold;
    private final TokenBucket hotRateLimit;
    private final BooleanSupplier hotPathLagging;

    /**
     * @param hotRateLimit the hot rate limit, or null for none
     * @param hotPathLagging whether the hot consumers currently lag too far behind
     */
    public RoutingPolicy(double hotThreshold, double criticalThreshold, TokenBucket hotRateLimit,
                         BooleanSupplier hotPathLagging) {
        this.hotThreshold = hotThreshold;
        this.criticalThreshold = criticalThreshold;
        this.hotRateLimit = hotRateLimit;
        this.hotPathLagging = hotPathLagging;
    }

    public boolean scoresHot(double score) {
        return score >= hotThreshold;
    }

    public Decision decide(double score) {
        if (score < hotThreshold) {
            return Decision.COLD;
        }
        if (score >= criticalThreshold) {
            return Decision.HOT;
        }
        if (hotPathLagging.getAsBoolean()) {
            return Decision.DEMOTED_BY_LAG;
        }
        if (hotRateLimit != null && !hotRateLimit.tryAcquire()) {
            return Decision.DEMOTED_BY_RATE;
        }
        return Decision.HOT;
    }
}
