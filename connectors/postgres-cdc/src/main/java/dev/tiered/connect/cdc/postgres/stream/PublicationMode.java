package dev.tiered.connect.cdc.postgres.stream;

import java.util.Arrays;
import java.util.Locale;

/** Debezium's {@code publication.autocreate.mode}. */
public enum PublicationMode {
    ALL_TABLES("all_tables"), DISABLED("disabled"), FILTERED("filtered"), NO_TABLES("no_tables");

    private final String value;

    PublicationMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The config values, for a validator. */
    public static String[] values_() {
        return Arrays.stream(values()).map(PublicationMode::value).toArray(String[]::new);
    }

    public static PublicationMode of(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.value.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown publication.autocreate.mode " + value));
    }
}
