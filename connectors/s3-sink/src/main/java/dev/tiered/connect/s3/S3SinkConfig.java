package dev.tiered.connect.s3;

import dev.tiered.connect.s3.batch.RotationConfig;
import dev.tiered.connect.s3.layout.LayoutConfig;
import dev.tiered.connect.s3.metrics.CostModel;
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
    public static final String MEMORY_BUDGET_BYTES = "memory.budget.bytes";
    public static final String LATENCY_PAUSE_THRESHOLD_MS = "s3.latency.pause.threshold.ms";
    public static final String LATENCY_WINDOW_MS = "s3.latency.window.ms";
    public static final String COST_PUT_REQUESTS_PER_1000 = "cost.put.requests.per.1000";
    public static final String COST_GET_REQUESTS_PER_1000 = "cost.get.requests.per.1000";
    public static final String COST_STORAGE_GB_MONTH = "cost.storage.gb.month";
    public static final String COST_LOG_INTERVAL_MS = "cost.log.interval.ms";

    public static final long MEMORY_BUDGET_BYTES_DEFAULT = 256L * 1024 * 1024;
    public static final long MIN_MEMORY_BUDGET_BYTES = 1024 * 1024;

    public static final String BEHAVIOR_ON_NULL_VALUES_DEFAULT = NullValueBehavior.IGNORE.configName();
    public static final String BEHAVIOR_ON_INVALID_RECORDS_DEFAULT = InvalidRecordBehavior.FAIL.configName();

    private static final String SINK_GROUP = "Sink";
    private static final String RESILIENCE_GROUP = "Resilience";
    private static final String COST_GROUP = "Cost";

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
                        SINK_GROUP, ++order, Width.SHORT, "Conditional writes")
                .define(MEMORY_BUDGET_BYTES, Type.LONG, MEMORY_BUDGET_BYTES_DEFAULT,
                        ConfigDef.Range.atLeast(MIN_MEMORY_BUDGET_BYTES), Importance.MEDIUM,
                        "Heap one task may hold in open files (Parquet row-group buffers and S3 part buffers); above "
                                + "it the largest open batch is committed early.",
                        RESILIENCE_GROUP, 1, Width.MEDIUM, "Memory budget")
                .define(LATENCY_PAUSE_THRESHOLD_MS, Type.LONG, 500L, Importance.MEDIUM,
                        "Mean S3 request latency in ms over the window above which the task pauses its partitions "
                                + "until S3 answers in time again; 0 or less disables the breaker.",
                        RESILIENCE_GROUP, 2, Width.SHORT, "Latency pause threshold")
                .define(LATENCY_WINDOW_MS, Type.LONG, 30_000L, ConfigDef.Range.between(1_000, 3_600_000),
                        Importance.LOW, "Sliding window in ms over which S3 latency is averaged for the breaker.",
                        RESILIENCE_GROUP, 3, Width.SHORT, "Latency window")
                .define(COST_PUT_REQUESTS_PER_1000, Type.DOUBLE, CostModel.PUT_PER_1000_DEFAULT,
                        ConfigDef.Range.atLeast(0), Importance.LOW,
                        "USD per 1,000 PUT, COPY, POST or LIST requests, for the cost metrics (default: S3 Standard, "
                                + "us-east-1).",
                        COST_GROUP, 1, Width.SHORT, "Price of PUT requests")
                .define(COST_GET_REQUESTS_PER_1000, Type.DOUBLE, CostModel.GET_PER_1000_DEFAULT,
                        ConfigDef.Range.atLeast(0), Importance.LOW,
                        "USD per 1,000 GET or HEAD requests, for the cost metrics (default: S3 Standard, us-east-1).",
                        COST_GROUP, 2, Width.SHORT, "Price of GET requests")
                .define(COST_STORAGE_GB_MONTH, Type.DOUBLE, CostModel.STORAGE_GB_MONTH_DEFAULT,
                        ConfigDef.Range.atLeast(0), Importance.LOW,
                        "USD per GB-month of storage, for the cost metrics (default: S3 Standard, us-east-1).",
                        COST_GROUP, 3, Width.SHORT, "Price of storage")
                .define(COST_LOG_INTERVAL_MS, Type.LONG, 60_000L, Importance.LOW,
                        "How often in ms each task logs a summary of what it wrote and what it cost; 0 or less "
                                + "disables the log line.",
                        COST_GROUP, 4, Width.SHORT, "Cost log interval");
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

    public long memoryBudgetBytes() {
        return getLong(MEMORY_BUDGET_BYTES);
    }

    public long latencyPauseThresholdMs() {
        return getLong(LATENCY_PAUSE_THRESHOLD_MS);
    }

    public long latencyWindowMs() {
        return getLong(LATENCY_WINDOW_MS);
    }

    public CostModel costModel() {
        return new CostModel(getDouble(COST_PUT_REQUESTS_PER_1000), getDouble(COST_GET_REQUESTS_PER_1000),
                getDouble(COST_STORAGE_GB_MONTH));
    }

    public long costLogIntervalMs() {
        return getLong(COST_LOG_INTERVAL_MS);
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }
}
