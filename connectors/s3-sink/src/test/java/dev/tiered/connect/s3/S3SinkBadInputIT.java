package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.JsonRecords.utf8;
import static dev.tiered.connect.s3.SinkTestSupport.dataKeys;
import static dev.tiered.connect.s3.SinkTestSupport.parse;
import static dev.tiered.connect.s3.SinkTestSupport.writtenOffsets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.s3.layout.ObjectKey;
import dev.tiered.connect.s3.layout.PartitioningException;
import dev.tiered.connect.s3.parquet.RecordConversionException;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;

/** Records the sink cannot write, tombstones and invalid configurations: DLQ, fail, skip, validate errors. */
class S3SinkBadInputIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final S3TestServer S3 = S3TestServer.shared();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final Schema AMOUNT = Decimal.builder(2).parameter("connect.decimal.precision", "4").optional().build();
    static final Schema ORDER = SchemaBuilder.struct().name("Order")
            .field("id", Schema.INT32_SCHEMA)
            .field("event_time", Timestamp.builder().optional().build())
            .field("amount", AMOUNT)
            .build();
    /** A nested struct without fields has no Parquet representation. */
    static final Schema ORDER_WITH_EMPTY_STRUCT = SchemaBuilder.struct().name("OrderWithEmptyStruct")
            .field("id", Schema.INT32_SCHEMA)
            .field("event_time", Timestamp.builder().optional().build())
            .field("extra", SchemaBuilder.struct().optional().build())
            .build();
    /** A timestamp field that is not a time. */
    static final Schema ORDER_WITH_BOOLEAN_TIME = SchemaBuilder.struct().name("OrderWithBooleanTime")
            .field("id", Schema.INT32_SCHEMA)
            .field("event_time", Schema.BOOLEAN_SCHEMA)
            .build();
    static final Instant DAY1 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant DAY3 = Instant.parse("2026-03-03T10:00:00Z");

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();

    @Test
    void recordsTheSinkCannotWriteGoToTheDeadLetterQueueAndTheRestOfTheBatchLandsOnce() throws Exception {
        String topic = TestNames.unique("orders");
        String dlq = TestNames.unique("orders-dlq");
        String bucket = S3.createBucket("bad-input");
        cluster.createTopic(topic, 1);
        JsonRecords records = new JsonRecords(cluster, topic);
        records.sendAll(List.of(
                records.envelope(ORDER, order(0, DAY1, "1.00")),                         // 0 good
                records.envelope(ORDER, order(1, null, "1.00")),                         // 1 no time
                records.envelope(ORDER, order(2, DAY2, "2.00")),                         // 2 good
                utf8("{\"schema\": {\"type\": \"struct\", \"fields\": ["),              // 3 malformed JSON
                records.envelope(ORDER, order(4, DAY1, "4.00")),                         // 4 good
                records.envelope(ORDER, order(5, DAY3, "123.45")),                       // 5 > DECIMAL(4,2)
                records.envelope(ORDER_WITH_EMPTY_STRUCT, new Struct(ORDER_WITH_EMPTY_STRUCT).put("id", 6)
                        .put("event_time", java.util.Date.from(DAY1))),                 // 6 empty struct
                records.envelope(ORDER, order(7, DAY2, "7.00")),                         // 7 good
                records.envelope(ORDER_WITH_BOOLEAN_TIME, new Struct(ORDER_WITH_BOOLEAN_TIME).put("id", 8)
                        .put("event_time", true)),                                      // 8 time not a time
                records.envelope(ORDER, order(9, DAY1, "9.00"))));                       // 9 good

        Map<String, String> config = timePartitionedConfig(bucket, topic);
        config.put("value.converter.schemas.enable", "true");
        config.put("flush.size", "5");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        awaitCommittedOffset(connector, 10);

        // The five good records, in their day directories, exactly once; none of the bad ones.
        assertThat(writtenOffsets(S3, bucket, topic).get(0)).containsOnlyKeys(0L, 2L, 4L, 7L, 9L)
                .allSatisfy((offset, count) -> assertThat(count).as("copies of offset %s", offset).isOne());
        List<String> keys = dataKeys(S3, bucket);
        assertThat(keys).as("one object per day that has good records; day 3 had only a bad one").hasSize(2)
                .anyMatch(k -> k.contains("/day=01/")).anyMatch(k -> k.contains("/day=02/"));
        for (String key : keys) {
            assertObjectNamesItsRows(bucket, key);
        }

        List<ConsumerRecord<byte[], byte[]>> dead = cluster.consume(dlq, 5, TIMEOUT);
        Map<Long, Map<String, String>> headersByOffset = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            Map<String, String> headers = errorHeaders(record);
            assertThat(headers.get("__connect.errors.topic")).isEqualTo(topic);
            assertThat(headers.get("__connect.errors.partition")).isEqualTo("0");
            headersByOffset.put(Long.parseLong(headers.get("__connect.errors.offset")), headers);
        }
        assertThat(headersByOffset).containsOnlyKeys(1L, 3L, 5L, 6L, 8L);
        assertThat(dead).hasSize(5);
        assertSinkError(headersByOffset.get(1L), PartitioningException.class, "timestamp field 'event_time' is null");
        assertSinkError(headersByOffset.get(5L), RecordConversionException.class, "'amount'");
        assertSinkError(headersByOffset.get(6L), RecordConversionException.class, "'extra'");
        assertSinkError(headersByOffset.get(8L), PartitioningException.class, "unsupported type boolean");
        // The malformed record never reached the sink: Connect's converter sent it, and the pipeline went on.
        assertThat(headersByOffset.get(3L).get("__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
        assertThat(headersByOffset.get(3L).get("__connect.errors.exception.class.name"))
                .isEqualTo(org.apache.kafka.connect.errors.DataException.class.getName());
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void withoutADeadLetterQueueAnInvalidRecordFailsTheTaskNamingItsPosition() throws Exception {
        String topic = TestNames.unique("no-time");
        String bucket = S3.createBucket("bad-input");
        sendSchemalessWithARecordMissingItsTime(topic);

        Map<String, String> config = timePartitionedConfig(bucket, topic);
        config.put("flush.size", "3");
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        ConnectorStateInfo status = cluster.awaitConnectorOrTaskFailed(connector, TIMEOUT);

        String trace = failedTaskTrace(status);
        assertThat(trace).contains("Cannot write record " + topic + "-0 offset 2")
                .contains("timestamp field 'event_time' is missing")
                .contains("behavior.on.invalid.records=skip")
                .doesNotContain(S3.secretKey());
        assertThat(dataKeys(S3, bucket)).as("the batch never reached its size").isEmpty();
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void skippingInvalidRecordsWritesAllTheOthers() throws Exception {
        String topic = TestNames.unique("no-time");
        String bucket = S3.createBucket("bad-input");
        sendSchemalessWithARecordMissingItsTime(topic);

        Map<String, String> config = timePartitionedConfig(bucket, topic);
        config.put("flush.size", "3");
        config.put("behavior.on.invalid.records", "skip");
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        awaitCommittedOffset(connector, 4);

        assertThat(writtenOffsets(S3, bucket, topic).get(0)).containsOnlyKeys(0L, 1L, 3L)
                .allSatisfy((offset, count) -> assertThat(count).isOne());
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void tombstonesAreIgnoredByDefault() throws Exception {
        String topic = TestNames.unique("tombstones");
        String bucket = S3.createBucket("bad-input");
        sendWithTombstones(topic);

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("flush.size", "3");
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        awaitCommittedOffset(connector, 5);

        assertThat(writtenOffsets(S3, bucket, topic).get(0)).containsOnlyKeys(0L, 2L, 4L)
                .allSatisfy((offset, count) -> assertThat(count).isOne());
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void tombstonesFailTheTaskWhenAskedTo() throws Exception {
        String topic = TestNames.unique("tombstones");
        String bucket = S3.createBucket("bad-input");
        sendWithTombstones(topic);

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("flush.size", "3");
        config.put("behavior.on.null.values", "fail");
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        ConnectorStateInfo status = cluster.awaitConnectorOrTaskFailed(connector, TIMEOUT);

        assertThat(failedTaskTrace(status)).contains("Record " + topic + "-0@1 has a null value")
                .contains("behavior.on.null.values=fail")
                .doesNotContain(S3.secretKey());
        assertThat(dataKeys(S3, bucket)).isEmpty();
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    @Test
    void validationBlamesEachInvalidKeyAndNeverEchoesTheSecret() throws Exception {
        String bucket = S3.createBucket("bad-input");
        String canary = "canary-secret-" + UUID.randomUUID();
        String topic = TestNames.unique("validate");
        cluster.createTopic(topic, 1);
        Map<String, String> base = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        base.put("aws.secret.access.key", canary);

        assertThat(keysWithErrors(validate(base, canary))).as("the base config is valid").isEmpty();
        assertOnlyErrorOn(base, Map.of("parquet.codec", "lz5"), canary, "parquet.codec");
        assertOnlyErrorOn(base, Map.of("flush.size", "0"), canary, "flush.size");
        assertOnlyErrorOn(base, Map.of("behavior.on.null.values", "maybe"), canary, "behavior.on.null.values");
        assertOnlyErrorOn(base, Map.of("behavior.on.invalid.records", "retry"), canary,
                "behavior.on.invalid.records");
        // Cross-key checks blame the key to fix: path.format for a time partitioner, the keys for static credentials.
        assertOnlyErrorOn(base, Map.of("partitioner.class", "time"), canary, "path.format");
        Map<String, String> noKeys = new HashMap<>(base);
        noKeys.remove("aws.access.key.id");
        noKeys.remove("aws.secret.access.key");
        assertOnlyErrorOn(noKeys, Map.of("s3.credentials.provider", "static"), canary, "aws.access.key.id",
                "aws.secret.access.key");

        // A task that fails with the (wrong) secret does not show it in its status either.
        String connector = base.get("name");
        cluster.connect().configureConnector(connector, base);
        ConnectorStateInfo status = cluster.awaitConnectorOrTaskFailed(connector, TIMEOUT);
        assertThat(failedTaskTrace(status)).isNotBlank().doesNotContain(canary);
        assertThat(cluster.describeConnector(connector)).doesNotContain(canary);
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Waits until the connector's consumer group committed {@code offset} for partition 0: the sink reports offsets
     * only once the batch holding them is complete in S3, so every object of it is there by then.
     */
    private void awaitCommittedOffset(String connector, long offset) {
        SinkTestSupport.awaitWhileHealthy(cluster, connector, "committed offset " + offset, TIMEOUT, () -> {
            Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                    .listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
            return committed.values().stream().anyMatch(o -> o != null && o.offset() >= offset);
        });
    }

    private static Struct order(int id, Instant time, String amount) {
        return new Struct(ORDER).put("id", id)
                .put("event_time", time == null ? null : java.util.Date.from(time))
                .put("amount", new BigDecimal(amount));
    }

    /** Daily directories by the value's event_time. */
    private static Map<String, String> timePartitionedConfig(String bucket, String topic) {
        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 1);
        config.put("partitioner.class", "time");
        config.put("path.format", "'year'=YYYY/'month'=MM/'day'=dd");
        config.put("timestamp.extractor", "RecordField");
        config.put("timestamp.field", "event_time");
        return config;
    }

    /** Offsets 0, 1 and 3 have an event time; offset 2 has none. */
    private void sendSchemalessWithARecordMissingItsTime(String topic) {
        cluster.createTopic(topic, 1);
        new JsonRecords(cluster, topic).sendAll(List.of(
                utf8("{\"id\":0,\"event_time\":\"2026-03-01T10:00:00Z\"}"),
                utf8("{\"id\":1,\"event_time\":\"2026-03-02T10:00:00Z\"}"),
                utf8("{\"id\":2}"),
                utf8("{\"id\":3,\"event_time\":\"2026-03-01T11:00:00Z\"}")));
    }

    /** Values at offsets 0, 2, 4; tombstones at 1 and 3. */
    private void sendWithTombstones(String topic) {
        cluster.createTopic(topic, 1);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            values.add(i % 2 == 0 ? utf8("{\"id\":" + i + "}") : null);
        }
        new JsonRecords(cluster, topic).sendAll(values);
    }

    /** The key's first and last offsets are rows of the object: no empty object, no range it does not hold. */
    private static void assertObjectNamesItsRows(String bucket, String key) {
        ObjectKey parsed = parse(key);
        Set<Long> offsets = new HashSet<>();
        for (Group row : SinkTestSupport.rows(S3, bucket, key)) {
            offsets.add(row.getLong("_kafka_offset", 0));
        }
        assertThat(offsets).as("rows of %s", key).contains(parsed.startOffset(), parsed.endOffset());
    }

    private static Map<String, String> errorHeaders(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith("__connect.errors.")) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    private static void assertSinkError(Map<String, String> headers, Class<?> exception, String messagePart) {
        assertThat(headers.get("__connect.errors.stage")).isEqualTo("TASK_PUT");
        assertThat(headers.get("__connect.errors.exception.class.name")).isEqualTo(exception.getName());
        assertThat(headers.get("__connect.errors.exception.message")).contains(messagePart);
    }

    private static String failedTaskTrace(ConnectorStateInfo status) {
        return status.tasks().stream().filter(t -> "FAILED".equals(t.state())).map(t -> t.trace()).findFirst()
                .orElseThrow(() -> new AssertionError("no FAILED task in " + status.tasks()));
    }

    /** {@code PUT /connector-plugins/{class}/config/validate}, checking the raw response for the secret. */
    private JsonNode validate(Map<String, String> config, String secret) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.restUrl().replaceAll("/$", "")
                        + "/connector-plugins/" + S3ParquetSinkConnector.class.getSimpleName() + "/config/validate"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
                .timeout(TIMEOUT)
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).as("validate response").doesNotContain(secret);
        return JSON.readTree(response.body());
    }

    private void assertOnlyErrorOn(Map<String, String> base, Map<String, String> change, String secret,
                                   String... blamedKeys) throws Exception {
        Map<String, String> config = new HashMap<>(base);
        config.putAll(change);
        Map<String, List<String>> errors = keysWithErrors(validate(config, secret));
        assertThat(errors.keySet()).as("keys with errors for %s", change).containsExactlyInAnyOrder(blamedKeys);
        for (String key : blamedKeys) {
            assertThat(errors.get(key)).as("errors on %s for %s", key, change).anyMatch(m -> m.contains(key));
        }
    }

    private static Map<String, List<String>> keysWithErrors(JsonNode validation) {
        Map<String, List<String>> errors = new TreeMap<>();
        for (JsonNode config : validation.path("configs")) {
            List<String> messages = new ArrayList<>();
            config.path("value").path("errors").forEach(e -> messages.add(e.asText()));
            if (!messages.isEmpty()) {
                errors.put(config.path("value").path("name").asText(), messages);
            }
        }
        assertThat(validation.path("error_count").asInt()).isEqualTo(
                errors.values().stream().mapToInt(List::size).sum());
        return errors;
    }
}
