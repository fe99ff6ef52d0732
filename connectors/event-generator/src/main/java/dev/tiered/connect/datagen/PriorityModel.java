package dev.tiered.connect.datagen;

/**
 * Decides which events are hot and draws their priorities.
 *
 * <p>An event is hot with a probability that depends on its type: the high-priority types are
 * {@value #HIGH_PRIORITY_BOOST} times as likely to be hot as the configured hot share (capped at 1, and at what the
 * share allows), and the other types get whatever probability makes the overall fraction of hot events exactly the
 * hot share. With the default mix (7% high-priority events) and a hot share of 5%, half the high-priority events
 * and 1.6% of the others are hot.
 *
 * <p>Priorities are multiples of 0.001: hot ones in [threshold, 1], the others below the threshold (skewed towards
 * 0 for ordinary types, in the upper half below the threshold for high-priority ones), so a router comparing
 * {@code priority >= threshold} sees exactly the hot events. Immutable.
 */
public final class PriorityModel {

    /** How much more likely than the hot share a high-priority event is to be hot. */
    public static final double HIGH_PRIORITY_BOOST = 10.0;

    private static final int STEPS = 1000;

    private final double[] hotProbability = new double[EventType.values().length];
    private final double hotThreshold;
    /** The smallest k such that k / 1000 is at or above the threshold: the lowest hot priority, in thousandths. */
    private final int lowestHotStep;

    /**
     * @param mix the event types and their shares
     * @param hotShare the fraction of hot events, in [0, 1]
     * @param hotThreshold the priority at or above which an event is hot, in (0, 1]
     */
    public PriorityModel(EventTypeMix mix, double hotShare, double hotThreshold) {
        if (!(hotShare >= 0 && hotShare <= 1)) {
            throw new IllegalArgumentException("The hot share must be in [0, 1]: " + hotShare);
        }
        if (!(hotThreshold > 0 && hotThreshold <= 1)) {
            throw new IllegalArgumentException("The hot threshold must be in (0, 1]: " + hotThreshold);
        }
        this.hotThreshold = hotThreshold;
        int step = (int) Math.ceil(hotThreshold * STEPS);
        while (step > 1 && (step - 1) / (double) STEPS >= hotThreshold) {
            step--;
        }
        while (step / (double) STEPS < hotThreshold) {
            step++;
        }
        this.lowestHotStep = step;

        double highShare = mix.highPriorityShare();
        double high;
        double ordinary;
        if (highShare <= 0 || highShare >= 1) {
            high = hotShare;
            ordinary = hotShare;
        } else {
            high = Math.min(1.0, hotShare * Math.min(HIGH_PRIORITY_BOOST, 1.0 / highShare));
            ordinary = clamp((hotShare - highShare * high) / (1.0 - highShare));
        }
        for (EventType type : EventType.values()) {
            hotProbability[type.ordinal()] = type.isHighPriority() ? high : ordinary;
        }
    }

    /** The probability that an event of this type is hot. */
    public double hotProbability(EventType type) {
        return hotProbability[type.ordinal()];
    }

    public double hotThreshold() {
        return hotThreshold;
    }

    public boolean isHot(double priority) {
        return priority >= hotThreshold;
    }

    /** Whether an event of this type is hot, given a uniform draw {@code u} in [0, 1). */
    boolean hot(EventType type, double u) {
        return u < hotProbability[type.ordinal()];
    }

    /** The event's priority, given whether it is hot and a uniform draw {@code u} in [0, 1). */
    double priority(EventType type, boolean hot, double u) {
        int step;
        if (hot) {
            step = Math.min(STEPS, lowestHotStep + (int) (u * (STEPS + 1 - lowestHotStep)));
        } else if (type.isHighPriority()) {
            int low = lowestHotStep / 2;
            step = Math.min(lowestHotStep - 1, low + (int) (u * (lowestHotStep - low)));
        } else {
            // Squaring skews ordinary traffic towards 0, as scores of real, unremarkable events are.
            step = Math.min(lowestHotStep - 1, (int) (u * u * lowestHotStep));
        }
        return step / (double) STEPS;
    }

    private static double clamp(double probability) {
        return Math.max(0.0, Math.min(1.0, probability));
    }
}
