package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.SinkTestSupport.dataKeys;
import static dev.tiered.connect.s3.SinkTestSupport.markerKeys;
import static dev.tiered.connect.s3.SinkTestSupport.writtenOffsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.s3.layout.LayoutConfig;
import dev.tiered.connect.s3.layout.ObjectKey;
import dev.tiered.connect.s3.parquet.ParquetFormatConfig;
import dev.tiered.connect.s3.parquet.RecordRowConverter;
import dev.tiered.connect.s3.resilience.LatencyBreaker;
import dev.tiered.connect.s3.resilience.MemoryBudget;
import dev.tiered.connect.s3.storage.CountingRequestCounter;
import dev.tiered.connect.s3.storage.S3Objects;
import dev.tiered.connect.s3.writer.CommitListener;
import dev.tiered.connect.s3.writer.CommitMarker;
import dev.tiered.connect.s3.writer.TopicPartitionWriter;
import dev.tiered.connect.s3.writer.WriterContext;
import dev.tiered.connect.testkit.FaultInjectingProxy;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One partition's commit protocol on s3proxy without Connect: recovery, crash repair, fencing, failed commits, renamed
 * topics, files per schema.
 */
class PartitionRecoveryIT {

    static final S3TestServer S3 = S3TestServer.shared();
    static final String[] REGIONS = {"eu", "us", "ap"};

    private String bucket;
    private String topic;
    private TopicPartition tp;
    /** Every marker any writer of a test committed, in order: lets a test put back one a later commit deleted. */
    private final List<CommitMarker> committed = new ArrayList<>();

    @BeforeEach
    void freshBucketAndTopic() {
        bucket = S3.createBucket("recovery");
        topic = TestNames.unique("orders");
        tp = new TopicPartition(topic, 3);
    }

    @Test
    void aNewWriterResumesAfterTheLastCommittedBatch() {
        TopicPartitionWriter first = writer(Map.of("flush.size", "10"));
        assertThat(first.recover()).as("never written").isEqualTo(-1);
        feed(first, 0, 35);
        assertThat(first.offsetToCommit()).hasValue(30);
        assertThat(first.bufferedRecords()).isEqualTo(5);
        first.abort();

        TopicPartitionWriter second = writer(Map.of("flush.size", "10"));
        assertThat(second.recover()).isEqualTo(30);
        assertThat(markerKeys(S3, bucket)).as("each commit deleted the previous marker")
                .containsExactly(committed.get(2).key(SinkTestSupport.TOPICS_DIR + "/" + topic + "/"));
        assertExactlyOnce(0, 30);

        // A replay from the consumer's older position is dropped up to the recovered offset.
        feed(second, 20, 40);
        assertThat(second.replaysDropped()).isEqualTo(10);
        assertExactlyOnce(0, 40);
    }

    @Test
    void aBatchInterruptedMidCommitIsRemovedAndWrittenAgainOnce() {
        Map<String, String> byRegion = fieldPartitioned(9);
        TopicPartitionWriter crashed = writer(byRegion);
        crashed.recover();
        feed(crashed, 0, 18);
        assertThat(committed).hasSize(2);
        CommitMarker complete = committed.get(0);
        CommitMarker interrupted = committed.get(1);
        assertThat(interrupted.objects()).as("one object per region").hasSize(3);
        // The state a crash between the second batch's objects leaves: its marker and first object landed, the other
        // objects did not, and the previous marker was not deleted yet.
        S3.put(bucket, complete.key(topicPrefix()), complete.serialize());
        S3.client().deleteObject(r -> r.bucket(bucket).key(interrupted.objects().get(1).key()));
        S3.client().deleteObject(r -> r.bucket(bucket).key(interrupted.objects().get(2).key()));

        TopicPartitionWriter recovering = writer(byRegion);
        assertThat(recovering.recover()).as("the interrupted batch's start").isEqualTo(9);
        assertThat(S3.keys(bucket, "")).as("landed object and marker of the interrupted batch removed")
                .doesNotContain(interrupted.objects().get(0).key(), interrupted.key(topicPrefix()))
                .contains(complete.key(topicPrefix()));
        assertExactlyOnce(0, 9);

        // The consumer may restart from any older position: everything from 0 again.
        feed(recovering, 0, 27);
        assertThat(recovering.replaysDropped()).isEqualTo(9);
        assertExactlyOnce(0, 27);
        assertThat(markerKeys(S3, bucket)).containsExactly(committed.get(committed.size() - 1).key(topicPrefix()));
    }

