package dev.tiered.connect.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.faults.hostile.DeadLetters;
import dev.tiered.connect.faults.hostile.HostileRecords;
import dev.tiered.connect.faults.hostile.HostileReport;
import dev.tiered.connect.faults.hostile.HostileStream;
import dev.tiered.connect.faults.hostile.HostileStream.Expect;
import dev.tiered.connect.faults.hostile.HostileStream.Sent;
import dev.tiered.connect.faults.hostile.StoredRows;
import dev.tiered.connect.faults.hostile.StoredRows.Row;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile input end to end: the S3 sink with the PriorityRouter, both loaded from plugin.path, with a dead letter
 * queue, meets malformed JSON, wrong types, 10 MB records, deep nesting, path-escaping partition values, null and
 * empty keys and values, schema flips and 10,000 fields; every good record lands exactly once, correctly routed.
 */
class HostileInputIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(150);
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final int GOOD_RECORDS = 300;
    private static final int SCHEMA_FLIPS = 60;
    private static final String TOPICS_DIR = "lake";
    private static final S3TestServer S3 = S3TestServer.shared();
    private static final Map<String, Object> BIG_FETCH =
            Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_MESSAGE_BYTES);

    private static final Logger LOG = LoggerFactory.getLogger(HostileInputIT.class);
    /** The report's parts, by test, in a fixed order whatever order the tests ran in. */
    private static final Map<Integer, String> SECTIONS = new java.util.concurrent.ConcurrentSkipListMap<>();

    private static ConnectTestCluster cluster;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startClusterThatAcceptsBigRecords() {
        // What a user raises for 10 MB records: the broker's limit here, the clients' in the producer and the
        // connector's consumer.override.* / producer.override.* (the DLQ producer) below.
        cluster = ConnectTestCluster.builder().name("hostile").workers(1)
                .pluginPath(InstalledPack.pluginPath())
                .brokerProperty("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES))
                .brokerProperty("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES))
                .build().start();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * MAX_MESSAGE_BYTES);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void writeReportAndStopCluster() {
        if (!SECTIONS.isEmpty()) {
            ReliabilityReport.writeSection("hostile-input", "Hostile input", HostileInputIT.class,
                    String.join("\n\n", SECTIONS.values()));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyHostileRecordIsWrittenOrDeadLetteredAndEveryGoodRecordLandsOnceOnItsRoute() throws Exception {
        String topic = TestNames.unique("hostile");
        String hot = topic + ".hot";
        String cold = topic + ".cold";
        String dlq = topic + "-dlq";
        String bucket = S3.createBucket("hostile");
        for (String routed : List.of(hot, cold)) {
            cluster.createTopic(routed, 1, Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES)));
        }
        List<Sent> sent = HostileRecords.build(GOOD_RECORDS).records();
        Path file = Files.createTempFile("hostile", ".jsonl");
        Files.write(file, sent.stream().filter(r -> r.line() != null).map(Sent::line).toList(),
                StandardCharsets.UTF_8);
        for (Sent direct : sent.stream().filter(r -> r.line() == null).toList()) {
            producer.send(new ProducerRecord<>(cold, 0, HostileStream.utf8(direct.key()), null)).get();
        }
        String source = TestNames.unique("hostile-source");
        cluster.connect().configureConnector(source, sourceConfig(file, topic));

        Map<String, String> config = sinkConfig(bucket, hot + "," + cold);
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);

        // Every line routed, then every routed record behind the sink's committed offsets.
        Awaitility.await("the file source routed every line").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> failFast(source) && cluster.countRecords(hot) + cluster.countRecords(cold)
                        >= sent.size());
        assertThat(cluster.countRecords(hot) + cluster.countRecords(cold)).isEqualTo(sent.size());
        awaitCommitted(connector, Map.of(hot, cluster.countRecords(hot), cold, cluster.countRecords(cold)));
        assertThat(cluster.connect().connectorStatus(connector).tasks()).as("tasks after the hostile stream")
                .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));

        Map<String, String> routeOf = new HashMap<>();
        Map<String, Sent> routed = routedRecords(sent, hot, cold, routeOf);
        assertThat(Set.copyOf(routed.values())).as("every produced record routed once").hasSize(sent.size());

        assertThat(cluster.connect().connectorStatus(source).tasks()).as("source tasks after the hostile stream")
                .allSatisfy(task -> assertThat(task.state()).isEqualTo("RUNNING"));
        long expectedDeadLetters = sent.stream().filter(r -> r.expect() == Expect.DLQ_CONVERTER
                || r.expect() == Expect.DLQ_SINK).count();
        try {
            // Connect sends dead letters asynchronously; a missing one is then named by the outcome check below.
            Awaitility.await("dead letters").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> cluster.countRecords(dlq) >= expectedDeadLetters);
        } catch (ConditionTimeoutException e) {
            LOG.error("Only {} of {} dead letters arrived", cluster.countRecords(dlq), expectedDeadLetters);
        }

        List<String> keys = StoredRows.dataKeys(S3, bucket, TOPICS_DIR + "/");
        List<Row> rows = StoredRows.read(S3, bucket, keys);
        Map<String, List<Row>> rowsByRecord = rows.stream()
                .collect(Collectors.groupingBy(row -> row.topic() + "@" + row.offset()));
        Map<String, DeadLetters> dead = deadLetters(dlq);

        Map<Sent, String> whereIs = new HashMap<>();
        routed.forEach((where, origin) -> whereIs.put(origin, where));
        HostileReport report = new HostileReport(topic);
        for (Sent record : sent) {
            String where = whereIs.get(record);
            report.record(record, routeOf.get(where), rowsByRecord.getOrDefault(where, List.of()), dead.get(where));
        }
        long flipObjects = keys.stream().filter(key -> key.contains("/region=flip/")).count();
        SECTIONS.put(1, report.markdown("""
                Kafka's file source replays %d lines (%d good records, the hostile ones in between) through the \
                PriorityRouter (`on.error=cold`) to `{topic}.hot` / `{topic}.cold`, every record with a null key; \
                one tombstone is produced to the cold topic directly. One S3 sink task (`errors.tolerance=all`, a dead letter queue, field \
                partitioner on `region`, `flush.size=100`) reads both topics. The pack is loaded from plugin.path; \
                broker `message.max.bytes`, producer `max.request.size` and the sink's \
                `consumer.override.max.partition.fetch.bytes` are raised to 16 MiB for the 10 MB records, which a \
                user who raised those limits expects to be stored, not rejected. The %d schema-flip records took %d \
                object(s).""".formatted(sent.size() - 1, GOOD_RECORDS + 1, HostileRecords.FLIPS, flipObjects)));
        report.failures().forEach(failure -> LOG.error("Unexpected outcome: {}", failure));

        assertEveryKeyIsItsRowsDirectoryAndOffsets(rows, routed);
        assertThat(report.failures()).as("records whose outcome is not the expected one").isEmpty();
        assertThat(report.goodDelivered()).isEqualTo(GOOD_RECORDS + 1);

        // Schema flips widen the column once; they do not roll an object per record.
        assertThat(flipObjects).as("objects for %s flipping records, flush.size 100", HostileRecords.FLIPS)
                .isBetween(1L, 4L);
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        cluster.deleteConnectorAndAwait(source, TIMEOUT);
        Files.delete(file);
    }

    @Test
    void schemaFlipsWithSchemasLandOnceEachOnTheirRoute() throws Exception {
        String topic = TestNames.unique("hostile-schemas");
        String hot = topic + ".hot";
        String cold = topic + ".cold";
        String bucket = S3.createBucket("hostile-schemas");
        cluster.createTopic(hot, 1);
        cluster.createTopic(cold, 1);
        List<String> lines = new ArrayList<>();
        Map<String, String> expectedRoute = new HashMap<>();
        for (int i = 0; i < SCHEMA_FLIPS; i++) {
            lines.add(HostileRecords.schemaFlip(i));
            expectedRoute.put("s-" + i, HostileRecords.schemaFlipIsHot(i) ? "hot" : "cold");
        }
        Path file = Files.createTempFile("hostile-schemas", ".jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        String source = TestNames.unique("hostile-schemas-source");
        cluster.connect().configureConnector(source, sourceConfig(file, topic));
        Map<String, String> config = sinkConfig(bucket, hot + "," + cold);
        config.put("value.converter.schemas.enable", "true");
        // One batch per topic in the usual case: the file source hands over all lines at once.
        config.put("rotate.schedule.interval.ms", "10000");
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        Awaitility.await("the file source routed every line").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> failFast(source) && cluster.countRecords(hot) + cluster.countRecords(cold)
                        >= SCHEMA_FLIPS);
        awaitCommitted(connector, Map.of(hot, cluster.countRecords(hot), cold, cluster.countRecords(cold)));

        List<String> keys = StoredRows.dataKeys(S3, bucket, TOPICS_DIR + "/");
        List<Row> rows = StoredRows.read(S3, bucket, keys);
        Map<String, String> stored = new HashMap<>();
        for (Row row : rows) {
            assertThat(stored.put(row.id(), row.topic().equals(hot) ? "hot" : "cold")).as("copies of %s", row.id())
                    .isNull();
        }
        assertThat(stored).as("every record once, on its route").isEqualTo(expectedRoute);
        // A path keeps one open file per schema (up to four) within a batch, so three alternating schemas cost three
        // objects per topic and batch, not one per change; two batches per topic allowed for a slow machine.
        assertThat(keys.size()).as("objects for %s records flipping between 3 schemas on 2 topics", SCHEMA_FLIPS)
                .isLessThanOrEqualTo(3 * 2 * 2);
        SECTIONS.put(2, """
                Schema flips with `schemas.enable=true` (three schemas in turn, the field `v` an int32, a string, a \
                struct): %d records through the router to the sink: %d written once each (0 lost, 0 duplicated, \
                0 misrouted), in %d objects on the two routes: a path keeps one open file per schema (up to four) \
                within a batch, so alternating schemas do not cost an object per change.\
                """.formatted(SCHEMA_FLIPS, stored.size(), keys.size()));
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        cluster.deleteConnectorAndAwait(source, TIMEOUT);
        Files.delete(file);
    }

    @Test
    void withoutToleranceTheTaskFailsNamingTheRecordsTopicPartitionAndOffset() throws Exception {
        String topic = TestNames.unique("hostile-strict");
        String bucket = S3.createBucket("hostile-strict");
        cluster.createTopic(topic, 1);
        for (int i = 0; i < 4; i++) {
            String region = i == 2 ? "{\"x\":{\"y\":1}}" : "\"eu\"";
            producer.send(new ProducerRecord<>(topic, 0, null, HostileStream.utf8("{\"id\":\"s-" + i
                    + "\",\"region\":" + region + ",\"amount\":5}"))).get();
        }
        Map<String, String> config = sinkConfig(bucket, topic);
        config.put("flush.size", "2");
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        ConnectorStateInfo status = cluster.awaitConnectorOrTaskFailed(connector, TIMEOUT);

        String trace = status.tasks().stream().filter(t -> "FAILED".equals(t.state())).map(t -> t.trace())
                .findFirst().orElseThrow();
        assertThat(trace).contains("Cannot write record " + topic + "-0 offset 2")
                .contains("partition field 'region' is a map")
                .contains("errors.tolerance=all")
                .doesNotContain(S3.secretKey());
        Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                .listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
        assertThat(committed.values()).as("nothing committed past the failing record")
                .allSatisfy(offset -> assertThat(offset == null ? 0 : offset.offset()).isLessThanOrEqualTo(2));
        assertThat(StoredRows.read(S3, bucket, StoredRows.dataKeys(S3, bucket, TOPICS_DIR + "/")))
                .extracting(Row::offset).as("the batch before it, once").containsExactly(0L, 1L);
        SECTIONS.put(3, """
                Without `errors.tolerance` (and no `behavior.on.invalid.records=skip`), a record whose partition \
                field is an object fails the task with: `%s`. Nothing past it was committed; the batch before it \
                was written once.""".formatted(trace.lines().filter(line -> line.contains("Cannot write record"))
                .findFirst().orElse("").replaceFirst(".*?(Cannot write record)", "$1").replace(topic, "{topic}")
                .replace("|", "\\|")));
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Which produced record each routed one ({@code <topic>@<offset>}) is: lines are unique, the tombstone is the
     * only null value. Fills {@code routeOf} with the route each took.
     */
    private static Map<String, Sent> routedRecords(List<Sent> sent, String hot, String cold,
                                                   Map<String, String> routeOf) {
        Map<String, Sent> byLine = new HashMap<>();
        sent.stream().filter(r -> r.line() != null).forEach(r -> assertThat(byLine.put(r.line(), r)).isNull());
        Sent tombstone = sent.stream().filter(r -> r.line() == null).findFirst().orElseThrow();
        Map<String, Sent> routed = new HashMap<>();
        for (String routedTopic : List.of(hot, cold)) {
            for (ConsumerRecord<byte[], byte[]> record : cluster.consumeAll(routedTopic, TIMEOUT, BIG_FETCH)) {
                Sent origin = record.value() == null ? tombstone
                        : byLine.get(new String(record.value(), StandardCharsets.UTF_8));
                assertThat(origin).as("produced record for %s@%s", routedTopic, record.offset()).isNotNull();
                String where = routedTopic + "@" + record.offset();
                routed.put(where, origin);
                routeOf.put(where, routedTopic.equals(hot) ? "hot" : "cold");
            }
        }
        return routed;
    }

    /** The DLQ's entries by the {@code <topic>@<offset>} of the record each stands for; one entry per record. */
    private static Map<String, DeadLetters> deadLetters(String dlq) {
        Map<String, DeadLetters> dead = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.consumeAll(dlq, TIMEOUT, BIG_FETCH)) {
            DeadLetters letter = DeadLetters.of(record);
            assertThat(dead.put(letter.topic() + "@" + letter.offset(), letter)).as("DLQ entries for %s", letter)
                    .isNull();
        }
        return dead;
    }

    /**
     * Nothing escaped its topic's prefix: every key is exactly {@code lake/<topic>/<the directory its records
     * expect>/<topic>+0+<first offset>+<last offset>.parquet}, for the offsets of the rows it holds.
     */
    private static void assertEveryKeyIsItsRowsDirectoryAndOffsets(List<Row> rows, Map<String, Sent> routed) {
        for (Map.Entry<String, List<Row>> object : rows.stream()
                .collect(Collectors.groupingBy(Row::objectKey, TreeMap::new, Collectors.toList())).entrySet()) {
            List<Row> objectRows = object.getValue();
            Row firstRow = objectRows.get(0);
            Sent first = routed.get(firstRow.topic() + "@" + firstRow.offset());
            long min = objectRows.stream().mapToLong(Row::offset).min().orElseThrow();
            long max = objectRows.stream().mapToLong(Row::offset).max().orElseThrow();
            assertThat(object.getKey()).isEqualTo(TOPICS_DIR + "/" + firstRow.topic() + "/" + first.directory()
                    + "/" + firstRow.topic() + "+0+" + pad(min) + "+" + pad(max) + ".parquet");
            assertThat(objectRows).as("rows of %s", object.getKey()).allSatisfy(row -> assertThat(
                    routed.get(row.topic() + "@" + row.offset()).directory()).isEqualTo(first.directory()));
        }
    }

    /** Kafka's file source, one record per line, through the PriorityRouter to {@code <topic>.hot|cold}. */
    private static Map<String, String> sourceConfig(Path file, String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector");
        config.put("tasks.max", "1");
        config.put("file", file.toAbsolutePath().toString());
        config.put("topic", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("producer.override.max.request.size", Integer.toString(MAX_MESSAGE_BYTES));
        config.put("producer.override.buffer.memory", Integer.toString(4 * MAX_MESSAGE_BYTES));
        config.put("transforms", "route");
        config.put("transforms.route.type", InstalledPack.ROUTER);
        config.put("transforms.route.score.field", "priority");
        config.put("transforms.route.rules", "big,gold");
        config.put("transforms.route.rules.big.when", "amount > 1000");
        config.put("transforms.route.rules.big.score", "1.0");
        config.put("transforms.route.rules.gold.when", "tier == 'gold'");
        config.put("transforms.route.rules.gold.score", "0.95");
        return config;
    }

    private static Map<String, String> sinkConfig(String bucket, String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", TestNames.unique("hostile-sink"));
        config.put("connector.class", InstalledPack.S3_SINK);
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("s3.bucket.name", bucket);
        config.put("store.url", S3.endpoint().toString());
        config.put("s3.region", S3.region());
        config.put("s3.path.style.access.enabled", "true");
        config.put("s3.credentials.provider", "static");
        config.put("aws.access.key.id", S3.accessKey());
        config.put("aws.secret.access.key", S3.secretKey());
        config.put("topics.dir", TOPICS_DIR);
        config.put("partitioner.class", "field");
        config.put("partition.field.name", HostileRecords.PARTITION_FIELD);
        config.put("flush.size", "100");
        config.put("rotate.schedule.interval.ms", "2000");
        // Uncompressed: parquet-java's reader decompresses through Hadoop, which the suite does not carry.
        config.put("parquet.codec", "none");
        config.put("kafka.metadata.columns", "topic,partition,offset,key,headers");
        config.put("consumer.override.max.partition.fetch.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        config.put("consumer.override.fetch.max.bytes", Integer.toString(4 * MAX_MESSAGE_BYTES));
        config.put("producer.override.max.request.size", Integer.toString(MAX_MESSAGE_BYTES));
        return config;
    }

    /** Waits until the sink committed at least {@code offsets} (topic to offset, partition 0), failing fast. */
    private static void awaitCommitted(String connector, Map<String, Long> offsets) {
        Awaitility.await("sink " + connector + " committed " + offsets).atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    failFast(connector);
                    Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                            .listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
                    return offsets.entrySet().stream().allMatch(e -> {
                        OffsetAndMetadata done = committed.get(new TopicPartition(e.getKey(), 0));
                        return e.getValue() == 0 || done != null && done.offset() >= e.getValue();
                    });
                });
    }

    /** True, or an AssertionError with the trace if the connector or a task of it failed. */
    private static boolean failFast(String connector) {
        ConnectorStateInfo status = cluster.connect().connectorStatus(connector);
        if ("FAILED".equals(status.connector().state())) {
            throw new AssertionError("connector " + connector + " failed: " + status.connector().trace());
        }
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            if ("FAILED".equals(task.state())) {
                throw new AssertionError("task " + task.id() + " of " + connector + " failed: " + task.trace());
            }
        }
        return true;
    }

    private static String pad(long offset) {
        return String.format("%020d", offset);
    }
}
