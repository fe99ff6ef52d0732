package dev.tiered.connect.s3.layout;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Object layout keys, as a fragment the connector config adds to its {@link ConfigDef} ({@link #addTo}), reads back
 * with typed getters and turns into the {@link ObjectNaming} and {@link Partitioner} the task uses. Key names are
 * Confluent S3 sink's where the concept is the same.
 */
public final class LayoutConfig {

    public static final String TOPICS_DIR = "topics.dir";
    public static final String PARTITIONER_CLASS = "partitioner.class";
    public static final String PATH_FORMAT = "path.format";
    public static final String PARTITION_FIELD_NAME = "partition.field.name";
    public static final String PARTITION_DURATION_MS = "partition.duration.ms";
    public static final String TIMESTAMP_EXTRACTOR = "timestamp.extractor";
    public static final String TIMESTAMP_FIELD = "timestamp.field";
    public static final String TIMEZONE = "timezone";
    public static final String LOCALE = "locale";

    public static final String TOPICS_DIR_DEFAULT = "topics";
    public static final String PARTITIONER_CLASS_DEFAULT = PartitionerType.DEFAULT.shortName();
    public static final String TIMESTAMP_EXTRACTOR_DEFAULT = TimestampExtractorType.RECORD.configName();
    public static final String TIMEZONE_DEFAULT = "UTC";
    public static final String LOCALE_DEFAULT = "en";
    /** Longest {@code topics.dir}: with a 249-char topic it leaves room for file name and partition path. */
    static final int MAX_TOPICS_DIR_BYTES = 200;

    private final AbstractConfig config;

    public LayoutConfig(AbstractConfig config) {
        this.config = config;
    }

    public static ConfigDef addTo(ConfigDef def, String group) {
        int order = 0;
        return def
                .define(TOPICS_DIR, Type.STRING, TOPICS_DIR_DEFAULT, TOPICS_DIR_VALIDATOR, Importance.MEDIUM,
                        "Prefix of every object key; objects go to <topics.dir>/<topic>/<partition path>/.",
                        group, ++order, Width.MEDIUM, "Topics directory")
                .define(PARTITIONER_CLASS, Type.STRING, PARTITIONER_CLASS_DEFAULT, PARTITIONER_VALIDATOR,
                        Importance.HIGH, "How records map to Hive-style directories: default (partition=<n>), "
                                + "field, time, hourly, daily or time_field (time then fields); Confluent's class "
                                + "names are accepted.",
                        group, ++order, Width.MEDIUM, "Partitioner")
                .define(PATH_FORMAT, Type.STRING, "", Importance.MEDIUM,
                        "Joda-style pattern of the time directories with quoted literals, e.g. "
                                + "'year'=YYYY/'month'=MM/'day'=dd; required by the time and time_field "
                                + "partitioners.",
                        group, ++order, Width.LONG, "Path format")
                .define(PARTITION_FIELD_NAME, Type.LIST, "", FIELDS_VALIDATOR, Importance.MEDIUM,
                        "Dotted paths of the value fields whose values name the directories, in order, each as "
                                + "<last path step>=<value>; required by the field and time_field partitioners.",
                        group, ++order, Width.LONG, "Partition fields")
                .define(PARTITION_DURATION_MS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Width of a time directory in ms (timestamps are floored to it in local time); 0 lets the "
                                + "finest field of path.format decide.",
                        group, ++order, Width.SHORT, "Partition duration")
                .define(TIMESTAMP_EXTRACTOR, Type.STRING, TIMESTAMP_EXTRACTOR_DEFAULT, EXTRACTOR_VALIDATOR,
                        Importance.MEDIUM, "Which time places records and drives rotate.interval.ms: Record (Kafka "
                                + "timestamp), RecordField (timestamp.field) or Wallclock.",
                        group, ++order, Width.SHORT, "Timestamp extractor")
                .define(TIMESTAMP_FIELD, Type.STRING, "", Importance.MEDIUM,
                        "Dotted path of the value field holding the record time (epoch ms, Connect Timestamp or "
                                + "ISO-8601 string) for the RecordField extractor.",
                        group, ++order, Width.MEDIUM, "Timestamp field")
                .define(TIMEZONE, Type.STRING, TIMEZONE_DEFAULT, ZONE_VALIDATOR, Importance.MEDIUM,
                        "Time zone (IANA id such as UTC or Europe/Paris) in which time directories are formatted.",
                        group, ++order, Width.SHORT, "Time zone")
                .define(LOCALE, Type.STRING, LOCALE_DEFAULT, LOCALE_VALIDATOR, Importance.LOW,
                        "Locale (BCP 47 tag such as en or fr-FR) for text fields of path.format such as month "
                                + "names.",
                        group, ++order, Width.SHORT, "Locale");
    }

    /**
     * Checks between keys, one {@link ConfigValue} per key with its errors (empty list if fine), for the connector's
     * {@code validate()}: time partitioners need a valid {@code path.format} (unless hourly/daily), field
     * partitioners need {@code partition.field.name}, RecordField needs {@code timestamp.field}.
     */
    public static List<ConfigValue> crossFieldValidation(AbstractConfig config) {
        List<ConfigValue> results = new ArrayList<>();
        PartitionerType type = PartitionerType.parse(config.getString(PARTITIONER_CLASS)).orElse(null);
        ConfigValue pathFormat = new ConfigValue(PATH_FORMAT);
        ConfigValue fields = new ConfigValue(PARTITION_FIELD_NAME);
        ConfigValue timestampField = new ConfigValue(TIMESTAMP_FIELD);
        if (type != null && type.usesTime() && type.fixedPathFormat().isEmpty()) {
            String format = config.getString(PATH_FORMAT);
            if (format == null || format.isBlank()) {
                pathFormat.addErrorMessage(PATH_FORMAT + " is required by partitioner.class=" + type.shortName());
            } else {
                try {
                    new TimePathFormat(format, 0, Locale.ROOT, ZoneId.of("UTC"));
                } catch (IllegalArgumentException e) {
                    pathFormat.addErrorMessage(PATH_FORMAT + " is invalid: " + e.getMessage());
                }
            }
        }
        if (type != null && type.usesFields() && fieldNames(config).isEmpty()) {
            fields.addErrorMessage(PARTITION_FIELD_NAME + " is required by partitioner.class=" + type.shortName());
        }
        List<String> leaves = fieldNames(config).stream().map(f -> f.substring(f.lastIndexOf('.') + 1)).toList();
        if (leaves.stream().distinct().count() < leaves.size()) {
            // Two directories with the same column name would make the table unreadable.
            fields.addErrorMessage(PARTITION_FIELD_NAME + " entries must end in distinct names, got " + leaves);
        }
        if (TimestampExtractorType.parse(config.getString(TIMESTAMP_EXTRACTOR)).orElse(null)
                == TimestampExtractorType.RECORD_FIELD && config.getString(TIMESTAMP_FIELD).isBlank()) {
            timestampField.addErrorMessage(TIMESTAMP_FIELD + " is required by timestamp.extractor=RecordField");
        } else if (!config.getString(TIMESTAMP_FIELD).isBlank()) {
            try {
                new FieldPath(config.getString(TIMESTAMP_FIELD));
            } catch (IllegalArgumentException e) {
                timestampField.addErrorMessage(TIMESTAMP_FIELD + " is invalid: " + e.getMessage());
            }
        }
        results.add(pathFormat);
        results.add(fields);
        results.add(timestampField);
        return results;
    }

    /** Throws the first cross-field error as a {@link ConfigException} naming its key. */
    public static void ensureValid(AbstractConfig config) {
        for (ConfigValue value : crossFieldValidation(config)) {
            if (!value.errorMessages().isEmpty()) {
                throw new ConfigException(value.name(), configValue(config, value.name()),
                        value.errorMessages().get(0));
            }
        }
    }

    public String topicsDir() {
        return normalizeTopicsDir(config.getString(TOPICS_DIR));
    }

    public PartitionerType partitionerType() {
        return PartitionerType.parse(config.getString(PARTITIONER_CLASS)).orElseThrow();
    }

    public TimestampExtractorType timestampExtractorType() {
        return TimestampExtractorType.parse(config.getString(TIMESTAMP_EXTRACTOR)).orElseThrow();
    }

    public ZoneId timezone() {
        return ZoneId.of(config.getString(TIMEZONE).trim());
    }

    public Locale locale() {
        return Locale.forLanguageTag(config.getString(LOCALE).trim());
    }

    public List<FieldPath> partitionFields() {
        return fieldNames(config).stream().map(FieldPath::new).toList();
    }

    public ObjectNaming objectNaming() {
        return new ObjectNaming(topicsDir());
    }

    /** The configured extractor; {@code clock} serves Wallclock. */
    public TimestampExtractor timestampExtractor(Clock clock) {
        return switch (timestampExtractorType()) {
            case RECORD -> TimestampExtractor.record();
            case WALLCLOCK -> TimestampExtractor.wallclock(clock);
            case RECORD_FIELD -> TimestampExtractor.field(new FieldPath(config.getString(TIMESTAMP_FIELD)));
        };
    }

    /** The configured partitioner, with formatters and field paths compiled now. */
    public Partitioner partitioner(Clock clock) {
        ensureValid(config);
        PartitionerType type = partitionerType();
        return switch (type) {
            case DEFAULT -> new DefaultPartitioner();
            case FIELD -> new FieldPartitioner(partitionFields());
            case TIME, HOURLY, DAILY -> timePartitioner(type, clock);
            case TIME_FIELD -> new TimeAndFieldPartitioner(timePartitioner(type, clock),
                    new FieldPartitioner(partitionFields()));
        };
    }

    private TimeBasedPartitioner timePartitioner(PartitionerType type, Clock clock) {
        String pattern = type.fixedPathFormat().orElse(config.getString(PATH_FORMAT));
        long duration = type.fixedDurationMs() >= 0 ? type.fixedDurationMs() : config.getLong(PARTITION_DURATION_MS);
        return new TimeBasedPartitioner(new TimePathFormat(pattern, duration, locale(), timezone()),
                timestampExtractor(clock));
    }

    static String normalizeTopicsDir(String dir) {
        String d = dir == null ? "" : dir.trim();
        while (d.startsWith("/")) {
            d = d.substring(1);
        }
        while (d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        return d;
    }

    private static List<String> fieldNames(AbstractConfig config) {
        return config.getList(PARTITION_FIELD_NAME).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Object configValue(AbstractConfig config, String name) {
        Object value = config.originals().get(name);
        return value == null ? config.values().get(name) : value;
    }

    private static final ConfigDef.Validator TOPICS_DIR_VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        String dir = normalizeTopicsDir((String) value);
        if (dir.isEmpty()) {
            throw new ConfigException(name, value, name + " must not be empty");
        }
        if (HivePathEscaper.utf8Length(dir) > MAX_TOPICS_DIR_BYTES) {
            throw new ConfigException(name, value, name + " must be at most " + MAX_TOPICS_DIR_BYTES + " bytes");
        }
        for (String segment : dir.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7F || c == '\\')) {
                throw new ConfigException(name, value, name
                        + " must be '/'-separated non-empty names without '.', '..', '\\' or control characters");
            }
        }
    }, () -> "a non-empty S3 key prefix");

    private static final ConfigDef.Validator PARTITIONER_VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        if (PartitionerType.parse((String) value).isEmpty()) {
            throw new ConfigException(name, value, name + " must be one of " + PartitionerType.shortNames()
                    + " (or the matching Confluent or Tiered class name)");
        }
    }, () -> String.join(", ", PartitionerType.shortNames()));

    private static final ConfigDef.Validator EXTRACTOR_VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        if (TimestampExtractorType.parse((String) value).isEmpty()) {
            throw new ConfigException(name, value, name + " must be one of Record, RecordField, Wallclock");
        }
    }, () -> "Record, RecordField, Wallclock");

    private static final ConfigDef.Validator FIELDS_VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        for (Object item : (List<?>) value) {
            String path = item.toString().trim();
            if (!path.isEmpty()) {
                try {
                    new FieldPath(path);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, name + ": " + e.getMessage());
                }
            }
        }
    }, () -> "dotted field paths");

    private static final ConfigDef.Validator ZONE_VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        try {
            ZoneId.of(((String) value).trim());
        } catch (DateTimeException | NullPointerException e) {
            throw new ConfigException(name, value, name + " must be a time zone id such as UTC or Europe/Paris");
        }
    }, () -> "a time zone id");

    private static final ConfigDef.Validator LOCALE_VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        try {
            String tag = ((String) value).trim();
            if (tag.isEmpty()) {
                throw new IllformedLocaleException("empty");
            }
            new Locale.Builder().setLanguageTag(tag);
        } catch (IllformedLocaleException | NullPointerException e) {
            throw new ConfigException(name, value, name + " must be a BCP 47 language tag such as en or fr-FR");
        }
    }, () -> "a language tag");
}