    @Test
    void withTwoMarkersRecoveryKeepsTheNewestAndRemovesTheOlder() {
        TopicPartitionWriter first = writer(Map.of("flush.size", "10"));
        first.recover();
        feed(first, 0, 20);
        CommitMarker older = committed.get(0);
        CommitMarker newer = committed.get(1);
        // A crash after the second batch's objects but before the first marker's deletion.
        S3.put(bucket, older.key(topicPrefix()), older.serialize());
        assertThat(markerKeys(S3, bucket)).hasSize(2);

        TopicPartitionWriter second = writer(Map.of("flush.size", "10"));
        assertThat(second.recover()).isEqualTo(20);
        assertThat(markerKeys(S3, bucket)).containsExactly(newer.key(topicPrefix()));
        assertExactlyOnce(0, 20);

        feed(second, 20, 30);
        assertThat(markerKeys(S3, bucket)).as("the next commit deletes the recovered marker")
                .containsExactly(committed.get(2).key(topicPrefix()));
        assertExactlyOnce(0, 30);
    }

    @Test
    void aZombieCommittingTheSameBatchStartIsFencedAndOverwritesNothing() {
        TopicPartitionWriter owner = writer(Map.of("flush.size", "10"));
        TopicPartitionWriter zombie = writer(Map.of("flush.size", "5"));
        owner.recover();
        zombie.recover();
        feed(owner, 0, 10);
        List<String> before = dataKeys(S3, bucket);

        feed(zombie, 0, 5);
        assertThat(zombie.broken()).as("fenced").isTrue();
        assertThat(zombie.brokenReason()).contains("Another writer already committed offsets from 0", "stale");
        assertThat(zombie.offsetToCommit()).as("nothing past the batch it could not write").hasValue(0);
        assertThat(dataKeys(S3, bucket)).isEqualTo(before);
        assertThat(zombie.repair()).as("resumes after the owner's batch").hasValue(10);
        assertThat(CommitMarker.parse(S3.get(bucket, committed.get(0).key(topicPrefix()))))
                .as("the owner's marker is untouched").isEqualTo(committed.get(0));
        assertExactlyOnce(0, 10);
    }

    @Test
    void aZombieThatCommittedSeveralBatchesAfterTheOwnersRecoveryFencesTheOwnerInsteadOfDuplicating() {
        TopicPartitionWriter zombie = writer(Map.of("flush.size", "10"));
        zombie.recover();
        feed(zombie, 0, 10);
        // The partition moves to a new owner while the old task still works through records it had polled.
        TopicPartitionWriter owner = writer(Map.of("flush.size", "15"));
        assertThat(owner.recover()).isEqualTo(10);
        feed(zombie, 10, 30);
        assertThat(markerKeys(S3, bucket)).as("the zombie deleted the marker of its batch from 10")
                .containsExactly(committed.get(2).key(topicPrefix()));
        List<String> before = dataKeys(S3, bucket);

        feed(owner, 10, 25);
        assertThat(owner.broken()).as("fenced").isTrue();
        assertThat(owner.brokenReason()).contains("offsets from 20");
        assertThat(dataKeys(S3, bucket)).as("the owner wrote no object").isEqualTo(before);
        assertExactlyOnce(0, 30);
        assertThat(owner.repair()).as("the owner resumes after the zombie's data").hasValue(30);

        TopicPartitionWriter restarted = writer(Map.of("flush.size", "15"));
        assertThat(restarted.recover()).isEqualTo(30);
        assertThat(markerKeys(S3, bucket)).containsExactly(committed.get(2).key(topicPrefix()));
    }

