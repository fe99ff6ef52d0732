package dev.tiered.connect.s3;

import dev.tiered.connect.s3.batch.RotationConfig;
import dev.tiered.connect.s3.layout.LayoutConfig;
import dev.tiered.connect.s3.parquet.ParquetFormatConfig;
import dev.tiered.connect.s3.storage.S3StorageConfig;
import dev.tiered.connect.s3.writer.NullValueBehavior;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The S3 Parquet sink's configuration: the storage, layout, rotation and Parquet fragments (each declared once in its
 * own package) plus the sink's own keys. Key names follow Confluent's S3 sink where the concept is the same.
 */
public final class S3SinkConfig extends AbstractConfig {

    public static final String BEHAVIOR_ON_NULL_VALUES = "behavior.on.null.values";
    public static final String BEHAVIOR_ON_INVALID_RECORDS = "behavior.on.invalid.records";
    public static final String CONDITIONAL_WRITES = "s3.conditional.writes.enabled";

    public static final String BEHAVIOR_ON_NULL_VALUES_DEFAULT = NullValueBehavior.IGNORE.configName();
    public static final String BEHAVIOR_ON_INVALID_RECORDS_DEFAULT = InvalidRecordBehavior.FAIL.configName();

    private static final String SINK_GROUP = "Sink";

    /** What happens to a record that cannot be converted or partitioned when no errant-record reporter is set. */
    public enum InvalidRecordBehavior {
        FAIL, SKIP;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ConfigDef CONFIG_DEF = configDef();

    public S3SinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        for (ConfigValue value : crossFieldValidation(this)) {
            if (!value.errorMessages().isEmpty()) {
                throw new ConfigException(value.name(), value.value(), value.errorMessages().get(0));
            }
        }
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        S3StorageConfig.addTo(def, "S3");
        LayoutConfig.addTo(def, "Layout");
        RotationConfig.addTo(def, "Rotation");
        ParquetFormatConfig.addTo(def, "Parquet");
        int order = 0;
        return def
                .define(BEHAVIOR_ON_NULL_VALUES, Type.STRING, BEHAVIOR_ON_NULL_VALUES_DEFAULT,
                        ConfigDef.CaseInsensitiveValidString.in(names(NullValueBehavior.values())), Importance.LOW,
                        "What to do with records whose value is null (tombstones): 'ignore' skips them, 'fail' "
                                + "stops the task.",
                        SINK_GROUP, ++order, Width.SHORT, "Behavior on null values")
                .define(BEHAVIOR_ON_INVALID_RECORDS, Type.STRING, BEHAVIOR_ON_INVALID_RECORDS_DEFAULT,
                        ConfigDef.CaseInsensitiveValidString.in(names(InvalidRecordBehavior.values())),
                        Importance.MEDIUM, "What to do with a record that cannot be converted to Parquet or placed in "
                                + "a partition when no dead letter queue or error log is configured "
                                + "(errors.deadletterqueue.topic.name, errors.log.enable): 'fail' stops the task, "
                                + "'skip' logs its topic, partition, offset and reason and goes on.",
                        SINK_GROUP, ++order, Width.SHORT, "Behavior on invalid records")
                .define(CONDITIONAL_WRITES, Type.BOOLEAN, true, Importance.LOW,
                        "Whether objects are created with If-None-Match, so a stale task cannot overwrite a batch "
                                + "another task committed; disable only for stores that reject the header.",
                        SINK_GROUP, ++order, Width.SHORT, "Conditional writes");
    }

    /** Checks that involve several keys; one {@link ConfigValue} per blamed key. */
    public static List<ConfigValue> crossFieldValidation(AbstractConfig config) {
        List<ConfigValue> results = new ArrayList<>();
        results.addAll(S3StorageConfig.crossFieldValidation(config));
        results.addAll(LayoutConfig.crossFieldValidation(config));
        return results;
    }

    public S3StorageConfig storage() {
        return new S3StorageConfig(this);
    }

    public LayoutConfig layout() {
        return new LayoutConfig(this);
    }

    public RotationConfig rotation() {
        return new RotationConfig(this);
    }

    public ParquetFormatConfig parquet() {
        return new ParquetFormatConfig(this);
    }

    public NullValueBehavior nullValueBehavior() {
        return NullValueBehavior.parse(getString(BEHAVIOR_ON_NULL_VALUES)).orElseThrow();
    }

    public InvalidRecordBehavior invalidRecordBehavior() {
        return InvalidRecordBehavior.valueOf(getString(BEHAVIOR_ON_INVALID_RECORDS).trim().toUpperCase(Locale.ROOT));
    }

    public boolean conditionalWrites() {
        return getBoolean(CONDITIONAL_WRITES);
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }
}
