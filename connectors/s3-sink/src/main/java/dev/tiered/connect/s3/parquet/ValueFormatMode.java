package dev.tiered.connect.s3.parquet;

import java.util.Locale;

/** How a record value becomes columns ({@code value.format.mode}). */
public enum ValueFormatMode {
    /** One column per top-level field (Struct fields, or keys inferred from schemaless Maps). */
    COLUMNS,
    /** The whole value as one JSON text column, plus fields extracted by dotted path. */
    JSON;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ValueFormatMode fromConfig(String value) {
        for (ValueFormatMode mode : values()) {
            if (mode.configName().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown value format mode '" + value + "'");
    }
}
