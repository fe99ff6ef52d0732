package dev.tiered.connect.cdc.postgres.event;

/** The {@code op} of a change event (Debezium's {@code Envelope.Operation}). */
public enum Op {
    READ("r"), CREATE("c"), UPDATE("u"), DELETE("d"), TRUNCATE("t");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
