package dev.tiered.connect.s3.writer;

import java.util.Locale;
import java.util.Optional;

/** What the sink does with a record whose value is null (a tombstone): {@code behavior.on.null.values}. */
public enum NullValueBehavior {
    /** Skip it: a Parquet row needs a value, and a tombstone carries none. */
    IGNORE,
    /** Fail the task, naming the record. */
    FAIL;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NullValueBehavior> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (NullValueBehavior b : values()) {
            if (b.configName().equalsIgnoreCase(value.trim())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
