package dev.tiered.connect.s3;

import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.s3.layout.LayoutConfig;
import dev.tiered.connect.s3.parquet.ParquetFormatConfig;
import dev.tiered.connect.s3.parquet.RecordRowConverter;
import dev.tiered.connect.s3.storage.CountingRequestCounter;
import dev.tiered.connect.s3.storage.S3ClientFactory;
import dev.tiered.connect.s3.storage.S3ClientFactory.S3Clients;
import dev.tiered.connect.s3.storage.S3Objects;
import dev.tiered.connect.s3.writer.BadRecordHandler;
import dev.tiered.connect.s3.writer.TopicPartitionWriter;
import dev.tiered.connect.s3.writer.WriterContext;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task of the S3 sink: a {@link TopicPartitionWriter} per assigned partition. The task itself only wires Connect's
 * callbacks to them: {@code open} recovers each partition's position from S3 and seeks there, {@code put} writes and
 * commits batches whose limits are reached, {@code preCommit} reports only offsets whose records are in completed
 * objects, {@code close} discards open batches (the next owner writes them again from Kafka).
 */
public class S3ParquetSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(S3ParquetSinkTask.class);
    /** Shortest wait requested from the worker's poll loop, so a due batch is not checked in a busy loop. */
    private static final long MIN_WAKEUP_MS = 50;

    private final Map<TopicPartition, TopicPartitionWriter> writers = new LinkedHashMap<>();
    private final CountingRequestCounter requests = new CountingRequestCounter();
    private S3Clients clients;
    private WriterContext writerContext;
    private Clock clock = Clock.systemUTC();
    /** Why put() or a commit inside preCommit failed: from then on no offset is committed and put() fails. */
    private ConnectException commitFailure;

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        S3SinkConfig config = new S3SinkConfig(props);
        clients = S3ClientFactory.create(config.storage());
        S3Objects objects = new S3Objects(clients.s3(), config.storage().bucketName(), requests,
                config.storage().writeOptions());
        LayoutConfig layout = config.layout();
        ParquetFormatConfig parquet = config.parquet();
        writerContext = new WriterContext(layout.objectNaming(), layout.partitioner(clock),
                layout.timestampExtractor(clock), new RecordRowConverter(parquet.conversionOptions()),
                parquet.writerSettings(), config.rotation().policy(clock), objects, config.storage().partSize(),
                config.conditionalWrites(), config.nullValueBehavior(), badRecordHandler(config), null,
                Map.of("writer", "tiered-connect-s3-sink " + PackVersion.get()), clock);
        LOG.info("S3 sink task started: s3://{}/{}/, partitioner {}, flush.size {}, rotate.schedule.interval.ms {}",
                objects.bucket(), layout.topicsDir(), layout.partitionerType().shortName(),
                config.rotation().flushSize(), config.rotation().rotateScheduleIntervalMs());
    }

    private BadRecordHandler badRecordHandler(S3SinkConfig config) {
        ErrantRecordReporter reporter = context == null ? null : context.errantRecordReporter();
        boolean skip = config.invalidRecordBehavior() == S3SinkConfig.InvalidRecordBehavior.SKIP;
        return (record, reason) -> {
            String where = record.topic() + "-" + record.kafkaPartition() + " offset " + record.kafkaOffset();
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
        for (TopicPartition tp : partitions) {
            TopicPartitionWriter writer = new TopicPartitionWriter(tp, writerContext);
            writers.put(tp, writer);
            long resume = writer.recover();
            if (resume >= 0) {
                context.offset(tp, resume);
            }
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (commitFailure != null) {
            throw new ConnectException("A batch commit failed earlier (" + commitFailure.getMessage() + "); the task"
                    + " stops so that a restart recovers every partition from S3", commitFailure);
        }
        try {
            for (SinkRecord record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
                TopicPartitionWriter writer = writers.get(tp);
                if (writer == null) {
                    throw new ConnectException("Received a record of " + tp + ", which is not assigned to this task");
                }
                writer.write(record);
            }
            commitDueBatches();
        } catch (RuntimeException e) {
            // Connect still calls preCommit when it closes the failed task, and a writer whose commit failed has
            // moved past the batch: offsets committed then would skip it when S3 holds no marker to recover from.
            commitFailure = e instanceof ConnectException ce ? ce : new ConnectException(e.getMessage(), e);
            throw e;
        }
    }

    private void commitDueBatches() {
        long nextDeadline = Long.MAX_VALUE;
        for (TopicPartitionWriter writer : writers.values()) {
            if (writer.commitIfDue()) {
                context.requestCommit();
            }
            nextDeadline = Math.min(nextDeadline, writer.nextDeadline());
        }
        if (nextDeadline != Long.MAX_VALUE) {
            // Makes the worker call put() again by the deadline even if no record arrives: the freshness bound also
            // holds for partitions that went quiet.
            context.timeout(Math.max(MIN_WAKEUP_MS, nextDeadline - clock.millis()));
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (commitFailure != null) {
            return Map.of();
        }
        try {
            commitDueBatches();
        } catch (RuntimeException e) {
            // Connect only logs an exception from preCommit, rewinds the consumer and goes on. But the writer has
            // already moved past the failed batch (the redelivered records would be dropped as replays) and S3 may
            // hold part of it: only recovery on a fresh assignment repairs that. So commit no offset from now on and
            // fail the task at the next put(), as a failed commit in put() does.
            commitFailure = e instanceof ConnectException ce ? ce : new ConnectException(e.getMessage(), e);
            LOG.error("Committing a due batch failed; the task fails at the next put(): {}", e.getMessage());
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        for (Map.Entry<TopicPartition, TopicPartitionWriter> entry : writers.entrySet()) {
            OptionalLong offset = entry.getValue().offsetToCommit();
            if (offset.isPresent()) {
                committable.put(entry.getKey(), new OffsetAndMetadata(offset.getAsLong()));
            }
        }
        return committable;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            TopicPartitionWriter writer = writers.remove(tp);
            if (writer != null) {
                writer.abort();
            }
        }
    }

    @Override
    public void stop() {
        for (TopicPartitionWriter writer : writers.values()) {
            writer.abort();
        }
        writers.clear();
        if (clients != null) {
            clients.close();
            clients = null;
        }
        LOG.info("S3 sink task stopped; S3 requests sent: {}", requests);
    }

    /** Test hook: the requests this task sent, by kind. */
    CountingRequestCounter requests() {
        return requests;
    }
}