    @Test
    void aFileLargerThanOnePartIsStagedAsMultipartAndCopiedToItsFinalKey() {
        Map<String, String> props = new HashMap<>();
        props.put("flush.size", "100");
        props.put("s3.part.size", Integer.toString(5 * 1024 * 1024));
        props.put("parquet.codec", "none");
        TopicPartitionWriter writer = writer(props);
        writer.recover();
        Random random = new Random(42);
        for (long offset = 0; offset < 100; offset++) {
            byte[] noise = new byte[60 * 1024];
            random.nextBytes(noise);
            writer.write(record(offset, Map.of("id", offset, "blob", Base64.getEncoder().encodeToString(noise))));
        }
        assertThat(committed).hasSize(1);
        CommitMarker.CommittedObject object = committed.get(0).objects().get(0);
        assertThat(object.bytes()).isGreaterThan(5L * 1024 * 1024);
        assertThat(object.stagingKey()).as("a multipart file is written under a staging key first")
                .startsWith(topicPrefix() + CommitMarker.STAGING_DIRECTORY);
        CommitMarker stored = CommitMarker.parse(S3.get(bucket, committed.get(0).key(topicPrefix())));
        assertThat(stored.objects().get(0).stagingKey()).isEqualTo(object.stagingKey());
        assertThat(S3.list(bucket, object.key())).singleElement()
                .satisfies(o -> assertThat(o.size()).isEqualTo(object.bytes()));
        assertThat(S3.keys(bucket, topicPrefix() + CommitMarker.STAGING_DIRECTORY)).as("staging object deleted")
                .isEmpty();
        assertExactlyOnce(0, 100);
        assertThat(writer(props).recover()).isEqualTo(100);
    }

