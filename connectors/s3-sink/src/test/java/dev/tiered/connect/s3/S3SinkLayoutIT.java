package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.SinkReadBack.objects;
import static dev.tiered.connect.s3.SinkReadBack.send;
import static dev.tiered.connect.s3.SinkTestSupport.awaitWhileHealthy;
import static dev.tiered.connect.s3.SinkTestSupport.dataKeys;
import static dev.tiered.connect.s3.SinkTestSupport.writtenOffsets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.s3.SinkReadBack.StoredObject;
import dev.tiered.connect.s3.layout.HivePathEscaper;
import dev.tiered.connect.s3.layout.ObjectNaming;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;

/** Object keys the sink's partitioners produce on a real Connect cluster and s3proxy, also for hostile field values. */
class S3SinkLayoutIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final S3TestServer S3 = S3TestServer.shared();
    static final String TOPICS_DIR = SinkTestSupport.TOPICS_DIR;

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();

    @Test
    void timeFieldLayoutPlacesEachRowUnderItsEventDateAndType() throws Exception {
        String topic = TestNames.unique("layout-time-field");
        String bucket = S3.createBucket("layout");
        cluster.createTopic(topic, 2);
        List<String> types = List.of("page_view", "click", "purchase");
        // Day ends, and 2026-12-31, whose week-based year is 2027: YYYY must be the calendar year, as in Joda.
        List<Instant> times = List.of(Instant.parse("2026-11-23T08:15:30.123Z"),
                Instant.parse("2026-11-23T23:59:59.999Z"), Instant.parse("2026-11-24T00:00:00Z"),
                Instant.parse("2026-12-31T23:30:00Z"), Instant.parse("2027-01-01T00:30:00Z"));
        Set<String> expectedDirectories = new TreeSet<>();
        for (int partition = 0; partition < 2; partition++) {
            for (int i = 0; i < 15; i++) {
                // 15 records cover all 3 x 5 (type, time) pairs once.
                Instant time = times.get(i % 5);
                String type = types.get(i % 3);
                send(cluster, topic, partition, null, Map.of("event_type", type, "event_time", time.toEpochMilli()));
                expectedDirectories.add("processing_date=" + LocalDate.ofInstant(time, ZoneOffset.UTC)
                        + "/event_type=" + type);
            }
        }
        cluster.producer().flush();

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 2);
        config.put("flush.size", "15");
        config.put("partitioner.class", "time_field");
        config.put("path.format", "'processing_date'=YYYY-MM-dd");
        config.put("partition.field.name", "event_type");
        config.put("timestamp.extractor", "RecordField");
        config.put("timestamp.field", "event_time");
        String connector = start(config, 2);

        // Both times of 2026-11-23 share a directory: 4 dates x 3 types per Kafka partition.
        assertThat(expectedDirectories).hasSize(12);
        awaitWhileHealthy(cluster, connector, "12 objects per Kafka partition", TIMEOUT,
                () -> dataKeys(S3, bucket).size() == 24);
        Pattern keyPattern = Pattern.compile(Pattern.quote(TOPICS_DIR + "/" + topic + "/")
                + "processing_date=(\\d{4}-\\d{2}-\\d{2})/event_type=([a-z_]+)/" + Pattern.quote(topic)
                + "\\+([01])\\+\\d{20}\\+\\d{20}\\.parquet");
        Set<String> directories = new TreeSet<>();
        for (StoredObject object : objects(S3, bucket, topic)) {
            Matcher key = keyPattern.matcher(object.key());
            assertThat(key.matches()).as("key %s", object.key()).isTrue();
            directories.add(object.name().partitionPath());
            for (Group row : object.rows()) {
                assertThat(row.getString("event_type", 0)).as(object.key()).isEqualTo(key.group(2));
                assertThat(LocalDate.ofInstant(Instant.ofEpochMilli(row.getLong("event_time", 0)), ZoneOffset.UTC))
                        .as(object.key()).hasToString(key.group(1));
            }
        }
        assertThat(directories).isEqualTo(expectedDirectories).contains(
                "processing_date=2026-12-31/event_type=click", "processing_date=2027-01-01/event_type=page_view");
        assertEveryOffsetOnce(bucket, topic, Map.of(0, 15L, 1, 15L));
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void fieldPartitionerNamesEachDirectoryAfterTheLastStepOfItsPath() throws Exception {
        String topic = TestNames.unique("layout-field");
        String bucket = S3.createBucket("layout");
        cluster.createTopic(topic, 1);
        List<String> types = List.of("click", "purchase");
        List<String> countries = List.of("FR", "DE");
        for (int i = 0; i < 8; i++) {
            send(cluster, topic, 0, null, Map.of("id", i, "event_type", types.get(i % 2),
                    "user", Map.of("country", countries.get(i / 4))));
        }
        cluster.producer().flush();

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("flush.size", "8");
        config.put("partitioner.class", "io.confluent.connect.storage.partitioner.FieldPartitioner");
        config.put("partition.field.name", "event_type,user.country");
        String connector = start(config, 1);

        awaitWhileHealthy(cluster, connector, "four objects", TIMEOUT, () -> dataKeys(S3, bucket).size() == 4);
        List<StoredObject> stored = objects(S3, bucket, topic);
        assertThat(stored).extracting(o -> o.name().partitionPath()).containsExactlyInAnyOrder(
                "event_type=click/country=FR", "event_type=purchase/country=FR",
                "event_type=click/country=DE", "event_type=purchase/country=DE");
        for (StoredObject object : stored) {
            assertThat(object.key()).startsWith(TOPICS_DIR + "/" + topic + "/" + object.name().partitionPath() + "/"
                    + topic + "+0+");
            for (Group row : object.rows()) {
                assertThat("event_type=" + row.getString("event_type", 0) + "/country="
                        + row.getGroup("user", 0).getString("country", 0)).isEqualTo(object.name().partitionPath());
            }
        }
        assertEveryOffsetOnce(bucket, topic, Map.of(0, 8L));
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void hourlyAndDailyPartitionersUseTheKafkaTimestamp() throws Exception {
        String topic = TestNames.unique("layout-hourly-daily");
        // Old timestamps (the broker refuses future ones): retention must not delete them before the connectors run.
        cluster.createTopic(topic, 1, Map.of("retention.ms", "-1"));
        // 2025-12-31 has week-based year 2026: YYYY must give the calendar year.
        List<Instant> times = List.of(Instant.parse("2026-11-20T08:15:30Z"), Instant.parse("2026-11-20T08:59:59.999Z"),
                Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-21T23:59:59Z"),
                Instant.parse("2025-12-31T23:00:00Z"));
        for (int i = 0; i < times.size(); i++) {
            send(cluster, topic, 0, times.get(i).toEpochMilli(), Map.of("id", i));
        }
        cluster.producer().flush();

        Map<String, Set<Long>> hourly = layoutOf(topic, "hourly", 4);
        assertThat(hourly).isEqualTo(Map.of(
                "year=2026/month=11/day=20/hour=08", Set.of(0L, 1L),
                "year=2026/month=11/day=20/hour=09", Set.of(2L),
                "year=2026/month=11/day=21/hour=23", Set.of(3L),
                "year=2025/month=12/day=31/hour=23", Set.of(4L)));
        Map<String, Set<Long>> daily = layoutOf(topic, "io.confluent.connect.storage.partitioner.DailyPartitioner", 3);
        assertThat(daily).isEqualTo(Map.of(
                "year=2026/month=11/day=20", Set.of(0L, 1L, 2L),
                "year=2026/month=11/day=21", Set.of(3L),
                "year=2025/month=12/day=31", Set.of(4L)));
    }

    /** Runs a connector with {@code partitioner} over the topic's 5 records; returns offsets by partition path. */
    private Map<String, Set<Long>> layoutOf(String topic, String partitioner, int objects) throws Exception {
        String bucket = S3.createBucket("layout");
        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("flush.size", "5");
        config.put("partitioner.class", partitioner);
        String connector = start(config, 1);
        awaitWhileHealthy(cluster, connector, objects + " objects of " + partitioner, TIMEOUT,
                () -> dataKeys(S3, bucket).size() == objects);
        Map<String, Set<Long>> offsetsByPath = new HashMap<>();
        for (StoredObject object : objects(S3, bucket, topic)) {
            offsetsByPath.computeIfAbsent(object.name().partitionPath(), p -> new HashSet<>())
                    .addAll(object.offsets());
        }
        assertEveryOffsetOnce(bucket, topic, Map.of(0, 5L));
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        return offsetsByPath;
    }

    @Test
    void hostileFieldValuesStayUnderTheTopicPrefixInValidKeysAndLandOnce() throws Exception {
        String topic = TestNames.unique("layout-hostile");
        String bucket = S3.createBucket("layout");
        cluster.createTopic(topic, 2);
        List<String> hostile = Arrays.asList("../../etc", "a/b", "..", ".", "x=y", "Zürich", "日本", "🚀🔥",
                "line\nbreak", "tab\there", "nul\u0000byte", "\u007f\u0085", "%2F", "100%", "back\\slash",
                " padded ", "x".repeat(2000), "日".repeat(700), "", null, "page_view");
        List<Map<String, Object>> values = new ArrayList<>();
        for (String type : hostile) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("event_type", type);
            values.add(value);
        }
        values.add(new LinkedHashMap<>()); // event_type missing
        // Two long values: the directory exceeds what a 1024-byte key leaves, so values are shortened further.
        values.add(new LinkedHashMap<>(Map.of("event_type", "e".repeat(600) + "1", "region", "r".repeat(2000))));
        for (int partition = 0; partition < 2; partition++) {
            for (int i = 0; i < values.size(); i++) {
                Map<String, Object> value = new LinkedHashMap<>(values.get(i));
                value.put("id", i);
                send(cluster, topic, partition, null, value);
            }
        }
        cluster.producer().flush();
        int perPartition = values.size();

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 2);
        config.put("flush.size", Integer.toString(perPartition));
        config.put("partitioner.class", "field");
        config.put("partition.field.name", "event_type,region");
        String connector = start(config, 2);

        // Every record of both partitions in S3 means both single-batch commits are complete.
        awaitWhileHealthy(cluster, connector, "all records in S3", TIMEOUT,
                () -> SinkTestSupport.rowCount(S3, bucket, topic) == 2L * perPartition);
        String topicPrefix = TOPICS_DIR + "/" + topic + "/";
        for (String key : S3.keys(bucket, "")) {
            assertThat(key).startsWith(topicPrefix);
            assertThat(key.getBytes(StandardCharsets.UTF_8).length).as("UTF-8 bytes of %s", key)
                    .isLessThanOrEqualTo(ObjectNaming.MAX_KEY_BYTES);
            assertThat(key.split("/", -1)).as("segments of %s", key).doesNotContain("", ".", "..");
            assertThat(key.chars()).as("characters of %s", key).noneMatch(c -> c < 0x20 || (c >= 0x7F && c < 0xA0));
            assertThat(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(key);
        }

        // Each directory holds the rows of one raw value (null, empty and missing all mean Hive's default partition).
        Map<String, Set<String>> rawByDirectory = new HashMap<>();
        for (StoredObject object : objects(S3, bucket, topic)) {
            List<String> types = object.strings("event_type");
            List<String> regions = object.strings("region");
            for (int i = 0; i < types.size(); i++) {
                rawByDirectory.computeIfAbsent(object.name().partitionPath(), p -> new HashSet<>())
                        .add(normalized(types.get(i)) + "\u0001" + normalized(regions.get(i)));
            }
        }
        assertThat(rawByDirectory.values()).as("raw values per directory").allMatch(raw -> raw.size() == 1);
        long distinctRaw = values.stream().map(v -> normalized((String) v.get("event_type")) + "\u0001"
                + normalized((String) v.get("region"))).distinct().count();
        assertThat(rawByDirectory).as("one directory per distinct value").hasSize((int) distinctRaw);
        for (Map.Entry<String, Set<String>> entry : rawByDirectory.entrySet()) {
            String raw = entry.getValue().iterator().next();
            String type = raw.substring(0, raw.indexOf('\u0001'));
            String escaped = HivePathEscaper.escape("null".equals(type) ? null : type);
            if (escaped.length() < HivePathEscaper.MAX_VALUE_BYTES / 2) {
                assertThat(entry.getKey()).startsWith("event_type=" + escaped + "/region=");
            } else {
                assertThat(entry.getKey()).matches("event_type=[^/]*~[0-9a-f]{16}/region=[^/]+");
            }
        }
        String noRegion = "/region=" + HivePathEscaper.DEFAULT_PARTITION;
        assertThat(rawByDirectory.keySet()).contains(
                "event_type=..%2F..%2Fetc" + noRegion, "event_type=a%2Fb" + noRegion,
                "event_type=%2E%2E" + noRegion, "event_type=%2E" + noRegion, "event_type=x%3Dy" + noRegion,
                "event_type=Zürich" + noRegion, "event_type=日本" + noRegion, "event_type=🚀🔥" + noRegion,
                "event_type=line%0Abreak" + noRegion, "event_type=tab%09here" + noRegion,
                "event_type=nul%00byte" + noRegion, "event_type=%7F%85" + noRegion, "event_type=%252F" + noRegion,
                "event_type=100%25" + noRegion, "event_type=back%5Cslash" + noRegion,
                "event_type=" + HivePathEscaper.DEFAULT_PARTITION + noRegion);
        assertEveryOffsetOnce(bucket, topic, Map.of(0, (long) perPartition, 1, (long) perPartition));
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    /** The raw value a directory stands for: null, empty and missing are one (Hive's default partition). */
    private static String normalized(String value) {
        return value == null || value.isEmpty() ? "null" : value;
    }

    private String start(Map<String, String> config, int tasks) {
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, tasks, TIMEOUT);
        return connector;
    }

    /** Offsets 0 until {@code endByPartition} (exclusive) are in S3 once each, and no other offset is. */
    private static void assertEveryOffsetOnce(String bucket, String topic, Map<Integer, Long> endByPartition) {
        Map<Integer, Map<Long, Integer>> written = writtenOffsets(S3, bucket, topic);
        assertThat(written).containsOnlyKeys(endByPartition.keySet());
        endByPartition.forEach((partition, end) -> {
            assertThat(written.get(partition).keySet()).as("offsets of partition %d", partition)
                    .isEqualTo(LongStream.range(0, end).boxed().collect(Collectors.toCollection(TreeSet::new)));
            assertThat(written.get(partition).values()).as("times each offset was written").containsOnly(1);
        });
    }
}
