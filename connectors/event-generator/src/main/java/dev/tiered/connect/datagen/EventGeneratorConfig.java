package dev.tiered.connect.datagen;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import dev.tiered.connect.common.config.Validators;

/**
 * The configuration of {@link EventGeneratorSourceConnector}: its {@link #CONFIG_DEF}, and the same keys plus the
 * task's id and the number of tasks for {@link EventGeneratorSourceTask} ({@link #TASK_CONFIG_DEF}).
 */
public final class EventGeneratorConfig extends AbstractConfig {

    public static final String TOPIC_CONFIG = "topic";
    public static final String VALUE_FORMAT_CONFIG = "value.format";
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final String EVENTS_PER_SECOND_CONFIG = "events.per.second";
    public static final String MAX_EVENTS_CONFIG = "max.events";
    public static final String SEED_CONFIG = "seed";
    public static final String HOT_SHARE_CONFIG = "hot.share";
    public static final String HOT_THRESHOLD_CONFIG = "hot.threshold";
    public static final String EVENT_TYPE_WEIGHTS_CONFIG = "event.type.weights";
    public static final String EVENT_TIME_START_CONFIG = "event.time.start";
    public static final String EVENT_TIME_STEP_MS_CONFIG = "event.time.step.ms";

    /** Set by the connector in each task's configuration: the task's number, from 0. */
    public static final String TASK_ID_CONFIG = "task.id";
    /** Set by the connector in each task's configuration: how many tasks share the work. */
    public static final String TASK_COUNT_CONFIG = "task.count";

    public static final String FORMAT_SCHEMALESS = "schemaless";
    public static final String FORMAT_STRUCT = "struct";

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final double DEFAULT_EVENTS_PER_SECOND = 1_000.0;
    public static final long UNBOUNDED = -1L;
    public static final double DEFAULT_EVENT_TIME_STEP_MS = 1.0;

