package dev.tiered.connect.s3;

import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.s3.layout.LayoutConfig;
import dev.tiered.connect.s3.metrics.SinkMetrics;
import dev.tiered.connect.s3.parquet.ParquetFormatConfig;
import dev.tiered.connect.s3.parquet.RecordRowConverter;
import dev.tiered.connect.s3.resilience.LatencyBreaker;
import dev.tiered.connect.s3.resilience.MemoryBudget;
import dev.tiered.connect.s3.storage.RequestCounter;
import dev.tiered.connect.s3.storage.S3ClientFactory;
import dev.tiered.connect.s3.storage.S3ClientFactory.S3Clients;
import dev.tiered.connect.s3.storage.S3Objects;
import dev.tiered.connect.s3.writer.BadRecordHandler;
import dev.tiered.connect.s3.writer.WriterContext;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task of the S3 sink. Wires Connect's callbacks to {@link PartitionWriters}: {@code open} recovers each
 * partition's position from S3 and seeks there, {@code put} writes and commits batches whose limits are reached,
 * {@code preCommit} reports only offsets whose records are in completed objects, {@code close} discards open batches
 * (the next owner writes them again from Kafka). S3 failures pause the affected partitions until a repair succeeds;
 * slow S3 pauses them all.
 */
public class S3ParquetSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(S3ParquetSinkTask.class);

    private final Clock clock = Clock.systemUTC();
    private S3Clients clients;
    private PartitionWriters writers;
    private SinkMetrics metrics;
    private MemoryBudget memory;
    private LatencyBreaker breaker;
    private long costLogIntervalMs;
    private long nextCostLogMs;
    /** Why put() failed for good (a configuration decision, not S3): no offset is committed after it. */
    private ConnectException fatal;
    /**
     * Partitions this task asked Connect to seek since the end of the last {@code put()}. Connect applies seeks only
     * at its next poll; a seek asked for while a partition is being revoked (in the {@code preCommit} Connect calls
     * before {@code close}) would then hit a partition the consumer no longer owns and kill the task, so
     * {@code close} cancels those.
     */
    private final Set<TopicPartition> soughtSincePut = new HashSet<>();

    private final PartitionWriters.Control control = new PartitionWriters.Control() {
        @Override
        public void seek(TopicPartition tp, long offset) {
            context.offset(tp, offset);
            soughtSincePut.add(tp);
        }

        @Override
        public void pause(Collection<TopicPartition> partitions) {
            context.pause(partitions.toArray(TopicPartition[]::new));
        }

        @Override
        public void resume(Collection<TopicPartition> partitions) {
            context.resume(partitions.toArray(TopicPartition[]::new));
        }

        @Override
        public void requestCommit() {
            context.requestCommit();
        }

        @Override
        public void wakeUpIn(long millis) {
            context.timeout(millis);
        }
    };

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        S3SinkConfig config = new S3SinkConfig(props);
        clients = S3ClientFactory.create(config.storage());
        metrics = new SinkMetrics(config.costModel());
        memory = new MemoryBudget(config.memoryBudgetBytes());
        breaker = new LatencyBreaker(config.latencyPauseThresholdMs(), config.latencyWindowMs(), 3, clock::millis);
        S3Objects objects = new S3Objects(clients.s3(), config.storage().bucketName(),
                RequestCounter.tee(metrics, breaker), config.storage().writeOptions());
        LayoutConfig layout = config.layout();
        ParquetFormatConfig parquet = config.parquet();
        WriterContext writerContext = new WriterContext(layout.objectNaming(), layout.partitioner(clock),
                layout.timestampExtractor(clock), new RecordRowConverter(parquet.conversionOptions()),
                parquet.writerSettings(), config.rotation().policy(clock), objects, config.storage().partSize(),
                config.conditionalWrites(), config.nullValueBehavior(), badRecordHandler(config), metrics,
                Map.of("writer", "tiered-connect-s3-sink " + PackVersion.get()), clock, memory);
        writers = new PartitionWriters(writerContext, breaker, clock);
        costLogIntervalMs = config.costLogIntervalMs();
        nextCostLogMs = clock.millis() + costLogIntervalMs;
        registerMetrics();
        LOG.info("S3 sink task started: s3://{}/{}/, partitioner {}, flush.size {}, rotate.schedule.interval.ms {}, "
                        + "memory budget {} MiB", objects.bucket(), layout.topicsDir(),
                layout.partitionerType().shortName(), config.rotation().flushSize(),
                config.rotation().rotateScheduleIntervalMs(), memory.budgetBytes() / (1024 * 1024));
    }

    private void registerMetrics() {
        if (context == null || context.pluginMetrics() == null) {
            return;
        }
        try {
            metrics.register(context.pluginMetrics(), writers::pausedMillis, writers::pausedPartitions,
                    memory::usedBytes, memory::peakBytes, memory.budgetBytes(), breaker::meanLatencyMillis,
                    breaker::trips);
        } catch (UnsupportedOperationException | NoSuchMethodError e) {
            LOG.info("This worker offers no plugin metrics; cost figures are only logged");
        }
    }

    private BadRecordHandler badRecordHandler(S3SinkConfig config) {
        ErrantRecordReporter reporter = context == null ? null : context.errantRecordReporter();
        boolean skip = config.invalidRecordBehavior() == S3SinkConfig.InvalidRecordBehavior.SKIP;
        return (record, reason) -> {
            // Where it was read: an SMT may have renamed the topic to one that does not exist in Kafka.
            String where = record.originalTopic() + "-" + record.originalKafkaPartition() + " offset "
                    + record.originalKafkaOffset();
            if (reporter != null) {
                LOG.warn("Reporting record {} as errant: {}", where, reason.getMessage());
                reporter.report(record, reason);
            } else if (skip) {
                LOG.warn("Skipping record {} ({}=skip): {}", where, S3SinkConfig.BEHAVIOR_ON_INVALID_RECORDS,
                        reason.getMessage());
            } else {
                throw new ConnectException("Cannot write record " + where + ": " + reason.getMessage()
                        + ". To go on without it, route such records to a dead letter queue (errors.tolerance=all, "
                        + "errors.deadletterqueue.topic.name) or set " + S3SinkConfig.BEHAVIOR_ON_INVALID_RECORDS
                        + "=skip", reason);
            }
        };
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        writers.open(partitions, control);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        try {
            writers.put(records, control);
            // Seeks asked for up to here are applied at Connect's next poll, before any rebalance can revoke them.
            soughtSincePut.clear();
        } catch (RuntimeException e) {
            // A record the configuration says must stop the task. Connect still calls preCommit while closing the
            // failed task; the writer has moved past that record, so no offset may be committed after this.
            fatal = e instanceof ConnectException ce ? ce : new ConnectException(e.getMessage(), e);
            throw e;
        }
        logCostsIfDue();
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (fatal != null) {
            return Map.of();
        }
        writers.tick(control);
        return writers.offsetsToCommit();
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (writers != null) {
            writers.close(partitions);
        }
        // A null offset makes Connect skip the seek (it logs "Cannot rewind ... to null offset") instead of failing.
        Map<TopicPartition, Long> cancelled = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (soughtSincePut.remove(tp)) {
                cancelled.put(tp, null);
            }
        }
        if (!cancelled.isEmpty()) {
            context.offset(cancelled);
        }
    }

    @Override
    public void stop() {
        if (writers != null) {
            writers.abortAll();
        }
        if (clients != null) {
            clients.close();
            clients = null;
        }
        if (metrics != null) {
            LOG.info("S3 sink task stopped: {}", metrics.summary());
        }
    }

    private void logCostsIfDue() {
        if (costLogIntervalMs > 0 && clock.millis() >= nextCostLogMs) {
            nextCostLogMs = clock.millis() + costLogIntervalMs;
            LOG.info("S3 sink: {}; memory {} of {} MiB (peak {}), {} partition(s) paused, {} ms paused in total",
                    metrics.summary(), memory.usedBytes() / (1024 * 1024), memory.budgetBytes() / (1024 * 1024),
                    memory.peakBytes() / (1024 * 1024), writers.pausedPartitions(), writers.pausedMillis());
        }
    }

    /** For tests: the task's accounting. */
    SinkMetrics metrics() {
        return metrics;
    }

    MemoryBudget memory() {
        return memory;
    }

    PartitionWriters partitionWriters() {
        return writers;
    }
}
