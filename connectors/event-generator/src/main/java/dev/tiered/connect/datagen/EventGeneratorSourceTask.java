package dev.tiered.connect.datagen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tiered.connect.common.PackVersion;

/**
 * Emits one task's share of the reference events: sequence numbers from where the task's stored offset left off,
 * up to its share of {@code max.events}, at its share of {@code events.per.second}.
 */
public class EventGeneratorSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(EventGeneratorSourceTask.class);

    /** The longest a poll waits, so the worker gets control back often and a stop is never held up. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final TaskTime time;
    private final CountDownLatch stopping = new CountDownLatch(1);

    private String topic;
    private boolean structValues;
    private int batchSize;
    private long maxEvents;
    private Map<String, Object> partition;
    private ReferenceEventGenerator generator;
    private Pacer pacer;
    private long nextSequence;
    private boolean reportedDone;

    public EventGeneratorSourceTask() {
        this(TaskTime.SYSTEM);
    }

    EventGeneratorSourceTask(TaskTime time) {
        this.time = time;
    }

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        EventGeneratorConfig config = EventGeneratorConfig.forTask(props);
        int task = config.taskId();
        int taskCount = config.taskCount();
        topic = config.topic();
        structValues = config.structValues();
        batchSize = config.batchSize();
        maxEvents = config.maxEventsOfTask(taskCount, task);
        double eventsPerSecond = config.eventsPerSecondOfTask(taskCount);
        pacer = eventsPerSecond > 0 ? new Pacer(eventsPerSecond, time) : null;
        generator = config.generatorForTask(task, time::currentTimeMillis);
        partition = SourceOffsets.partition(config.seed(), task);
        nextSequence = SourceOffsets.nextSequence(context.offsetStorageReader().offset(partition));
        reportedDone = false;
        log.info("Event generator task {} of {} starting at sequence {} of {} ({}), {} events/s, hot share {},"
                        + " event time {}, {} values to topic {}", task, taskCount, nextSequence,
                maxEvents < 0 ? "unbounded" : maxEvents, partition, eventsPerSecond > 0 ? eventsPerSecond : "max",
                config.hotShare(), generator.clock(), structValues ? "struct" : "schemaless", topic);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (stopping.getCount() == 0) {
            return null;
        }
        long remaining = maxEvents < 0 ? Long.MAX_VALUE : maxEvents - nextSequence;
        if (remaining <= 0) {
            if (!reportedDone) {
                log.info("Event generator task {} has generated all its {} events and is idle", generator.task(),
                        maxEvents);
                reportedDone = true;
            }
            // Idles without spinning, until stopped.
            time.await(stopping, MAX_WAIT_NANOS);
            return null;
        }
        int count = (int) Math.min(batchSize, remaining);
        if (pacer != null) {
            count = pacer.take(count);
            if (count == 0) {
                if (time.await(stopping, Math.min(pacer.nanosUntilNext(), MAX_WAIT_NANOS))) {
                    return null;
                }
                count = pacer.take((int) Math.min(batchSize, remaining));
                if (count == 0) {
                    return null;
                }
            }
        }
        List<SourceRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(record(generator.generate(nextSequence)));
            nextSequence++;
        }
        return records;
    }

    @Override
    public void stop() {
        stopping.countDown();
    }

    private SourceRecord record(ReferenceEvent event) {
        if (log.isTraceEnabled()) {
            log.trace("Generated {}", event);
        }
        Schema valueSchema = structValues ? ReferenceEventSchema.VALUE_SCHEMA : null;
        Object value = structValues ? event.toStruct() : event.toMap();
        return new SourceRecord(partition, SourceOffsets.offset(event.sequence()), topic, null,
                ReferenceEventSchema.KEY_SCHEMA, event.userId(), valueSchema, value, event.eventTimeMillis());
    }

    /** The next sequence number this task will generate. */
    long nextSequence() {
        return nextSequence;
    }
}