    private static final String OUTPUT_GROUP = "Output";
    private static final String VOLUME_GROUP = "Volume";
    private static final String CONTENT_GROUP = "Content";
    private static final String TIME_GROUP = "Event time";
    private static final String TASK_GROUP = "Task (set by the connector)";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.TOPIC_NAME, Importance.HIGH,
                    "The topic the events are written to.",
                    OUTPUT_GROUP, 1, Width.MEDIUM, "Topic")
            .define(VALUE_FORMAT_CONFIG, Type.STRING, FORMAT_SCHEMALESS,
                    ConfigDef.CaseInsensitiveValidString.in(FORMAT_SCHEMALESS, FORMAT_STRUCT), Importance.MEDIUM,
                    "'schemaless' emits each event as a Map with event_time as ISO-8601 text (for JsonConverter with"
                            + " schemas.enable=false), 'struct' as a Struct with the schema "
                            + ReferenceEventSchema.VALUE_SCHEMA_NAME + " and event_time as a Connect Timestamp.",
                    OUTPUT_GROUP, 2, Width.SHORT, "Value format")
            .define(BATCH_SIZE_CONFIG, Type.INT, DEFAULT_BATCH_SIZE, ConfigDef.Range.between(1, 100_000),
                    Importance.LOW,
                    "The most records a task returns from one poll.",
                    OUTPUT_GROUP, 3, Width.SHORT, "Batch size")
            .define(EVENTS_PER_SECOND_CONFIG, Type.DOUBLE, DEFAULT_EVENTS_PER_SECOND, Validators.atLeastFinite(0.0),
                    Importance.HIGH,
                    "The events per second of all tasks together, each task producing an equal share; 0 for as fast"
                            + " as the worker takes them.",
                    VOLUME_GROUP, 1, Width.SHORT, "Events per second")
            .define(MAX_EVENTS_CONFIG, Type.LONG, UNBOUNDED, ConfigDef.Range.atLeast(UNBOUNDED), Importance.HIGH,
                    "The events of all tasks together before the tasks go idle (task i of n generates max.events / n,"
                            + " plus one if i < max.events % n); -1 for no limit.",
                    VOLUME_GROUP, 2, Width.SHORT, "Max events")
            .define(SEED_CONFIG, Type.LONG, ReferenceEventGenerator.DEFAULT_SEED,
                    ConfigDef.Range.between(Long.MIN_VALUE, Long.MAX_VALUE), Importance.MEDIUM,
                    "The seed from which every event is derived: the same seed, task and sequence number always give"
                            + " the same event, so restarts replay identically.",
                    CONTENT_GROUP, 1, Width.SHORT, "Seed")
            .define(HOT_SHARE_CONFIG, Type.DOUBLE, ReferenceEventGenerator.DEFAULT_HOT_SHARE,
                    Validators.between(0.0, 1.0), Importance.HIGH,
                    "The fraction of events whose priority is at or above hot.threshold; payment, surge_price and"
                            + " fraud_signal events are much more likely to be hot than the others.",
                    CONTENT_GROUP, 2, Width.SHORT, "Hot share")
            .define(HOT_THRESHOLD_CONFIG, Type.DOUBLE, ReferenceEventGenerator.DEFAULT_HOT_THRESHOLD,
                    GeneratorValidators.ABOVE_ZERO_AT_MOST_ONE, Importance.MEDIUM,
                    "The priority at or above which an event counts as hot: set it to the router's hot.threshold.",
                    CONTENT_GROUP, 3, Width.SHORT, "Hot threshold")
            .define(EVENT_TYPE_WEIGHTS_CONFIG, Type.LIST, "", GeneratorValidators.EVENT_TYPE_WEIGHTS, Importance.LOW,
                    "Overrides of the default event type mix as <event_type>:<weight> entries, such as"
                            + " 'fraud_signal:10,page_view:0'; unlisted types keep their default weight (they add up"
                            + " to 100) and 0 turns a type off.",
                    CONTENT_GROUP, 4, Width.LONG, "Event type weights")
            .define(EVENT_TIME_START_CONFIG, Type.STRING, "", GeneratorValidators.INSTANT_OR_EMPTY, Importance.MEDIUM,
                    "Empty for event times from the wall clock at generation; an ISO-8601 instant such as"
                            + " 2026-01-01T00:00:00Z for synthetic, repeatable times: event n of each task is at"
                            + " start + n * event.time.step.ms.",
                    TIME_GROUP, 1, Width.MEDIUM, "Synthetic time start")
            .define(EVENT_TIME_STEP_MS_CONFIG, Type.DOUBLE, DEFAULT_EVENT_TIME_STEP_MS, Validators.atLeastFinite(0.0),
                    Importance.LOW,
                    "The milliseconds (fractions allowed) between consecutive events of a task when"
                            + " event.time.start is set.",
                    TIME_GROUP, 2, Width.SHORT, "Synthetic time step");

    public static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .define(TASK_ID_CONFIG, Type.INT, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "The task's number, from 0: its events are its own sequence, under its own source partition.",
                    TASK_GROUP, 1, Width.SHORT, "Task id")
            .define(TASK_COUNT_CONFIG, Type.INT, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "How many tasks share events.per.second and max.events.",
                    TASK_GROUP, 2, Width.SHORT, "Task count");

    private final EventTypeMix mix;

    /** A connector configuration. */
    public EventGeneratorConfig(Map<?, ?> originals) {
        this(CONFIG_DEF, originals);
    }

    private EventGeneratorConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals, false);
        mix = EventTypeMix.parse(getList(EVENT_TYPE_WEIGHTS_CONFIG));
    }

    /** A task configuration: the connector's keys plus {@value #TASK_ID_CONFIG} and {@value #TASK_COUNT_CONFIG}. */
    public static EventGeneratorConfig forTask(Map<?, ?> originals) {
        EventGeneratorConfig config = new EventGeneratorConfig(TASK_CONFIG_DEF, originals);
        if (config.taskId() >= config.taskCount()) {
            throw new ConfigException(TASK_ID_CONFIG, config.taskId(), "must be less than " + TASK_COUNT_CONFIG
                    + " (" + config.taskCount() + ")");
        }
        return config;
    }

    public String topic() {
        return getString(TOPIC_CONFIG).trim();
    }

    public boolean structValues() {
        return FORMAT_STRUCT.equals(getString(VALUE_FORMAT_CONFIG).toLowerCase(Locale.ROOT));
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }

    /** All tasks together; 0 for no limit. */
    public double eventsPerSecond() {
        return getDouble(EVENTS_PER_SECOND_CONFIG);
    }

    /** All tasks together; {@value #UNBOUNDED} for no limit. */
    public long maxEvents() {
        return getLong(MAX_EVENTS_CONFIG);
    }

    public long seed() {
        return getLong(SEED_CONFIG);
    }

    public double hotShare() {
        return getDouble(HOT_SHARE_CONFIG);
    }

    public double hotThreshold() {
        return getDouble(HOT_THRESHOLD_CONFIG);
    }

    public EventTypeMix eventTypeMix() {
        return mix;
    }

    /** The start of synthetic event time, or null for the wall clock. */
    public Instant eventTimeStart() {
        String start = getString(EVENT_TIME_START_CONFIG).trim();
        return start.isEmpty() ? null : Instant.parse(start);
    }

    public double eventTimeStepMillis() {
        return getDouble(EVENT_TIME_STEP_MS_CONFIG);
    }

    /** Only in a task configuration. */
    public int taskId() {
        return getInt(TASK_ID_CONFIG);
    }

    /** Only in a task configuration. */
    public int taskCount() {
        return getInt(TASK_COUNT_CONFIG);
    }

    /** The events of task {@code task} of {@code taskCount}; see {@link TaskShares#maxEventsOfTask}. */
    public long maxEventsOfTask(int taskCount, int task) {
        return TaskShares.maxEventsOfTask(maxEvents(), taskCount, task);
    }

    /** See {@link TaskShares#eventsPerSecondOfTask}. */
    public double eventsPerSecondOfTask(int taskCount) {
        return TaskShares.eventsPerSecondOfTask(eventsPerSecond(), taskCount);
    }

    /** The event clock: synthetic when {@value #EVENT_TIME_START_CONFIG} is set, else this wall clock. */
    public EventClock eventClock(LongSupplier wallClockMillis) {
        Instant start = eventTimeStart();
        return start == null ? EventClock.wallClock(wallClockMillis)
                : EventClock.synthetic(start, eventTimeStepMillis());
    }

    /** The generator of task {@code task}'s events. */
    public ReferenceEventGenerator generatorForTask(int task, LongSupplier wallClockMillis) {
        return ReferenceEventGenerator.builder()
                .seed(seed())
                .task(task)
                .hotShare(hotShare())
                .hotThreshold(hotThreshold())
                .mix(mix)
                .clock(eventClock(wallClockMillis))
                .build();
    }

    /** Validators for single keys; each message names the key (ConfigException does). */
    static final class GeneratorValidators {

        // Kafka's own rule for topic names (org.apache.kafka.common.internals.Topic, which is not public API).
        static final ConfigDef.Validator ABOVE_ZERO_AT_MOST_ONE = ConfigDef.LambdaValidator.with((name, value) -> {
            double number = (Double) value;
            if (!(number > 0.0 && number <= 1.0)) {
                throw new ConfigException(name, value, "must be above 0 and at most 1");
            }
        }, () -> "(0,...,1]");

        static final ConfigDef.Validator EVENT_TYPE_WEIGHTS = ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                @SuppressWarnings("unchecked")
                List<String> entries = (List<String>) value;
                EventTypeMix.parse(entries);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }, () -> "comma-separated <event_type>:<weight> entries, such as fraud_signal:10");

        static final ConfigDef.Validator INSTANT_OR_EMPTY = ConfigDef.LambdaValidator.with((name, value) -> {
            String text = value == null ? "" : value.toString().trim();
            if (!text.isEmpty()) {
                try {
                    Instant.parse(text);
                } catch (DateTimeParseException e) {
                    throw new ConfigException(name, value, "must be empty (wall clock) or an ISO-8601 instant in"
                            + " UTC such as 2026-01-01T00:00:00Z");
                }
            }
        }, () -> "empty, or an ISO-8601 instant such as 2026-01-01T00:00:00Z");

        private GeneratorValidators() {
        }

    }
}
