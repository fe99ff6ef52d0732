package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.TestNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code max.in.flight.records} on real Connect workers: with a bound of 3 records, streaming goes on only if Connect
 * reports every record back through {@code commitRecord} — after the producer's acknowledgement, for records a
 * transform dropped, and, under exactly-once, after each transaction's commit. A missed report would stall the task
 * after three records.
 */
class InFlightBoundIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final PostgresTestServer PG = PostgresTestServer.shared();
    private static final Map<String, Object> READ_COMMITTED = Map.of("isolation.level", "read_committed");

    @Test
    void recordsDroppedByATransformLeaveTheBoundToo() {
        ConnectTestCluster cluster = ConnectTestCluster.shared();
        try (CdcTestDatabase fixture = new CdcTestDatabase(cluster, "inflight", TIMEOUT)) {
            PG.execute(fixture.db, "CREATE TABLE dropped (id int PRIMARY KEY)");
            Map<String, String> config = bounded(fixture);
            config.put("transforms", "drop");
            config.put("transforms.drop.type", "org.apache.kafka.connect.transforms.Filter");
            config.put("transforms.drop.predicate", "isDropped");
            config.put("predicates", "isDropped");
            config.put("predicates.isDropped.type",
                    "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
            config.put("predicates.isDropped.pattern", ".*\\.public\\.dropped");
            start(fixture, config);

            PG.execute(fixture.db, "INSERT INTO dropped SELECT g FROM generate_series(1, 200) g");
            insertCustomers(fixture, 100);
            String topic = fixture.prefix + ".public.customers";
            await("the 100 customers behind 200 dropped records").atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(250)).until(() -> cluster.countRecords(topic) >= 100);
            assertThat(ids(cluster.consumeAll(topic, TIMEOUT))).as("every insert once, in commit order")
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
            assertThat(cluster.countRecords(fixture.prefix + ".public.dropped")).isZero();
        }
    }

    @Test
    void underExactlyOnceRecordsLeaveTheBoundWhenTheirTransactionCommits() {
        try (ConnectTestCluster cluster = ConnectTestCluster.builder().name(TestNames.unique("cdc-inflight-eos"))
                .workers(1).workerProperty("exactly.once.source.support", "enabled").build().start();
             CdcTestDatabase fixture = new CdcTestDatabase(cluster, "inflight", TIMEOUT)) {
            Map<String, String> config = bounded(fixture);
            config.put("exactly.once.support", "required");
            start(fixture, config);

            insertCustomers(fixture, 200);
            String topic = fixture.prefix + ".public.customers";
            await("200 committed creates").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> cluster.consumeAll(topic, TIMEOUT, READ_COMMITTED).size() >= 200);
            assertThat(ids(cluster.consumeAll(topic, TIMEOUT, READ_COMMITTED))).as("every insert once, in order")
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).boxed().toList());
        }
    }

    /** A bound of 3 records in flight, polled 2 at a time. */
    private static Map<String, String> bounded(CdcTestDatabase fixture) {
        Map<String, String> config = fixture.connectorConfig("no_data");
        config.put(PostgresCdcConfig.MAX_IN_FLIGHT_RECORDS_CONFIG, "3");
        config.put("max.batch.size", "2");
        config.put("max.queue.size", "4");
        return config;
    }

    private static void start(CdcTestDatabase fixture, Map<String, String> config) {
        fixture.start(config);
        await("slot " + fixture.db + " streamed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> PG.query("postgres", "SELECT active FROM pg_replication_slots WHERE slot_name = ?",
                        fixture.db).stream().anyMatch(row -> Boolean.TRUE.equals(row.get("active"))));
    }

    /** Rows 1..count, ten per transaction. */
    private static void insertCustomers(CdcTestDatabase fixture, int count) {
        String[] statements = IntStream.range(0, count / 10).mapToObj(batch -> "INSERT INTO customers (id, note)"
                + " SELECT g, 'row ' || g FROM generate_series(" + (batch * 10 + 1) + ", " + (batch * 10 + 10) + ") g")
                .toArray(String[]::new);
        PG.execute(fixture.db, statements);
    }

    private static List<Integer> ids(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> json(record.value()).get("payload").get("after").get("id").asInt())
                .toList();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return DebeziumReference.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
