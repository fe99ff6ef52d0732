package dev.tiered.connect.datagen;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a connector configuration generates, worked out in-process: for tests that must know exactly how many events
 * are hot, or match a routing rule, and for benchmarks that want the connector's events without a worker.
 *
 * <pre>{@code
 * EventGeneratorPlan plan = EventGeneratorPlan.of(connectorConfig, 2);   // tasks.max = 2
 * long hot = plan.countHot();                                           // priority >= hot.threshold
 * long routedHot = plan.count(e -> e.priority() >= 0.9 || e.eventType() == EventType.FRAUD_SIGNAL);
 * }</pre>
 *
 * The connector always starts exactly {@code tasks.max} tasks; task {@code i} generates the sequence numbers
 * {@code 0} to {@link #maxEventsOfTask(int)}{@code - 1} of its own generator. Counting assumes every task ran from
 * sequence 0 to its share without its offsets being altered, and without {@code tasks.max} changing on the way.
 */
public final class EventGeneratorPlan {

    private final EventGeneratorConfig config;
    private final int taskCount;

    private EventGeneratorPlan(EventGeneratorConfig config, int taskCount) {
        if (taskCount < 1) {
            throw new IllegalArgumentException("tasks.max must be at least 1: " + taskCount);
        }
        this.config = config;
        this.taskCount = taskCount;
    }

    /**
     * @param connectorConfig the connector's configuration (keys Connect itself uses are ignored)
     * @param taskCount the connector's {@code tasks.max}
     */
    public static EventGeneratorPlan of(Map<String, String> connectorConfig, int taskCount) {
        return new EventGeneratorPlan(new EventGeneratorConfig(connectorConfig), taskCount);
    }

    public int taskCount() {
        return taskCount;
    }

    /** All tasks together, or {@link EventGeneratorConfig#UNBOUNDED}. */
    public long maxEvents() {
        return config.maxEvents();
    }

    /** See {@link TaskShares#maxEventsOfTask}. */
    public long maxEventsOfTask(int task) {
        return config.maxEventsOfTask(taskCount, task);
    }

    /** Each task's rate; 0 for no limit. */
    public double eventsPerSecondOfTask() {
        return config.eventsPerSecondOfTask(taskCount);
    }

    /** A new generator of task {@code task}'s events (wall-clock event times unless the config sets a start). */
    public ReferenceEventGenerator generatorForTask(int task) {
        return config.generatorForTask(task, System::currentTimeMillis);
    }

    /** How many of all the events are hot (priority at or above {@code hot.threshold}); cheap, no payloads. */
    public long countHot() {
        requireBounded();
        long hot = 0;
        for (int task = 0; task < taskCount; task++) {
            hot += generatorForTask(task).countHot(0, maxEventsOfTask(task));
        }
        return hot;
    }

    /** How many of all the events match; generates each one. */
    public long count(Predicate<ReferenceEvent> predicate) {
        long[] matches = {0};
        forEachEvent(event -> {
            if (predicate.test(event)) {
                matches[0]++;
            }
        });
        return matches[0];
    }

    /** Every event, task by task, each task's in sequence order. */
    public void forEachEvent(Consumer<ReferenceEvent> action) {
        requireBounded();
        for (int task = 0; task < taskCount; task++) {
            ReferenceEventGenerator generator = generatorForTask(task);
            long events = maxEventsOfTask(task);
            for (long sequence = 0; sequence < events; sequence++) {
                action.accept(generator.generate(sequence));
            }
        }
    }

    private void requireBounded() {
        if (config.maxEvents() < 0) {
            throw new IllegalStateException(EventGeneratorConfig.MAX_EVENTS_CONFIG + " is unbounded: nothing to count");
        }
    }
}
