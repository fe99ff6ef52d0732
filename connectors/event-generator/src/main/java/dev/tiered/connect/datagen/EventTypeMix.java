package dev.tiered.connect.datagen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How often each {@link EventType} occurs: relative weights, by default {@link EventType#defaultWeight()}.
 * Immutable.
 */
public final class EventTypeMix {

    private static final EventType[] TYPES = EventType.values();
    private static final EventTypeMix DEFAULTS = new EventTypeMix(new EnumMap<>(EventType.class));

    private final double[] shares = new double[TYPES.length];
    private final double[] cumulative = new double[TYPES.length];
    private final double highPriorityShare;

    private EventTypeMix(Map<EventType, Double> overrides) {
        double total = 0;
        double[] weights = new double[TYPES.length];
        for (EventType type : TYPES) {
            weights[type.ordinal()] = overrides.getOrDefault(type, type.defaultWeight());
            total += weights[type.ordinal()];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("At least one event type needs a positive weight");
        }
        double running = 0;
        double highPriority = 0;
        for (EventType type : TYPES) {
            double share = weights[type.ordinal()] / total;
            shares[type.ordinal()] = share;
            running += share;
            cumulative[type.ordinal()] = running;
            if (type.isHighPriority()) {
                highPriority += share;
            }
        }
        cumulative[TYPES.length - 1] = 1.0;
        highPriorityShare = highPriority;
    }

    /** The default mix: page views, clicks and scrolls carry most traffic; 7% are high-priority types. */
    public static EventTypeMix defaults() {
        return DEFAULTS;
    }

    /**
     * The default mix with some weights replaced.
     *
     * @param weights entries {@code <event_type>:<weight>}, such as {@code fraud_signal:10}, with weights finite and
     *     at least 0 (0 turns a type off); types not listed keep their default weight
     * @throws IllegalArgumentException naming the bad entry
     */
    public static EventTypeMix parse(List<String> weights) {
        if (weights == null || weights.isEmpty()) {
            return DEFAULTS;
        }
        Map<EventType, Double> overrides = new EnumMap<>(EventType.class);
        for (String entry : weights) {
            String text = entry.trim();
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not <event_type>:<weight>, such as"
                        + " fraud_signal:10");
            }
            String name = text.substring(0, colon).trim();
            EventType type = EventType.fromWireName(name);
            if (type == null) {
                throw new IllegalArgumentException("'" + name + "' is not an event type; the types are "
                        + Arrays.toString(TYPES));
            }
            if (overrides.containsKey(type)) {
                throw new IllegalArgumentException("'" + name + "' is listed twice");
            }
            double weight;
            try {
                weight = Double.parseDouble(text.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of '" + name + "' is not a number: '"
                        + text.substring(colon + 1).trim() + "'");
            }
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("the weight of '" + name + "' must be a finite number of at"
                        + " least 0, but is " + weight);
            }
            overrides.put(type, weight);
        }
        return new EventTypeMix(overrides);
    }

    /** The fraction of events of this type, in [0, 1]. */
    public double share(EventType type) {
        return shares[type.ordinal()];
    }

    /** The fraction of events of the high-priority types. */
    public double highPriorityShare() {
        return highPriorityShare;
    }

    /** The types that occur at all, in declaration order. */
    public List<EventType> types() {
        List<EventType> present = new ArrayList<>();
        for (EventType type : TYPES) {
            if (shares[type.ordinal()] > 0) {
                present.add(type);
            }
        }
        return Collections.unmodifiableList(present);
    }

    /** The type at the point {@code u} in [0, 1) of the cumulative distribution. */
    EventType pick(double u) {
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i] && shares[i] > 0) {
                return TYPES[i];
            }
        }
        // Only reachable through rounding at the very top of the distribution.
        for (int i = TYPES.length - 1; ; i--) {
            if (shares[i] > 0) {
                return TYPES[i];
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypeMix other && Arrays.equals(shares, other.shares);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shares);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("EventTypeMix{");
        for (EventType type : TYPES) {
            if (text.length() > "EventTypeMix{".length()) {
                text.append(", ");
            }
            text.append(type.wireName()).append('=').append(shares[type.ordinal()]);
        }
        return text.append('}').toString();
    }
}
