package dev.tiered.connect.datagen;

import java.util.Locale;

/**
 * The types of reference events, with their default share of the traffic. A few types carry most of it, as in real
 * clickstreams; {@link #PAYMENT}, {@link #SURGE_PRICE} and {@link #FRAUD_SIGNAL} are the high-priority types: rarer,
 * and much more likely to be hot.
 */
public enum EventType {
    PAGE_VIEW(31.0, false),
    CLICK(18.0, false),
    SCROLL(12.0, false),
    SEARCH(8.0, false),
    PRODUCT_VIEW(8.0, false),
    ADD_TO_CART(5.0, false),
    VIDEO_PLAY(4.0, false),
    LOGIN(3.0, false),
    CHECKOUT_START(2.5, false),
    REMOVE_FROM_CART(1.5, false),
    PAYMENT(4.0, true),
    SURGE_PRICE(2.0, true),
    FRAUD_SIGNAL(1.0, true);

    private static final EventType[] VALUES = values();

    private final String wireName;
    private final double defaultWeight;
    private final boolean highPriority;

    EventType(double defaultWeight, boolean highPriority) {
        this.wireName = name().toLowerCase(Locale.ROOT);
        this.defaultWeight = defaultWeight;
        this.highPriority = highPriority;
    }

    /** The value of the event's {@code event_type} field, such as {@code page_view}. */
    public String wireName() {
        return wireName;
    }

    /** The relative weight of this type in the default mix; the weights of all types add up to 100. */
    public double defaultWeight() {
        return defaultWeight;
    }

    public boolean isHighPriority() {
        return highPriority;
    }

    /** The type whose {@link #wireName()} is {@code name}, ignoring case, or null. */
    public static EventType fromWireName(String name) {
        for (EventType type : VALUES) {
            if (type.wireName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
