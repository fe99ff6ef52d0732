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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults while changes flow, on a two-worker Connect cluster with exactly-once source support
 * ({@code exactly.once.source.support=enabled}, connector {@code exactly.once.support=required}): a task restart, the
 * task's worker leaving, PostgreSQL restarting, and the slot dropped under a running task. Every change is read back
 * with a read_committed consumer and must be there exactly once (by primary key and LSN), in commit order.
 */
class PostgresCdcFaultsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final PostgresTestServer PG = PostgresTestServer.shared();
    private static final Map<String, Object> READ_COMMITTED = Map.of("isolation.level", "read_committed");
    /** Slows delivery down so that each fault lands while changes are still flowing. */
    private static final String MICROS_PER_RECORD = "300";

    private static ConnectTestCluster cluster;
    private CdcTestDatabase fixture;
    private String topic;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectTestCluster.builder().name(TestNames.unique("cdc-eos")).workers(2)
                .workerProperty("exactly.once.source.support", "enabled")
                // The task of a worker that left is reassigned after this delay: keep the test short.
                .workerProperty("scheduled.rebalance.max.delay.ms", "2000")
                .build().start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void createDatabase() {
        fixture = new CdcTestDatabase(cluster, "faults", TIMEOUT);
        topic = fixture.prefix + ".public.customers";
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void aTaskRestartMidStreamDeliversEachChangeOnceWithDebeziumsContextHeaders() {
        String connector = start(exactlyOnceConfig());
        insertRows(PG, fixture.db, 1, 6_000, 20);
        awaitDelivered(500);
        long atRestart = cluster.countRecords(topic);
        cluster.connect().restartConnectorAndTasks(connector, false, true, false);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        insertRows(PG, fixture.db, 6_001, 6_500, 50);

        List<ConsumerRecord<byte[], byte[]>> records = awaitAllDelivered(6_500);
        assertThat(atRestart).as("restarted while changes were flowing").isLessThan(6_000);
        assertExactlyOnceInOrder(records, 6_500);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(header(record, "__debezium.context.connectorName")).isEqualTo("postgresql");
            assertThat(header(record, "__debezium.context.connectorLogicalName")).isEqualTo(fixture.prefix);
            assertThat(header(record, "__debezium.context.taskId")).isEqualTo("0");
        }
        Set<String> runIds = new HashSet<>();
        records.forEach(record -> runIds.add(header(record, "__debezium.context.runId")));
        assertThat(runIds).as("one run id per task start").hasSize(2);
    }

    @Test
    void theTasksWorkerLeavingMidStreamLosesAndDuplicatesNothing() {
        String connector = start(exactlyOnceConfig());
        insertRows(PG, fixture.db, 1, 6_000, 20);
        awaitDelivered(500);
        ConnectorStateInfo status = cluster.connect().connectorStatus(connector);
        String taskWorker = status.tasks().get(0).workerId();
        WorkerHandle victim = cluster.connect().workers().stream()
                .filter(worker -> worker.url().getPort()
                        == Integer.parseInt(taskWorker.substring(taskWorker.lastIndexOf(':') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no worker " + taskWorker));
        long atRemoval = cluster.countRecords(topic);
        cluster.connect().removeWorker(victim);
        cluster.awaitConnectorState(connector, TIMEOUT, "task running without " + taskWorker, true,
                s -> "RUNNING".equals(s.connector().state()) && s.tasks().size() == 1
                        && "RUNNING".equals(s.tasks().get(0).state())
                        && !taskWorker.equals(s.tasks().get(0).workerId()));
        cluster.connect().addWorker();
        insertRows(PG, fixture.db, 6_001, 6_500, 50);

        List<ConsumerRecord<byte[], byte[]>> records = awaitAllDelivered(6_500);
        assertThat(atRemoval).as("the worker left while changes were flowing").isLessThan(6_000);
        assertExactlyOnceInOrder(records, 6_500);
    }

    @Test
    void aPostgresRestartMidStreamIsRidenOutWithNothingLostOrDuplicated() throws Exception {
        try (PostgresTestServer own = PostgresTestServer.dedicated()) {
            String db = own.createDatabase("restart");
            own.execute(db, CdcTestDatabase.CUSTOMERS_DDL);
            Map<String, String> config = exactlyOnceConfig();
            config.put("database.port", Integer.toString(own.port()));
            config.put("database.dbname", db);
            config.put("slot.name", db);
            config.put("publication.name", db);
            String connector = fixture.start(config);
            awaitSlotActive(own, db);
            insertRows(own, db, 1, 6_000, 20);
            awaitDelivered(500);
            long atStop = cluster.countRecords(topic);
            own.stop();
            own.start();
            insertRows(own, db, 6_001, 6_500, 50);

            List<ConsumerRecord<byte[], byte[]>> records = awaitAllDelivered(6_500);
            assertThat(atStop).as("PostgreSQL stopped while changes were flowing").isLessThan(6_000);
            assertExactlyOnceInOrder(records, 6_500);
            cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
            cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        }
    }

    @Test
    void aSlotDroppedUnderARunningTaskFailsItNamingTheSlotAndTheWayOut() {
        String connector = start(exactlyOnceConfig());
        insertRows(PG, fixture.db, 1, 10, 5);
        awaitAllDelivered(10);
        dropSlotUnderTheTask();

        ConnectorStateInfo failed = cluster.awaitConnectorOrTaskFailed(connector, TIMEOUT);
        assertThat(failed.tasks().get(0).trace()).contains("replication slot '" + fixture.db + "' (slot.name)")
                .contains("does not exist").contains("snapshot.mode=when_needed");
    }

    @Test
    void whenNeededTakesAFreshSnapshotWhenTheSlotIsDroppedUnderARunningTask() {
        insertRows(PG, fixture.db, 1, 5, 5);
        Map<String, String> config = fixture.connectorConfig("when_needed");
        config.put("exactly.once.support", "required");
        String connector = start(config);
        insertRows(PG, fixture.db, 6, 6, 1);
        assertThat(opsAndIds(awaitAllDelivered(6))).containsExactly("r1", "r2", "r3", "r4", "r5", "c6");

        dropSlotUnderTheTask();
        // Written after the drop: the fresh snapshot reads it (r7), or, if the snapshot was quicker, the new slot
        // streams it (c7); exactly one of the two.
        insertRows(PG, fixture.db, 7, 7, 1);
        await("a fresh snapshot").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.consumeAll(topic, TIMEOUT, READ_COMMITTED).size() >= 13);
        insertRows(PG, fixture.db, 8, 8, 1);

        List<String> events = opsAndIds(awaitAllDelivered(14));
        assertThat(events).as("all: %s", events).hasSize(14);
        assertThat(events.subList(6, 12)).as("all: %s", events).containsExactly("r1", "r2", "r3", "r4", "r5", "r6");
        assertThat(events.get(12)).as("all: %s", events).isIn("r7", "c7");
        assertThat(events.get(13)).as("all: %s", events).isEqualTo("c8");
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Map<String, String> exactlyOnceConfig() {
        Map<String, String> config = fixture.connectorConfig("no_data");
        config.put("exactly.once.support", "required");
        config.put("transforms", "throttle");
        config.put("transforms.throttle.type", Throttle.class.getName());
        config.put("transforms.throttle.micros.per.record", MICROS_PER_RECORD);
        return config;
    }

    private String start(Map<String, String> config) {
        String connector = fixture.start(config);
        awaitSlotActive(PG, fixture.db);
        return connector;
    }

    private static void awaitSlotActive(PostgresTestServer pg, String slot) {
        await("slot " + slot + " streamed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> pg.query("postgres", "SELECT active FROM pg_replication_slots WHERE slot_name = ?", slot)
                        .stream().anyMatch(row -> Boolean.TRUE.equals(row.get("active"))));
    }

    /** Terminates the task's walsender and drops its slot, again if the task reconnected in between. */
    private void dropSlotUnderTheTask() {
        await("slot " + fixture.db + " dropped").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> {
                    PG.query("postgres", "SELECT pg_terminate_backend(active_pid) AS t FROM pg_replication_slots"
                            + " WHERE slot_name = ? AND active_pid IS NOT NULL", fixture.db);
                    PG.query("postgres", "SELECT pg_drop_replication_slot(?)::text AS d", fixture.db);
                    return true;
                });
    }

    /** At least {@code count} records in the topic, committed or not (a cheap trigger for the next step). */
    private void awaitDelivered(long count) {
        await(count + " records delivered").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.countRecords(topic) >= count);
    }

    /** Waits until {@code count} committed records are in the topic; returns all committed records. */
    private List<ConsumerRecord<byte[], byte[]>> awaitAllDelivered(int count) {
        List<List<ConsumerRecord<byte[], byte[]>>> read = new ArrayList<>(List.of(List.of()));
        await(count + " committed records").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            read.set(0, cluster.consumeAll(topic, TIMEOUT, READ_COMMITTED));
            return read.get(0).size() >= count;
        });
        return read.get(0);
    }

    /** Creates {@code 1..rows} exactly once each and in commit order; each (id, lsn) once. */
    private static void assertExactlyOnceInOrder(List<ConsumerRecord<byte[], byte[]>> records, int rows) {
        List<Integer> ids = new ArrayList<>();
        Set<String> idAndLsn = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode payload = json(record.value()).get("payload");
            assertThat(payload.get("op").asText()).isEqualTo("c");
            int id = payload.get("after").get("id").asInt();
            ids.add(id);
            assertThat(idAndLsn.add(id + "@" + payload.get("source").get("lsn").asLong()))
                    .as("change %s at LSN %s delivered twice", id, payload.get("source").get("lsn")).isTrue();
        }
        assertThat(ids).as("every insert exactly once, in commit order")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, rows).boxed().toList());
    }

    private static List<String> opsAndIds(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> {
            JsonNode payload = json(record.value()).get("payload");
            return payload.get("op").asText() + payload.get("after").get("id").asInt();
        }).toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header %s", key).isNotNull();
        // JsonConverter-less header values: Connect's SimpleHeaderConverter writes strings as UTF-8.
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Rows {@code from..to}, {@code perTransaction} inserts per transaction. */
    private static void insertRows(PostgresTestServer pg, String db, int from, int to, int perTransaction) {
        List<String> statements = new ArrayList<>();
        for (int id = from; id <= to; id += perTransaction) {
            int last = Math.min(to, id + perTransaction - 1);
            statements.add("INSERT INTO customers (id, note) SELECT g, 'row ' || g FROM generate_series(" + id + ", "
                    + last + ") g");
        }
        pg.execute(db, statements.toArray(String[]::new));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return DebeziumReference.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
