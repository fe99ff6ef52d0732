package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.SinkReadBack.committedOffsets;
import static dev.tiered.connect.s3.SinkReadBack.objects;
import static dev.tiered.connect.s3.SinkReadBack.send;
import static dev.tiered.connect.s3.SinkTestSupport.awaitWhileHealthy;
import static dev.tiered.connect.s3.SinkTestSupport.dataKeys;
import static dev.tiered.connect.s3.SinkTestSupport.markerKeys;
import static dev.tiered.connect.s3.SinkTestSupport.writtenOffsets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.s3.SinkReadBack.StoredObject;
import dev.tiered.connect.s3.writer.CommitMarker;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Each batch rotation trigger on a real Connect cluster and s3proxy: the objects it commits, each offset once. */
class S3SinkRotationIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final S3TestServer S3 = S3TestServer.shared();
    static final List<String> TYPES = List.of("click", "page_view", "purchase");

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();

    @Test
    void flushSizeCommitsEveryDirectoryOfABatchTogether() throws Exception {
        String topic = TestNames.unique("rotation-records");
        String bucket = S3.createBucket("rotation");
        cluster.createTopic(topic, 2);
        for (int partition = 0; partition < 2; partition++) {
            for (int i = 0; i < 25; i++) {
                send(cluster, topic, partition, null, Map.of("id", i, "event_type", TYPES.get(i % 3)));
            }
        }
        cluster.producer().flush();

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 2);
        config.put("flush.size", "10");
        config.put("partitioner.class", "field");
        config.put("partition.field.name", "event_type");
        String connector = start(config, 2);

        // Two full batches per partition, each spread over the three event_type directories; 20..24 stay open.
        awaitWhileHealthy(cluster, connector, "two batches of three files per partition", TIMEOUT,
                () -> dataKeys(S3, bucket).size() == 12);
        List<StoredObject> stored = objects(S3, bucket, topic);
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            Map<Long, List<StoredObject>> batches = stored.stream().filter(o -> o.kafkaPartition() == p)
                    .collect(Collectors.groupingBy(o -> o.name().startOffset() / 10, TreeMap::new,
                            Collectors.toList()));
            assertThat(batches).as("batches of partition %d", p).containsOnlyKeys(0L, 1L);
            for (Map.Entry<Long, List<StoredObject>> batch : batches.entrySet()) {
                long first = batch.getKey() * 10;
                List<StoredObject> files = batch.getValue();
                assertThat(files).extracting(o -> o.name().partitionPath()).containsExactlyInAnyOrder(
                        "event_type=click", "event_type=page_view", "event_type=purchase");
                assertThat(files).allSatisfy(o -> assertThat(o.name().endOffset()).isLessThanOrEqualTo(first + 9));
                assertThat(files.stream().mapToLong(o -> o.name().startOffset()).min()).hasValue(first);
                assertThat(files.stream().mapToLong(o -> o.name().endOffset()).max()).hasValue(first + 9);
                List<Long> offsets = files.stream().flatMap(o -> o.offsets().stream()).sorted().toList();
                assertThat(offsets).as("the batch's files together hold each of its offsets once")
                        .isEqualTo(LongStream.rangeClosed(first, first + 9).boxed().toList());
                for (StoredObject file : files) {
                    assertThat(file.strings("event_type")).as(file.key())
                            .containsOnly(file.name().partitionPath().substring("event_type=".length()));
                }
            }
            // The last commit's marker lists exactly the three objects of the second batch: one commit for them all.
            String markerKey = CommitMarker.key(SinkTestSupport.TOPICS_DIR + "/" + topic + "/", topic, p, 10);
            assertThat(markerKeys(S3, bucket)).contains(markerKey);
            CommitMarker marker = CommitMarker.parse(S3.get(bucket, markerKey));
            assertThat(marker.startOffset()).isEqualTo(10);
            assertThat(marker.endOffset()).isEqualTo(19);
            assertThat(marker.records()).isEqualTo(10);
            assertThat(marker.objects()).extracting(CommitMarker.CommittedObject::key)
                    .containsExactlyInAnyOrderElementsOf(batches.get(1L).stream().map(StoredObject::key).toList());
        }
        assertThat(markerKeys(S3, bucket)).as("the first batches' markers were replaced").hasSize(2);
        assertEveryOffsetOnce(bucket, topic, Map.of(0, 20L, 1, 20L));
        awaitCommittedOffsets(connector, Map.of(0, 20L, 1, 20L));
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void flushSizeBytesCommitsBeforeFlushSizeIsReached() throws Exception {
        String topic = TestNames.unique("rotation-bytes");
        String bucket = S3.createBucket("rotation");
        cluster.createTopic(topic, 2);
        SecureRandom random = new SecureRandom();
        int records = 60;
        for (int partition = 0; partition < 2; partition++) {
            for (int i = 0; i < records; i++) {
                // Random text does not shrink in a dictionary or codec, so the file grows by about this per record.
                send(cluster, topic, partition, null, Map.of("id", i, "payload", randomText(random, 1000)));
            }
        }
        cluster.producer().flush();

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 2);
        config.put("flush.size", "1000");
        config.put("flush.size.bytes", "8000");
        String connector = start(config, 2);

        awaitWhileHealthy(cluster, connector, "at least three objects per partition", TIMEOUT, () -> {
            Map<Integer, Long> perPartition = dataKeys(S3, bucket).stream().collect(Collectors.groupingBy(
                    k -> SinkTestSupport.parse(k).kafkaPartition(), Collectors.counting()));
            return perPartition.getOrDefault(0, 0L) >= 3 && perPartition.getOrDefault(1, 0L) >= 3;
        });
        List<StoredObject> stored = objects(S3, bucket, topic);
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            List<StoredObject> files = stored.stream().filter(o -> o.kafkaPartition() == p)
                    .sorted(Comparator.comparingLong(o -> o.name().startOffset())).toList();
            long next = 0;
            for (StoredObject file : files) {
                assertThat(file.name().startOffset()).as("batches follow each other: %s", file.key()).isEqualTo(next);
                assertThat(file.offsets()).as(file.key()).isEqualTo(LongStream
                        .rangeClosed(file.name().startOffset(), file.name().endOffset()).boxed().toList());
                // Far below flush.size: the byte limit closed it. At least 8 records of ~1000 bytes reach 8000.
                assertThat(file.rows()).as(file.key()).hasSizeBetween(2, 10);
                assertThat(S3.get(bucket, file.key()).length).as("size of %s", file.key())
                        .isGreaterThanOrEqualTo(8000 - 1000);
                next = file.name().endOffset() + 1;
            }
        }
        // Offsets commit up to the end of the last completed batch, never into the open one.
        awaitWhileHealthy(cluster, connector, "consumer offsets at the end of the committed objects", TIMEOUT, () -> {
            Map<Integer, Long> inS3 = new TreeMap<>();
            for (StoredObject o : objects(S3, bucket, topic)) {
                inS3.merge(o.kafkaPartition(), o.name().endOffset() + 1, Math::max);
            }
            return committedOffsets(cluster, connector).equals(inS3);
        });
        Map<Integer, Long> committed = committedOffsets(cluster, connector);
        assertThat(committed.values()).allMatch(o -> o > 0 && o <= records);
        assertEveryOffsetOnce(bucket, topic, committed);
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void rotateIntervalStartsANewBatchAtTheRecordTimeLimit() throws Exception {
        String topic = TestNames.unique("rotation-time");
        String bucket = S3.createBucket("rotation");
        cluster.createTopic(topic, 2);
        Instant base = Instant.parse("2026-11-23T08:00:00Z");
        // Seconds after base; the interval is 60 s. 5 is older than its batch's first record (120): it stays there.
        long[] seconds = {0, 15, 30, 45, 60, 75, 90, 105, 120, 5, 200};
        for (long s : seconds) {
            Instant time = base.plusSeconds(s);
            // Partition 0 carries epoch millis, partition 1 ISO-8601 text: both are record times.
            send(cluster, topic, 0, null, Map.of("s", s, "event_time", time.toEpochMilli()));
            send(cluster, topic, 1, null, Map.of("s", s, "event_time", time.toString()));
        }
        cluster.producer().flush();

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("flush.size", "1000");
        config.put("rotate.interval.ms", "60000");
        config.put("timestamp.extractor", "RecordField");
        config.put("timestamp.field", "event_time");
        String connector = start(config, 1);

        awaitWhileHealthy(cluster, connector, "three batches per partition", TIMEOUT,
                () -> dataKeys(S3, bucket).size() == 6);
        List<StoredObject> stored = objects(S3, bucket, topic);
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            assertThat(stored.stream().filter(o -> o.kafkaPartition() == p)
                    .map(o -> o.name().startOffset() + ".." + o.name().endOffset()))
                    .as("batches of partition %d: 0-45 s, 60-105 s, 120 s and the late 5 s; 200 s is open", p)
                    .containsExactly("0..3", "4..7", "8..9");
        }
        assertEveryOffsetOnce(bucket, topic, Map.of(0, 10L, 1, 10L));
        awaitCommittedOffsets(connector, Map.of(0, 10L, 1, 10L));
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void rotateScheduleIntervalCommitsPartitionsThatGoQuiet() throws Exception {
        String topic = TestNames.unique("rotation-schedule");
        String bucket = S3.createBucket("rotation");
        cluster.createTopic(topic, 2);
        produce(topic, 0, 30);
        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 2);
        config.put("flush.size", "100000");
        config.put("rotate.schedule.interval.ms", "2000");
        String connector = start(config, 2);

        // No more records arrive and no size limit is near: only the wall-clock deadline can commit them.
        awaitWhileHealthy(cluster, connector, "all 30 records per partition in S3", TIMEOUT,
                () -> SinkTestSupport.rowCount(S3, bucket, topic) == 60);
        assertEveryOffsetOnce(bucket, topic, Map.of(0, 30L, 1, 30L));
        awaitCommittedOffsets(connector, Map.of(0, 30L, 1, 30L));

        // A second quiet spell: the deadline applies to every batch, not only the first.
        produce(topic, 30, 5);
        awaitWhileHealthy(cluster, connector, "the 5 later records per partition in S3", TIMEOUT,
                () -> SinkTestSupport.rowCount(S3, bucket, topic) == 70);
        assertEveryOffsetOnce(bucket, topic, Map.of(0, 35L, 1, 35L));
        awaitCommittedOffsets(connector, Map.of(0, 35L, 1, 35L));
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    private void produce(String topic, int firstId, int perPartition) throws Exception {
        for (int partition = 0; partition < 2; partition++) {
            for (int i = firstId; i < firstId + perPartition; i++) {
                send(cluster, topic, partition, null, Map.of("id", i));
            }
        }
        cluster.producer().flush();
    }

    private String start(Map<String, String> config, int tasks) {
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, tasks, TIMEOUT);
        return connector;
    }

    private void awaitCommittedOffsets(String connector, Map<Integer, Long> expected) {
        awaitWhileHealthy(cluster, connector, "committed consumer offsets " + expected, TIMEOUT,
                () -> committedOffsets(cluster, connector).equals(new TreeMap<>(expected)));
    }

    /** Offsets 0 until {@code endByPartition} (exclusive) are in S3 once each, and no other offset is. */
    private static void assertEveryOffsetOnce(String bucket, String topic, Map<Integer, Long> endByPartition) {
        Map<Integer, Map<Long, Integer>> written = writtenOffsets(S3, bucket, topic);
        assertThat(written).containsOnlyKeys(endByPartition.keySet());
        endByPartition.forEach((partition, end) -> {
            Map<Long, Integer> counts = written.get(partition);
            assertThat(counts.keySet()).as("offsets of partition %d", partition)
                    .isEqualTo(LongStream.range(0, end).boxed().collect(Collectors.toCollection(TreeSet::new)));
            assertThat(counts.values()).as("times each offset of partition %d was written", partition)
                    .containsOnly(1);
        });
    }

    private static String randomText(SecureRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (0x21 + random.nextInt(94));
        }
        return new String(chars);
    }
}
