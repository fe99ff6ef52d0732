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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consistent initial snapshot on a real Connect cluster: rows present before the start arrive as {@code op=r}
 * with Debezium's markers and shape, changes committed during and after the snapshot arrive as c/u/d exactly once;
 * a restart mid-snapshot takes the snapshot again from scratch (as Debezium); initial_only stops after the snapshot;
 * when_needed snapshots again after the slot is dropped, initial fails instead.
 */
class PostgresCdcSnapshotIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final PostgresTestServer PG = PostgresTestServer.shared();
    /** The row of Debezium's recorded snapshot event (reference event 0). */
    private static final String REFERENCE_ROW = "INSERT INTO customers VALUES (0, 9000000000, 0.50, 'snap', false,"
            + " '2024-01-01 00:00:00', '2024-01-01 00:00:00+00', '2000-01-01', '00000000-0000-0000-0000-000000000000',"
            + " '{\"s\": true}')";

    /**
     * A cluster of its own with one worker: on the shared cluster, a rebalance caused by another test's connector can
     * restart this test's task mid-snapshot, and a restarted snapshot starts over from a new slot position, folding
     * the concurrent changes written before it into the reads (correct, but not the exact c/u/d events asserted).
     */
    private static ConnectTestCluster cluster;

    @org.junit.jupiter.api.BeforeAll
    static void startCluster() {
        cluster = ConnectTestCluster.builder().name(TestNames.unique("cdc-snapshot")).workers(1).build();
        cluster.start();
    }

    @org.junit.jupiter.api.AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }
    private CdcTestDatabase fixture;
    private String db;
    private String prefix;
    private String topic;

    @BeforeEach
    void createDatabase() {
        fixture = new CdcTestDatabase(cluster, "snap", TIMEOUT);
        db = fixture.db;
        prefix = fixture.prefix;
        topic = prefix + ".public.customers";
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void rowsBeforeTheStartArriveAsReadsAndConcurrentChangesExactlyOnce() throws Exception {
        int rows = 3000;
        PG.execute(db, "CREATE TABLE aaa_first (id int PRIMARY KEY)", "INSERT INTO aaa_first VALUES (1)",
                "INSERT INTO customers (id, note) SELECT g, 'row ' || g FROM generate_series(1, " + rows + ") g",
                REFERENCE_ROW);
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean stopWriting = new AtomicBoolean();
        Map<String, String> config = config("initial");
        config.put("max.batch.size", "50");
        config.put("max.queue.size", "100");
        config.put("snapshot.fetch.size", "100");
        config.put("transforms", "slow");
        config.put("transforms.slow.type", Throttle.class.getName());
        config.put("transforms.slow.micros.per.record", "1000");
        start(config);
        await("the slot exists").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> !PG.query("postgres", "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", db)
                        .isEmpty());
        for (int i = 0; i < 20; i++) {
            change(written.incrementAndGet()); // after the slot's consistent point: streamed, not snapshotted
        }
        long deliveredAfterFirstChanges = cluster.countRecords(topic);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            int extra = 0;
            while (written.get() < 1400 && (!stopWriting.get() || extra++ < 20)) {
                change(written.incrementAndGet());
            }
        });
        await("the snapshot delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.countRecords(topic) >= rows + 1);
        stopWriting.set(true);
        writer.get();
        int changes = written.get();
        assertThat(deliveredAfterFirstChanges).as("20 transactions committed while the snapshot ran")
                .isLessThan(rows + 1);
        try {
            await("every change delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> cluster.countRecords(topic) >= rows + 1 + 4L * changes);
        } catch (org.awaitility.core.ConditionTimeoutException stalled) {
            throw new AssertionError(missingChanges(topic, rows, changes), stalled);
        }

        List<ConsumerRecord<byte[], byte[]>> records = cluster.consumeAll(topic, TIMEOUT);
        assertThat(records).hasSize(rows + 1 + 4 * changes);
        List<ConsumerRecord<byte[], byte[]>> reads = records.subList(0, rows + 1);
        List<ConsumerRecord<byte[], byte[]>> streamed = records.subList(rows + 1, records.size());

        // The reads: every row as it was at the slot's consistent point, once, with Debezium's markers.
        assertThat(reads.stream().map(r -> op(r))).containsOnly("r");
        assertThat(reads.stream().map(r -> after(r).get("id").asInt()).collect(Collectors.toSet()))
                .hasSize(rows + 1).containsAll(IntStream.rangeClosed(0, rows).boxed().toList());
        for (ConsumerRecord<byte[], byte[]> read : reads) {
            int id = after(read).get("id").asInt();
            assertThat(after(read).get("note").asText()).as("row %s as of the snapshot", id)
                    .isEqualTo(id == 0 ? "snap" : "row " + id);
        }
        assertThat(marker(reads.get(0))).isEqualTo("first_in_data_collection");
        assertThat(reads.subList(1, rows).stream().map(PostgresCdcSnapshotIT::marker)).containsOnly("true");
        assertThat(marker(reads.get(rows))).isEqualTo("last");
        JsonNode reference = DebeziumReference.load("postgres-3.7.0-replica-identity-default.json").get("events");
        DebeziumReference.assertMatches(DebeziumReference.forServer(reference.get(0), prefix, db),
                reads.get(rows).key(), reads.get(rows).value());
        List<ConsumerRecord<byte[], byte[]>> firstTableReads = cluster.consume(prefix + ".public.aaa_first", 1, TIMEOUT);
        assertThat(marker(firstTableReads.get(0))).as("first row of the first table").isEqualTo("first");
        long snapshotLsn = source(reads.get(0)).get("lsn").asLong();
        assertThat(reads.stream().map(r -> source(r).get("lsn").asLong())).containsOnly(snapshotLsn);
        assertThat(source(reads.get(0)).get("sequence").asText()).isEqualTo("[null,\"" + snapshotLsn + "\"]");

        // The streamed changes: each exactly once, all after the snapshot's position.
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : streamed) {
            String key = record.value() == null ? "tombstone" + keyId(record) : op(record) + keyId(record);
            counts.merge(key, 1, Integer::sum);
            if (record.value() != null) {
                assertThat(marker(record)).isEqualTo("false");
                // the first change after the consistent point may start right at it
                assertThat(source(record).get("lsn").asLong()).isGreaterThanOrEqualTo(snapshotLsn);
            }
        }
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 1; i <= changes; i++) {
            expected.put("c" + (10_000 + i), 1);
            expected.put("u" + i, 1);
            expected.put("d" + (rows + 1 - i), 1);
            expected.put("tombstone" + (rows + 1 - i), 1);
        }
        assertThat(counts).isEqualTo(expected);
        assertThat(replay(records)).as("the events replay to the table").isEqualTo(tableState());
    }

    @Test
    void aRestartMidSnapshotSnapshotsAgainFromScratchAndLosesNothing() {
        int rows = 3000;
        PG.execute(db, "INSERT INTO customers (id, note) SELECT g, 'row ' || g FROM generate_series(1, " + rows
                + ") g");
        Map<String, String> config = config("initial");
        config.put("max.batch.size", "20");
        config.put("max.queue.size", "40");
        config.put("transforms", "slow");
        config.put("transforms.slow.type", Throttle.class.getName());
        config.put("transforms.slow.micros.per.record", "3000");
        String connector = start(config);
        await("part of the snapshot delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.countRecords(topic) >= 100);
        cluster.connect().stopConnector(connector);
        cluster.awaitConnectorState(connector, TIMEOUT, "STOPPED", false,
                status -> "STOPPED".equals(status.connector().state()));
        Map<String, Object> stored = new HashMap<>(
                cluster.connect().connectorOffsets(connector).offsets().get(0).offset());
        assertThat(stored).as("stopped inside the snapshot").containsEntry("snapshot", "INITIAL")
                .containsEntry("snapshot_completed", false).containsEntry("last_snapshot_record", false)
                .containsKeys("lsn", "txId", "ts_usec").doesNotContainKeys("lsn_proc", "lsn_commit", "messageType");
        long firstRound = cluster.countRecords(topic);
        assertThat(firstRound).isLessThan(rows);

        PG.execute(db, "INSERT INTO customers (id, note) SELECT g, 'while stopped' FROM generate_series(5001, 5010) g",
                "UPDATE customers SET note = 'updated while stopped' WHERE id = 1",
                "DELETE FROM customers WHERE id = 2");
        config.put("transforms.slow.micros.per.record", "0");
        cluster.connect().configureConnector(connector, config);
        cluster.connect().resumeConnector(connector);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        int secondRound = rows + 10 - 1;
        await("the second snapshot delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.countRecords(topic) >= firstRound + secondRound);
        PG.execute(db, "INSERT INTO customers (id, note) SELECT g, 'after' FROM generate_series(6001, 6005) g");
        await("the streamed inserts delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.countRecords(topic) >= firstRound + secondRound + 5);

        List<ConsumerRecord<byte[], byte[]>> records = cluster.consumeAll(topic, TIMEOUT);
        assertThat(records).hasSize((int) firstRound + secondRound + 5);
        List<ConsumerRecord<byte[], byte[]>> first = records.subList(0, (int) firstRound);
        List<ConsumerRecord<byte[], byte[]>> second = records.subList((int) firstRound, (int) firstRound + secondRound);
        assertThat(first.stream().map(PostgresCdcSnapshotIT::op)).containsOnly("r");
        assertThat(marker(first.get(0))).isEqualTo("first");
        assertThat(second.stream().map(PostgresCdcSnapshotIT::op)).containsOnly("r");
        assertThat(marker(second.get(0))).as("the snapshot starts over").isEqualTo("first");
        assertThat(marker(second.get(second.size() - 1))).isEqualTo("last");
        Set<Integer> firstIds = first.stream().map(r -> after(r).get("id").asInt()).collect(Collectors.toSet());
        assertThat(firstIds).hasSize((int) firstRound);
        List<Integer> secondIds = second.stream().map(r -> after(r).get("id").asInt()).toList();
        Set<Integer> expectedIds = new HashSet<>(IntStream.rangeClosed(1, rows).boxed().toList());
        expectedIds.remove(2);
        IntStream.rangeClosed(5001, 5010).forEach(expectedIds::add);
        assertThat(secondIds).as("the whole table again, each row once").hasSize(secondRound)
                .containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(records.subList((int) firstRound + secondRound, records.size()).stream()
                .map(r -> op(r) + after(r).get("id").asInt()))
                .containsExactly("c6001", "c6002", "c6003", "c6004", "c6005");
        // As in Debezium, a snapshot taken again emits no deletes for rows gone meanwhile: a consumer starts over
        // from the second snapshot.
        assertThat(replay(records.subList((int) firstRound, records.size()))).isEqualTo(tableState());
    }

    @Test
    void initialOnlyStopsAfterTheSnapshot() {
        PG.execute(db, "INSERT INTO customers (id, note) SELECT g, 'row ' || g FROM generate_series(1, 3) g");
        String connector = start(config("initial_only"));
        List<ConsumerRecord<byte[], byte[]>> reads = cluster.consume(topic, 3, TIMEOUT);
        assertThat(reads.stream().map(r -> op(r) + after(r).get("id").asInt() + ":" + marker(r)))
                .containsExactly("r1:first", "r2:true", "r3:last");
        PG.execute(db, "INSERT INTO customers (id, note) VALUES (4, 'not streamed')");
        await("nothing streamed").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250)).until(() -> cluster.countRecords(topic) == 3);
        assertThat(PG.query("postgres", "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", db))
                .as("initial_only creates no slot").isEmpty();
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
    }

    @Test
    void whenNeededSnapshotsAgainAfterTheSlotIsDroppedAndInitialFails() {
        PG.execute(db, "INSERT INTO customers (id, note) SELECT g, 'row ' || g FROM generate_series(1, 3) g");
        Map<String, String> config = config("when_needed");
        String connector = start(config);
        cluster.consume(topic, 3, TIMEOUT);
        PG.execute(db, "INSERT INTO customers (id, note) VALUES (4, 'streamed')");
        cluster.consume(topic, 4, TIMEOUT);
        stopAndDropSlot(connector);
        PG.execute(db, "INSERT INTO customers (id, note) VALUES (5, 'lost with the slot')");
        cluster.connect().resumeConnector(connector);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        cluster.consume(topic, 9, TIMEOUT);
        PG.execute(db, "INSERT INTO customers (id, note) VALUES (6, 'streamed again')");
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume(topic, 10, TIMEOUT);
        assertThat(records.stream().map(r -> op(r) + after(r).get("id").asInt()))
                .containsExactly("r1", "r2", "r3", "c4", "r1", "r2", "r3", "r4", "r5", "c6");

        // initial (Debezium: shouldSnapshotOnDataError false) refuses to go on with a gap.
        config.put("snapshot.mode", "initial");
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        stopAndDropSlot(connector);
        cluster.connect().resumeConnector(connector);
        ConnectorStateInfo failed = cluster.awaitConnectorOrTaskFailed(connector, TIMEOUT);
        assertThat(failed.tasks().get(0).trace()).contains("does not exist").contains("snapshot.mode=when_needed");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void stopAndDropSlot(String connector) {
        cluster.connect().stopConnector(connector);
        cluster.awaitConnectorState(connector, TIMEOUT, "STOPPED", false,
                status -> "STOPPED".equals(status.connector().state()));
        await("slot released and dropped").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                PG.execute("postgres", "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE slot_name = '" + db + "'");
                return true;
            } catch (IllegalStateException stillActive) {
                return false;
            }
        });
    }

    /** One transaction: insert 10000+i, update i, delete 3001-i. */
    /** What a stalled run lacks: the expected streamed records that are not on the topic, for the failure message. */
    private String missingChanges(String topic, int rows, int changes) {
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consumeAll(topic, Duration.ofSeconds(30));
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records.subList(Math.min(rows + 1, records.size()),
                records.size())) {
            seen.add(record.value() == null ? "tombstone" + keyId(record) : op(record) + keyId(record));
        }
        List<String> missing = new java.util.ArrayList<>();
        for (int i = 1; i <= changes; i++) {
            for (String key : List.of("c" + (10_000 + i), "u" + i, "d" + (rows + 1 - i), "tombstone" + (rows + 1 - i))) {
                if (!seen.contains(key)) {
                    missing.add(key);
                }
            }
        }
        return records.size() + " records on " + topic + ", expected " + (rows + 1 + 4L * changes) + "; "
                + missing.size() + " streamed records missing, first: "
                + missing.subList(0, Math.min(40, missing.size()));
    }

    private void change(int i) {
        PG.execute(db, "WITH a AS (INSERT INTO customers (id, note) VALUES (" + (10_000 + i) + ", 'new " + i + "')),"
                + " b AS (UPDATE customers SET note = 'upd " + i + "' WHERE id = " + i + ")"
                + " DELETE FROM customers WHERE id = " + (3001 - i));
    }

    private Map<String, String> config(String snapshotMode) {
        return fixture.connectorConfig(snapshotMode);
    }

    private String start(Map<String, String> config) {
        return fixture.start(config);
    }

    /** id → note after applying the events in order. */
    private static Map<Integer, String> replay(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, String> state = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            String op = op(record);
            if ("d".equals(op)) {
                state.remove(keyId(record));
            } else {
                state.put(after(record).get("id").asInt(), after(record).get("note").asText());
            }
        }
        return state;
    }

    private Map<Integer, String> tableState() {
        return PG.query(db, "SELECT id, note FROM customers").stream().collect(Collectors.toMap(
                row -> (Integer) row.get("id"), row -> (String) row.get("note"), (a, b) -> a, TreeMap::new));
    }

    private static String op(ConsumerRecord<byte[], byte[]> record) {
        return json(record.value()).get("payload").get("op").asText();
    }

    private static JsonNode after(ConsumerRecord<byte[], byte[]> record) {
        return json(record.value()).get("payload").get("after");
    }

    private static JsonNode source(ConsumerRecord<byte[], byte[]> record) {
        return json(record.value()).get("payload").get("source");
    }

    private static String marker(ConsumerRecord<byte[], byte[]> record) {
        return source(record).get("snapshot").asText();
    }

    private static int keyId(ConsumerRecord<byte[], byte[]> record) {
        return json(record.key()).get("payload").get("id").asInt();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return DebeziumReference.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