    @Test
    void anS3OutageDuringADueCommitPausesThePartitionAndTheRepairWritesTheBatchOnce() {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.to(S3.endpoint()).start()) {
            Map<String, String> props = new LinkedHashMap<>(SinkTestSupport.sinkConfig(S3, bucket, topic, 1));
            props.put("store.url", proxy.endpoint().toString());
            props.put("s3.part.retries", "1");
            // Long enough for put() to return before the batch is due, even on a busy machine.
            props.put("rotate.schedule.interval.ms", "3000");
            StubContext context = new StubContext();
            S3ParquetSinkTask task = new S3ParquetSinkTask();
            task.initialize(context);
            task.start(props);
            task.open(List.of(tp));
            List<SinkRecord> batch = LongStream.range(0, 20).mapToObj(this::record).toList();
            task.put(batch);
            assertThat(S3.keys(bucket, "")).as("nothing committed yet: the batch is open").isEmpty();

            // S3 is unreachable when preCommit finds the batch due: the partition pauses and commits nothing past it.
            proxy.down();
            await("the failed commit pauses the partition").atMost(Duration.ofSeconds(30)).until(() -> {
                assertThat(task.preCommit(Map.of())).isEqualTo(Map.of(tp, new OffsetAndMetadata(0)));
                return context.paused.contains(tp);
            });

            // S3 is back: the repair seeks to the batch's start and resumes; Connect redelivers from there.
            proxy.up();
            await("the repair").atMost(Duration.ofSeconds(30)).until(() -> {
                task.preCommit(Map.of());
                return !context.paused.contains(tp);
            });
            assertThat(context.seeks).containsEntry(tp, 0L);
            task.put(batch);
            await("the batch committed after the repair").atMost(Duration.ofSeconds(30))
                    .until(() -> task.preCommit(Map.of()).equals(Map.of(tp, new OffsetAndMetadata(20))));
            task.stop();
            assertExactlyOnce(0, 20);
            assertThat(task.partitionWriters().failures()).isEqualTo(1);
            assertThat(task.partitionWriters().pausedMillis()).isPositive();
        }
    }

    @Test
    void aCommitFailingInPutCommitsNoOffsetPastTheBatchAndTheRepairWritesItOnce() {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.to(S3.endpoint()).start()) {
            Map<String, String> props = new LinkedHashMap<>(SinkTestSupport.sinkConfig(S3, bucket, topic, 1));
            props.put("store.url", proxy.endpoint().toString());
            props.put("s3.part.retries", "1");
            props.put("flush.size", "10");
            StubContext context = new StubContext();
            S3ParquetSinkTask task = new S3ParquetSinkTask();
            task.initialize(context);
            task.start(props);
            task.open(List.of(tp));
            List<SinkRecord> batch = LongStream.range(0, 10).mapToObj(this::record).toList();
            proxy.failWith503For(Duration.ofMinutes(5));

            task.put(batch);

            assertThat(context.paused).contains(tp);
            assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(10))))
                    .as("only the offset before the lost batch").isEqualTo(Map.of(tp, new OffsetAndMetadata(0)));
            proxy.passThrough();
            await("the repair").atMost(Duration.ofSeconds(30)).until(() -> {
                task.preCommit(Map.of());
                return context.seeks.get(tp) != null && !context.paused.contains(tp);
            });
            assertThat(context.seeks).containsEntry(tp, 0L);
            task.put(batch);
            assertThat(task.preCommit(Map.of())).isEqualTo(Map.of(tp, new OffsetAndMetadata(10)));
            task.stop();
            assertExactlyOnce(0, 10);
            assertThat(proxy.answeredWith503()).isPositive();
        }
    }

    @Test
    void aMissingBucketFailsTheTaskNamingTheBucketInsteadOfRetrying() {
        Map<String, String> props = new LinkedHashMap<>(SinkTestSupport.sinkConfig(S3, bucket, topic, 1));
        props.put("flush.size", "10");
        S3ParquetSinkTask task = new S3ParquetSinkTask();
        task.initialize(new StubContext());
        task.start(props);
        task.open(List.of(tp));
        S3.client().deleteBucket(r -> r.bucket(bucket));
        List<SinkRecord> batch = LongStream.range(0, 10).mapToObj(this::record).toList();

        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("s3://" + bucket + "/" + topicPrefix()).hasMessageContaining("NoSuchBucket");
        assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(10)))).as("no offset after a fatal error")
                .isEmpty();
        task.stop();
        S3.client().createBucket(r -> r.bucket(bucket));
    }

    @Test
    void aSchemalessPathLearnsItsSchemaBeforeItsFirstFileAndKeepsItForTheNextBatch() {
        TopicPartitionWriter writer = writer(Map.of("flush.size", "4"));
        // Batch 1: each record adds a field; the new path waits and writes one object with their union.
        writer.write(record(0, Map.of("id", 0)));
        writer.write(record(1, Map.of("id", 1, "a", "x")));
        writer.write(record(2, Map.of("id", 2, "a", "y", "b", 2.5)));
        writer.write(record(3, Map.of("id", 3)));
        // Batch 2 repeats the first shape: it fits what the path learned.
        for (long offset = 4; offset < 8; offset++) {
            writer.write(record(offset, Map.of("id", offset)));
        }

        assertThat(committed).hasSize(2);
        assertThat(committed.get(0).objects()).as("batch 1: one object despite two widenings").hasSize(1);
        assertThat(committed.get(1).objects()).as("batch 2 needs no widening").hasSize(1);
        for (CommitMarker marker : committed) {
            assertThat(SinkTestSupport.rows(S3, bucket, marker.objects().get(0).key()).get(0).getType().getFields())
                    .extracting(org.apache.parquet.schema.Type::getName).contains("id", "a", "b");
        }
        assertExactlyOnce(0, 8);
    }

    @Test
    void recordsRenamedToTwoTopicsShareTheOriginalPartitionsBatchesMarkersAndRecovery() {
        TopicPartitionWriter first = writer(Map.of("flush.size", "10"));
        assertThat(first.recover()).isEqualTo(-1);
        LongStream.range(0, 25).forEach(offset -> first.write(renamed(offset)));
        assertThat(first.offsetToCommit()).as("offsets of the assigned partition").hasValue(20);
        first.abort();
        assertThat(committed).hasSize(2);
        CommitMarker last = committed.get(1);
        assertThat(last.topic()).isEqualTo(topic);
        assertThat(markerKeys(S3, bucket)).as("markers stay under the original topic, known at assignment")
                .containsExactly(last.key(topicPrefix()));
        assertThat(last.objects()).extracting(CommitMarker.CommittedObject::key).as("one file per renamed topic")
                .containsExactlyInAnyOrder(
                        SinkTestSupport.TOPICS_DIR + "/" + topic + ".hot/partition=3/" + topic
                                + "+3+00000000000000000010+00000000000000000018.parquet",
                        SinkTestSupport.TOPICS_DIR + "/" + topic + ".cold/partition=3/" + topic
                                + "+3+00000000000000000011+00000000000000000019.parquet");
        // A crash after the batch's hot object landed but before its cold one: recovery, which knows only the
        // original partition, must find the hot object through the marker, remove it and write the batch again.
        S3.client().deleteObject(r -> r.bucket(bucket).key(last.objects().get(1).key()));

        TopicPartitionWriter second = writer(Map.of("flush.size", "10"));
        assertThat(second.recover()).isEqualTo(10);
        assertThat(dataKeys(S3, bucket)).as("what the interrupted batch left is gone").hasSize(2);
        LongStream.range(5, 40).forEach(offset -> second.write(renamed(offset)));
        assertExactlyOnce(0, 40);
        for (String key : dataKeys(S3, bucket)) {
            ObjectKey name = SinkTestSupport.parse(key);
            long parity = name.directoryTopic().endsWith(".hot") ? 0 : 1;
            assertThat(SinkTestSupport.rows(S3, bucket, key)).as("rows of %s", key)
                    .allSatisfy(row -> assertThat(row.getLong("_kafka_offset", 0) % 2).isEqualTo(parity))
                    .allSatisfy(row -> assertThat(row.getString("_kafka_topic", 0)).isEqualTo(topic));
        }
    }

    @Test
    void aRenameToSomethingThatCannotNameADirectoryIsABadRecordWithItsReason() {
        TopicPartitionWriter writer = writer(Map.of("flush.size", "10"));
        writer.recover();
        SinkRecord escaping = new SinkRecord("../" + topic, tp.partition(), null, null, null, Map.of("id", 1), 0,
                null, TimestampType.NO_TIMESTAMP_TYPE, List.of(), topic, tp.partition(), 0);
        assertThatThrownBy(() -> writer.write(escaping)).hasRootCauseMessage("An SMT renamed the topic of " + topic
                + "-3@0 (renamed to topic '../" + topic + "'), which cannot name an S3 directory: the topic contains"
                + " '/', which Kafka topic names (and so directory names) may not contain. Change the SMT's "
                + "replacement so it yields a valid topic name");
        assertThat(dataKeys(S3, bucket)).isEmpty();
    }

    @Test
    void recordsAlternatingBetweenThreeSchemasMakeOneObjectPerSchemaAndEveryOpenFileIsAccounted() {
        MemoryBudget memory = MemoryBudget.unlimited();
        TopicPartitionWriter writer = writer(Map.of("flush.size", "60"), memory);
        writer.recover();
        for (long offset = 0; offset < 59; offset++) {
            writer.write(withSchema(offset, (int) (offset % 3)));
        }
        assertThat(committed).isEmpty();
        assertThat(writer.heapBytes()).as("three open files, all counted").isPositive()
                .isEqualTo(memory.usedBytes());
        writer.write(withSchema(59, 2));

        assertThat(committed).hasSize(1);
        assertThat(committed.get(0).objects()).as("one object per schema, not one per change").hasSize(3);
        assertThat(memory.usedBytes()).as("released with the commit").isZero();
        assertExactlyOnce(0, 60);
        for (CommitMarker.CommittedObject object : committed.get(0).objects()) {
            List<org.apache.parquet.example.data.Group> rows = SinkTestSupport.rows(S3, bucket, object.key());
            assertThat(rows).hasSize(20);
            assertThat(rows).extracting(row -> row.getLong("_kafka_offset", 0) % 3).as("offsets in %s", object.key())
                    .containsOnly(rows.get(0).getLong("_kafka_offset", 0) % 3);
        }
    }

    @Test
    void aPathKeepsAtMostFourFilesOpenAndFinishesTheLeastRecentlyUsed() {
        TopicPartitionWriter writer = writer(Map.of("flush.size", "9"));
        writer.recover();
        // Schema 4 makes a fifth: 0, the least recently used, is finished. 1..3 come back to their open files; 0 comes
        // back to a new one (finishing 4, now the least recently used).
        int[] schemas = {0, 1, 2, 3, 4, 1, 2, 3, 0};
        for (int offset = 0; offset < schemas.length; offset++) {
            writer.write(withSchema(offset, schemas[offset]));
        }
        assertThat(committed).hasSize(1);
        assertThat(committed.get(0).objects()).extracting(CommitMarker.CommittedObject::records)
                .as("0, 4 and 0 again with one record each; 1, 2 and 3 with two")
                .containsExactlyInAnyOrder(1L, 1L, 1L, 2L, 2L, 2L);
        assertExactlyOnce(0, 9);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Offset {@code offset} of the test partition as PriorityRouter would pass it on: even hot, odd cold. */
    private SinkRecord renamed(long offset) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", offset);
        value.put("amount", offset * 1.5);
        return new SinkRecord(topic + (offset % 2 == 0 ? ".hot" : ".cold"), tp.partition(), null, "k" + offset, null,
                value, offset, 1_700_000_000_000L + offset, TimestampType.CREATE_TIME, List.of(), topic,
                tp.partition(), offset);
    }

    /** A record with a Connect schema of its own, as JsonConverter with schemas.enable=true gives: version 0..4. */
    private SinkRecord withSchema(long offset, int version) {
        SchemaBuilder builder = SchemaBuilder.struct().name("v" + version).field("id", Schema.INT64_SCHEMA);
        for (int i = 0; i < version; i++) {
            builder.field("f" + i, Schema.STRING_SCHEMA);
        }
        Schema schema = builder.build();
        Struct value = new Struct(schema).put("id", offset);
        for (int i = 0; i < version; i++) {
            value.put("f" + i, "x" + i);
        }
        return new SinkRecord(topic, tp.partition(), null, "k" + offset, schema, value, offset,
                1_700_000_000_000L + offset, TimestampType.CREATE_TIME);
    }

    /** The parts of a worker's task context the sink uses: seeks, pauses and wake-up requests are recorded. */
    static final class StubContext implements SinkTaskContext {
        final Map<TopicPartition, Long> seeks = new ConcurrentHashMap<>();
        final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            seeks.putAll(offsets);
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            seeks.put(tp, offset);
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.copyOf(seeks.keySet());
        }

        @Override
        public void pause(TopicPartition... partitions) {
            paused.addAll(List.of(partitions));
        }

        @Override
        public void resume(TopicPartition... partitions) {
            paused.removeAll(List.of(partitions));
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }

    @Test
    void aPartitionConnectPausesAgainWhenARebalanceGivesItBackIsResumedOnceItsWriterIsHealthy() {
        // The task paused tp during an S3 failure and forgot it in close(); Connect remembers it and pauses it again
        // when a rebalance gives it back to this task, before open(). Left alone it would never be resumed.
        Set<TopicPartition> pausedByConnect = new HashSet<>(Set.of(tp));
        PartitionWriters writers = new PartitionWriters(context(Map.of(), MemoryBudget.unlimited()),
                new LatencyBreaker(60_000, 60_000, 3, System::currentTimeMillis), Clock.systemUTC());

        writers.open(List.of(tp), new PartitionWriters.Control() {
            @Override
            public void seek(TopicPartition partition, long offset) {
            }

            @Override
            public void pause(java.util.Collection<TopicPartition> partitions) {
                pausedByConnect.addAll(partitions);
            }

            @Override
            public void resume(java.util.Collection<TopicPartition> partitions) {
                pausedByConnect.removeAll(partitions);
            }

            @Override
            public void requestCommit() {
            }

            @Override
            public void wakeUpIn(long millis) {
            }
        });

        assertThat(pausedByConnect).as("partitions left paused in Connect's consumer").isEmpty();
        assertThat(writers.pausedPartitions()).isZero();
    }

    private String topicPrefix() {
        return SinkTestSupport.TOPICS_DIR + "/" + topic + "/";
    }

    private static Map<String, String> fieldPartitioned(int flushSize) {
        return Map.of("flush.size", Integer.toString(flushSize), "partitioner.class", "field",
                "partition.field.name", "region");
    }

    /** A writer whose context is built the way {@code S3ParquetSinkTask.start} builds it, on the shared s3proxy. */
    private TopicPartitionWriter writer(Map<String, String> overrides) {
        return writer(overrides, MemoryBudget.unlimited());
    }

    private TopicPartitionWriter writer(Map<String, String> overrides, MemoryBudget memory) {
        return new TopicPartitionWriter(tp, context(overrides, memory));
    }

    private WriterContext context(Map<String, String> overrides, MemoryBudget memory) {
        Map<String, String> props = new LinkedHashMap<>(SinkTestSupport.sinkConfig(S3, bucket, topic, 1));
        props.put("rotate.schedule.interval.ms", "-1");
        props.putAll(overrides);
        S3SinkConfig config = new S3SinkConfig(props);
        Clock clock = Clock.systemUTC();
        S3Objects objects = new S3Objects(S3.client(), bucket, new CountingRequestCounter());
        LayoutConfig layout = config.layout();
        ParquetFormatConfig parquet = config.parquet();
        CommitListener listener = (partition, marker, reason) -> committed.add(marker);
        return new WriterContext(layout.objectNaming(), layout.partitioner(clock),
                layout.timestampExtractor(clock), new RecordRowConverter(parquet.conversionOptions()),
                parquet.writerSettings(), config.rotation().policy(clock), objects, config.storage().partSize(),
                config.conditionalWrites(), config.nullValueBehavior(), (record, reason) -> {
                    throw new AssertionError("bad record " + record, reason);
                }, listener, Map.of("writer", "tiered-connect-s3-sink " + PackVersion.get()), clock, memory);
    }

    /** Writes offsets {@code from} (inclusive) to {@code to} (exclusive), as one consumer poll would deliver them. */
    private void feed(TopicPartitionWriter writer, long from, long to) {
        LongStream.range(from, to).forEach(offset -> writer.write(record(offset)));
    }

    private SinkRecord record(long offset) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", offset);
        value.put("region", REGIONS[(int) (offset % REGIONS.length)]);
        value.put("amount", offset * 1.5);
        return record(offset, value);
    }

    private SinkRecord record(long offset, Map<String, Object> value) {
        return new SinkRecord(topic, tp.partition(), null, "k" + offset, null, value, offset,
                1_700_000_000_000L + offset, TimestampType.CREATE_TIME);
    }

    /** Offsets {@code from..to-1} of the test partition are each in S3 exactly once, and nothing else is. */
    private void assertExactlyOnce(long from, long to) {
        Map<Integer, Map<Long, Integer>> written = writtenOffsets(S3, bucket, topic);
        assertThat(written).containsOnlyKeys(tp.partition());
        Map<Long, Integer> offsets = written.get(tp.partition());
        assertThat(offsets.keySet()).containsExactlyElementsOf(LongStream.range(from, to).boxed().toList());
        assertThat(offsets.values()).as("times each offset was written").containsOnly(1);
    }
}
