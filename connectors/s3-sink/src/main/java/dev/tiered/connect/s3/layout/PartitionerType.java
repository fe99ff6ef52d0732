package dev.tiered.connect.s3.layout;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The values {@code partitioner.class} accepts, case-insensitively: a short name, the simple class name, Confluent's
 * fully qualified class name (so configs move over unchanged) or ours. {@code hourly} and {@code daily} are Confluent's
 * HourlyPartitioner/DailyPartitioner: the time partitioner with a fixed {@code path.format} and duration.
 */
public enum PartitionerType {
    DEFAULT("default", "DefaultPartitioner"),
    FIELD("field", "FieldPartitioner"),
    TIME("time", "TimeBasedPartitioner"),
    HOURLY("hourly", "HourlyPartitioner"),
    DAILY("daily", "DailyPartitioner"),
    /** Ours: time directories, then field directories. */
    TIME_FIELD("time_field", "TimeAndFieldPartitioner");

    private static final String CONFLUENT_PACKAGE = "io.confluent.connect.storage.partitioner.";
    private static final String OUR_PACKAGE = "dev.tiered.connect.s3.layout.";

    private final String shortName;
    private final String className;

    PartitionerType(String shortName, String className) {
        this.shortName = shortName;
        this.className = className;
    }

    public String shortName() {
        return shortName;
    }

    public boolean usesTime() {
        return this == TIME || this == HOURLY || this == DAILY || this == TIME_FIELD;
    }

    public boolean usesFields() {
        return this == FIELD || this == TIME_FIELD;
    }

    /** The fixed Joda pattern of hourly/daily, else empty ({@code path.format} is used). */
    Optional<String> fixedPathFormat() {
        return switch (this) {
            case HOURLY -> Optional.of("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH");
            case DAILY -> Optional.of("'year'=YYYY/'month'=MM/'day'=dd");
            default -> Optional.empty();
        };
    }

    /** The fixed duration of hourly/daily, else -1 ({@code partition.duration.ms} is used). */
    long fixedDurationMs() {
        return switch (this) {
            case HOURLY -> 3_600_000L;
            case DAILY -> 86_400_000L;
            default -> -1;
        };
    }

    public static Optional<PartitionerType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String name = value.trim();
        for (PartitionerType type : values()) {
            for (String accepted : List.of(type.shortName, type.className, CONFLUENT_PACKAGE + type.className,
                    OUR_PACKAGE + type.className)) {
                if (accepted.equalsIgnoreCase(name)) {
                    return Optional.of(type);
                }
            }
        }
        return Optional.empty();
    }

    static List<String> shortNames() {
        return java.util.Arrays.stream(values()).map(t -> t.shortName.toLowerCase(Locale.ROOT)).toList();
    }
}
