package dev.tiered.connect.s3.layout;

import java.util.Optional;

/**
 * The values {@code timestamp.extractor} accepts, case-insensitively, with Confluent's names ({@code Record},
 * {@code RecordField}, {@code Wallclock}) and its fully qualified class names.
 */
public enum TimestampExtractorType {
    RECORD("Record"),
    RECORD_FIELD("RecordField"),
    WALLCLOCK("Wallclock");

    private final String configName;

    TimestampExtractorType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<TimestampExtractorType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String name = value.trim();
        String confluentPrefix = "io.confluent.connect.storage.partitioner.TimeBasedPartitioner$";
        if (name.regionMatches(true, 0, confluentPrefix, 0, confluentPrefix.length())) {
            name = name.substring(confluentPrefix.length());
            if (name.endsWith("TimestampExtractor")) {
                name = name.substring(0, name.length() - "TimestampExtractor".length());
            }
        }
        for (TimestampExtractorType type : values()) {
            if (type.configName.equalsIgnoreCase(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
