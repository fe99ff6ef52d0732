package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.transforms.PriorityRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector on a real Connect cluster against the embedded PostgreSQL: Debezium's shapes end to end
 * (JsonConverter with schemas), restarts without loss or duplicates, the slot's confirmed flush position following
 * Connect's offset commits, REST validation, and the PriorityRouter routing our change events.
 */
class PostgresCdcSourceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final PostgresTestServer PG = PostgresTestServer.shared();

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();
    private CdcTestDatabase fixture;
    private String db;
    private String prefix;

    @BeforeEach
    void createDatabase() {
        fixture = new CdcTestDatabase(cluster, "cdc", TIMEOUT);
        db = fixture.db;
        prefix = fixture.prefix;
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void streamsDebeziumEventsAndAdvancesTheSlotAsOffsetsCommit() {
        String connector = start(config());
        String initialFlush = confirmedFlushLsn();
        PG.execute(db,
                "SET TIME ZONE 'Europe/Berlin'",
                "INSERT INTO customers VALUES (1, 1234567890123, 12345.67, 'hello', true,"
                        + " '2024-05-06 07:08:09.123456', '2024-05-06 07:08:09.123456+02', '2024-05-06',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": \"v\", \"n\": [1, 2]}')",
                "UPDATE customers SET amount = 99.99, note = 'updated', active = false, attrs = '{\"k\": \"v2\"}'"
                        + " WHERE id = 1",
                "DELETE FROM customers WHERE id = 1");
        String topic = prefix + ".public.customers";
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume(topic, 4, TIMEOUT);

        JsonNode reference = DebeziumReference.load("postgres-3.7.0-replica-identity-default.json").get("events");
        assertThat(records).hasSize(4);
        for (int i = 0; i < records.size(); i++) {
            JsonNode expected = DebeziumReference.forServer(reference.get(i + 1), prefix, db);
            assertThat(records.get(i).topic()).isEqualTo(expected.get("topic").asText());
            DebeziumReference.assertMatches(expected, records.get(i).key(), records.get(i).value());
        }

        long lastChangeLsn = json(records.get(2).value()).get("payload").get("source").get("lsn").asLong();
        await("the slot's confirmed_flush_lsn passes the last change").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> lsn(confirmedFlushLsn()) > lastChangeLsn);
        assertThat(lsn(confirmedFlushLsn())).isGreaterThan(lsn(initialFlush));
    }

    @Test
    void aRestartMidStreamLosesAndDuplicatesNothing() {
        String connector = start(config());
        insertRows(1, 30, 3);
        List<ConsumerRecord<byte[], byte[]>> first = cluster.consume(prefix + ".public.customers", 30, TIMEOUT);
        assertThat(first).hasSize(30);

        cluster.connect().stopConnector(connector);
        cluster.awaitConnectorState(connector, TIMEOUT, "STOPPED", false,
                status -> "STOPPED".equals(status.connector().state()));
        insertRows(31, 60, 5); // while stopped: must be read from the slot on resume
        cluster.connect().resumeConnector(connector);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        insertRows(61, 80, 4);

        await("all 80 creates delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.countRecords(prefix + ".public.customers") >= 80);
        cluster.connect().restartConnectorAndTasks(connector, false, true, false);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        insertRows(81, 90, 5);
        await("all 90 creates delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.countRecords(prefix + ".public.customers") >= 90);

        List<Integer> ids = cluster.consumeAll(prefix + ".public.customers", TIMEOUT).stream()
                .map(record -> json(record.value()).get("payload").get("after").get("id").asInt()).toList();
        assertThat(ids).as("every insert exactly once, in commit order")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 90).boxed().toList());
    }

    @Test
    void aStopInsideALargeTransactionResumesWithinIt() {
        Map<String, String> config = config();
        config.put("max.batch.size", "10");
        config.put("max.queue.size", "20");
        String connector = start(config);
        String topic = prefix + ".public.customers";
        int rows = 20_000;
        insertRows(1, rows, rows);
        await("part of the transaction delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.countRecords(topic) >= 100);
        cluster.connect().stopConnector(connector);
        cluster.awaitConnectorState(connector, TIMEOUT, "STOPPED", false,
                status -> "STOPPED".equals(status.connector().state()));
        Map<String, ?> stored = cluster.connect().connectorOffsets(connector).offsets().get(0).offset();
        assertThat(stored.get("messageType")).as("stopped inside the transaction: %s", stored).isEqualTo("INSERT");
        long atStop = cluster.countRecords(topic);
        cluster.connect().resumeConnector(connector);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        await("the whole transaction delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.countRecords(topic) >= rows);

        List<Integer> ids = cluster.consumeAll(topic, TIMEOUT).stream()
                .map(record -> json(record.value()).get("payload").get("after").get("id").asInt()).toList();
        assertThat(ids).as("stopped after %s of %s records: each row exactly once", atStop, rows)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, rows).boxed().toList());
    }

    @Test
    void priorityRouterRoutesOurEventsByOpAndAfterFields() {
        Map<String, String> config = config();
        config.put("transforms", "route");
        config.put("transforms.route.type", PriorityRouter.class.getName());
        config.put("transforms.route.rules", "deletes,vip");
        config.put("transforms.route.rules.deletes.when", "op == 'd'");
        config.put("transforms.route.rules.deletes.score", "1.0");
        config.put("transforms.route.rules.vip.when", "after.note == 'vip'");
        config.put("transforms.route.rules.vip.score", "0.95");
        start(config);
        PG.execute(db,
                "INSERT INTO customers (id, note) VALUES (1, 'plain')",
                "INSERT INTO customers (id, note) VALUES (2, 'vip')",
                "UPDATE customers SET note = 'still plain' WHERE id = 1",
                "DELETE FROM customers WHERE id = 1");
        String topic = prefix + ".public.customers";
        List<ConsumerRecord<byte[], byte[]>> hot = cluster.consume(topic + ".hot", 2, TIMEOUT);
        List<ConsumerRecord<byte[], byte[]>> cold = cluster.consume(topic + ".cold", 3, TIMEOUT);

        assertThat(hot.stream().map(PostgresCdcSourceIT::opAndId).toList()).containsExactly("c2", "d1");
        assertThat(cold.stream().map(PostgresCdcSourceIT::opAndId).toList())
                .containsExactly("c1", "u1", "tombstone1");
        assertThat(json(hot.get(0).value()).get("schema").get("name").asText())
                .as("the envelope is untouched").isEqualTo(topic + ".Envelope");
    }

    @Test
    void validateNamesTheKeyAndTheCauseWithoutThePassword() {
        Map<String, String> config = config();
        config.put("database.password", "wrong-secret-42");
        Map<String, List<String>> errors = validate(config);
        assertThat(errors).containsOnlyKeys("database.password");
        assertThat(errors.get("database.password").get(0)).contains("password authentication failed")
                .doesNotContain("wrong-secret-42");

        Map<String, String> snapshot = config();
        snapshot.put("snapshot.mode", "configuration_based");
        assertThat(validate(snapshot)).containsOnlyKeys("snapshot.mode");
        assertThat(validate(snapshot).get("snapshot.mode").get(0)).contains("not yet supported");

        Map<String, String> badDb = config();
        badDb.put("database.dbname", "no_such_db");
        assertThat(validate(badDb)).containsOnlyKeys("database.dbname");
        assertThat(validate(config())).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Map<String, String> config() {
        return fixture.connectorConfig("no_data");
    }

    /** Starts the connector and waits until its slot is being streamed. */
    private String start(Map<String, String> config) {
        String connector = fixture.start(config);
        await("slot " + db + " streamed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> PG.query("postgres", "SELECT active FROM pg_replication_slots WHERE slot_name = ?", db)
                        .stream().anyMatch(row -> Boolean.TRUE.equals(row.get("active"))));
        return connector;
    }

    private Map<String, List<String>> validate(Map<String, String> config) {
        ConfigInfos infos = cluster.connect().validateConnectorConfig(PostgresCdcSourceConnector.class.getName(),
                config);
        return infos.configs().stream().map(ConfigInfo::configValue).filter(value -> !value.errors().isEmpty())
                .collect(Collectors.toMap(value -> value.name(), value -> value.errors()));
    }

    /** Rows {@code from..to}, {@code perTransaction} inserts per transaction. */
    private void insertRows(int from, int to, int perTransaction) {
        List<String> statements = new ArrayList<>();
        for (int id = from; id <= to; id += perTransaction) {
            int last = Math.min(to, id + perTransaction - 1);
            statements.add("INSERT INTO customers (id, note) SELECT g, 'row ' || g FROM generate_series(" + id + ", "
                    + last + ") g");
        }
        PG.execute(db, statements.toArray(String[]::new));
    }

    private String confirmedFlushLsn() {
        List<Map<String, Object>> rows = PG.query("postgres",
                "SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = ?", db);
        assertThat(rows).hasSize(1);
        return (String) rows.get(0).get("lsn");
    }

    private static long lsn(String text) {
        String[] parts = text.split("/");
        return (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
    }

    private static String opAndId(ConsumerRecord<byte[], byte[]> record) {
        JsonNode key = json(record.key()).get("payload");
        if (record.value() == null) {
            return "tombstone" + key.get("id").asInt();
        }
        return json(record.value()).get("payload").get("op").asText() + key.get("id").asInt();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return DebeziumReference.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
