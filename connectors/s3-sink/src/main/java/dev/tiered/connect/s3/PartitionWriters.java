package dev.tiered.connect.s3;

import dev.tiered.connect.s3.resilience.LatencyBreaker;
import dev.tiered.connect.s3.storage.S3StorageException;
import dev.tiered.connect.s3.writer.TopicPartitionWriter;
import dev.tiered.connect.s3.writer.WriterContext;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's partition writers and the decisions that span them: which batch to commit early when the memory budget
 * is exceeded, which partitions to pause (a writer broken by an S3 failure until its repair succeeds; all of them
 * while the latency breaker is open), when to retry a repair, and when the worker must call back. Works through a
 * {@link Control} so it runs without a Connect worker. Not thread-safe: the task thread owns it.
 */
public final class PartitionWriters {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionWriters.class);
    static final long MIN_WAKEUP_MS = 50;
    static final long REPAIR_BACKOFF_MS = 500;
    static final long REPAIR_MAX_BACKOFF_MS = 15_000;
    static final long PROBE_INTERVAL_MS = 1_000;

    /** What the writers need from Connect, i.e. from {@code SinkTaskContext}. */
    public interface Control {
        void seek(TopicPartition tp, long offset);

        void pause(Collection<TopicPartition> partitions);

        void resume(Collection<TopicPartition> partitions);

        void requestCommit();

        /** The worker should call {@code put()} again within this many ms even without records. */
        void wakeUpIn(long millis);
    }

    private record Repair(long dueAtMillis, int attempts) { }

    private final WriterContext context;
    private final LatencyBreaker breaker;
    private final Clock clock;
    private final Map<TopicPartition, TopicPartitionWriter> writers = new LinkedHashMap<>();
    private final Map<TopicPartition, Repair> repairs = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private long pausedSinceMillis = -1;
    private long pausedMillisTotal;
    private long lastProbeMillis;
    private long failures;

    public PartitionWriters(WriterContext context, LatencyBreaker breaker, Clock clock) {
        this.context = context;
        this.breaker = breaker;
        this.clock = clock;
    }

    /** New partitions: recover each one's position from S3 and seek there (or pause it until S3 can be read). */
    public void open(Collection<TopicPartition> partitions, Control control) {
        // Connect remembers the partitions a task paused across a rebalance and pauses them again when they come
        // back to the same task, before open(); this task forgot them in close(). Resume them all here, so a
        // partition paused during an S3 outage is not left paused forever; updatePauses pauses what must be.
        if (!partitions.isEmpty()) {
            control.resume(partitions);
        }
        for (TopicPartition tp : partitions) {
            TopicPartitionWriter writer = new TopicPartitionWriter(tp, context);
            writers.put(tp, writer);
            long resume = writer.recover();
            if (writer.broken()) {
                scheduleRepair(tp, 0);
            } else if (resume >= 0) {
                control.seek(tp, resume);
            }
        }
        updatePauses(control);
    }

    /** Partitions revoked: their open batches are discarded (the next owner writes them again from Kafka). */
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            TopicPartitionWriter writer = writers.remove(tp);
            if (writer != null) {
                writer.abort();
            }
            repairs.remove(tp);
            paused.remove(tp);
        }
    }

    public void put(Collection<SinkRecord> records, Control control) {
        for (TopicPartitionWriter writer : writers.values()) {
            writer.newPoll();
        }
        for (SinkRecord record : records) {
            // The partition Connect assigned, whatever topic (or partition) the connector's SMTs gave the record.
            TopicPartition tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            TopicPartitionWriter writer = writers.get(tp);
            if (writer == null) {
                throw new ConnectException("Received a record of " + tp + ", which is not assigned to this task");
            }
            boolean wasBroken = writer.broken();
            writer.write(record);
            if (!wasBroken && writer.broken()) {
                failures++;
                scheduleRepair(tp, 0);
            }
            if (context.memory().exceeded()) {
                enforceMemoryBudget();
            }
            // The peak is what the task let stand after each record, also while the budget was never exceeded.
            context.memory().settled();
        }
        tick(control);
    }

    /**
     * Everything that depends on time rather than records: due batches, repairs, the breaker, and the next wake-up.
     * Called from {@code put()} (also with no records) and {@code preCommit()}.
     */
    public void tick(Control control) {
        long now = clock.millis();
        long nextWakeUp = Long.MAX_VALUE;
        for (Map.Entry<TopicPartition, TopicPartitionWriter> entry : writers.entrySet()) {
            TopicPartitionWriter writer = entry.getValue();
            if (!writer.broken() && writer.commitIfDue()) {
                control.requestCommit();
            }
            if (writer.broken() && !repairs.containsKey(entry.getKey())) {
                failures++;
                scheduleRepair(entry.getKey(), 0);
            }
            nextWakeUp = Math.min(nextWakeUp, writer.nextDeadline());
        }
        for (Map.Entry<TopicPartition, Repair> entry : List.copyOf(repairs.entrySet())) {
            Repair repair = entry.getValue();
            if (repair.dueAtMillis() <= now) {
                attemptRepair(entry.getKey(), repair, control);
            }
            Repair pending = repairs.get(entry.getKey());
            if (pending != null) {
                nextWakeUp = Math.min(nextWakeUp, pending.dueAtMillis());
            }
        }
        if (breaker.enabled()) {
            if (breaker.isOpen() && now - lastProbeMillis >= PROBE_INTERVAL_MS) {
                probe();
            }
            boolean wasOpen = breaker.isOpen();
            boolean open = breaker.evaluate();
            if (open != wasOpen) {
                LOG.warn(open ? "S3 latency {} ms over the last window exceeds {} ms: pausing all partitions"
                                : "S3 latency back to {} ms (threshold {} ms): resuming partitions",
                        Math.round(breaker.meanLatencyMillis()), breaker.thresholdMillis());
            }
            if (open) {
                nextWakeUp = Math.min(nextWakeUp, now + PROBE_INTERVAL_MS);
            }
        }
        updatePauses(control);
        if (nextWakeUp != Long.MAX_VALUE) {
            control.wakeUpIn(Math.max(MIN_WAKEUP_MS, nextWakeUp - now));
        }
    }

    /** Per partition, the offset below which everything is in completed S3 objects. */
    public Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        for (Map.Entry<TopicPartition, TopicPartitionWriter> entry : writers.entrySet()) {
            OptionalLong offset = entry.getValue().offsetToCommit();
            if (offset.isPresent()) {
                committable.put(entry.getKey(), new OffsetAndMetadata(offset.getAsLong()));
            }
        }
        return committable;
    }

    public void abortAll() {
        for (TopicPartitionWriter writer : writers.values()) {
            writer.abort();
        }
        writers.clear();
        repairs.clear();
        paused.clear();
    }

    /** Milliseconds during which at least one partition was paused by this task (breaker or repair). */
    public long pausedMillis() {
        return pausedMillisTotal + (pausedSinceMillis >= 0 ? clock.millis() - pausedSinceMillis : 0);
    }

    public int pausedPartitions() {
        return paused.size();
    }

    /** S3 failures that broke a partition's batch (each later repaired or still pending). */
    public long failures() {
        return failures;
    }

    private void enforceMemoryBudget() {
        while (context.memory().exceeded()) {
            TopicPartitionWriter largest = null;
            for (TopicPartitionWriter writer : writers.values()) {
                if (!writer.broken() && writer.heapBytes() > 0
                        && (largest == null || writer.heapBytes() > largest.heapBytes())) {
                    largest = writer;
                }
            }
            if (largest == null || !largest.commitForMemory()) {
                break;
            }
            context.memory().earlyCommit();
            if (largest.broken()) {
                failures++;
                scheduleRepair(largest.topicPartition(), 0);
            }
        }
        context.memory().settled();
    }

    private void attemptRepair(TopicPartition tp, Repair repair, Control control) {
        TopicPartitionWriter writer = writers.get(tp);
        if (writer == null) {
            repairs.remove(tp);
            return;
        }
        OptionalLong seek = writer.repair();
        if (seek.isEmpty()) {
            scheduleRepair(tp, repair.attempts() + 1);
            if (repair.attempts() % 10 == 0) {
                LOG.warn("{} still cannot reach S3 after {} attempt(s): {}", tp, repair.attempts() + 1,
                        writer.brokenReason());
            }
            return;
        }
        repairs.remove(tp);
        if (seek.getAsLong() >= 0) {
            control.seek(tp, seek.getAsLong());
        }
    }

    private void scheduleRepair(TopicPartition tp, int attempts) {
        long backoff = Math.min(REPAIR_MAX_BACKOFF_MS, REPAIR_BACKOFF_MS << Math.min(attempts, 10));
        long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        repairs.put(tp, new Repair(clock.millis() + jittered, attempts));
    }

    private void probe() {
        lastProbeMillis = clock.millis();
        try {
            context.objects().probe();
        } catch (S3StorageException e) {
            LOG.debug("S3 probe failed: {}", e.getMessage());
        }
    }

    private void updatePauses(Control control) {
        Set<TopicPartition> wanted = new HashSet<>();
        for (Map.Entry<TopicPartition, TopicPartitionWriter> entry : writers.entrySet()) {
            if (breaker.isOpen() || entry.getValue().broken()) {
                wanted.add(entry.getKey());
            }
        }
        Set<TopicPartition> toPause = new HashSet<>(wanted);
        toPause.removeAll(paused);
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(wanted);
        if (!toPause.isEmpty()) {
            control.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            control.resume(toResume);
        }
        paused.clear();
        paused.addAll(wanted);
        long now = clock.millis();
        if (!paused.isEmpty() && pausedSinceMillis < 0) {
            pausedSinceMillis = now;
        } else if (paused.isEmpty() && pausedSinceMillis >= 0) {
            pausedMillisTotal += now - pausedSinceMillis;
            pausedSinceMillis = -1;
        }
    }
}
