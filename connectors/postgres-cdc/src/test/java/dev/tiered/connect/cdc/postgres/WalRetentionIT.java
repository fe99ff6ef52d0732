package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slot does not hold WAL back while the captured tables are idle and another database on the same server writes:
 * pgoutput then sends only keepalives, heartbeats carry the position they report, and Connect's commit of a
 * heartbeat's offset confirms it to the slot. Also {@code heartbeat.action.query}.
 */
class WalRetentionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final PostgresTestServer PG = PostgresTestServer.shared();
    /** WAL the busy database writes; the slot must not keep it. */
    private static final long BUSY_WAL_BYTES = 48L << 20;
    /** Retained WAL the slot may keep once the busy database is done (a few checkpoint and keepalive records). */
    private static final long RETAINED_BOUND_BYTES = 1L << 20;

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();
    private CdcTestDatabase fixture;
    private String busyDb;

    @BeforeEach
    void createDatabases() {
        fixture = new CdcTestDatabase(cluster, "walret", TIMEOUT);
        busyDb = PG.createDatabase("busy");
        PG.execute(busyDb, "CREATE TABLE filler (id bigserial PRIMARY KEY, payload text)");
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
        PG.dropDatabase(busyDb);
    }

    @Test
    void anIdleSlotConfirmsWhatOtherDatabasesWrite() {
        Map<String, String> config = fixture.connectorConfig("no_data"); // heartbeats every second
        fixture.start(config);
        awaitSlotActive();
        String start = currentWalLsn();

        // pgbench-like: small transactions in a loop until the other database has written BUSY_WAL_BYTES of WAL.
        int transactions = 0;
        while (walBytesSince(start) < BUSY_WAL_BYTES) {
            PG.execute(busyDb, "INSERT INTO filler (payload) SELECT repeat(md5(g::text), 32) FROM generate_series(1, 500) g");
            transactions++;
        }
        assertThat(retainedWal()).as("the slot kept WAL while %s transactions ran elsewhere", transactions)
                .isGreaterThan(RETAINED_BOUND_BYTES);

        await("the slot's retained WAL drops below " + RETAINED_BOUND_BYTES + " bytes").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> retainedWal() < RETAINED_BOUND_BYTES);
        assertThat(cluster.countRecords(fixture.prefix + ".public.customers")).as("no change was captured").isZero();
        List<ConsumerRecord<byte[], byte[]>> heartbeats = cluster.consume("__debezium-heartbeat." + fixture.prefix, 1,
                TIMEOUT);
        assertThat(heartbeats).isNotEmpty();
    }

    @Test
    void theHeartbeatActionQueryRunsWithEveryHeartbeat() {
        PG.execute(fixture.db, "CREATE TABLE heartbeat_log (id serial PRIMARY KEY, ts timestamptz NOT NULL)");
        Map<String, String> config = fixture.connectorConfig("no_data");
        config.put("heartbeat.action.query", "INSERT INTO heartbeat_log (ts) VALUES (now())");
        fixture.start(config);

        // The action writes to a captured table, so its rows come back as change events.
        List<ConsumerRecord<byte[], byte[]>> events = cluster.consume(fixture.prefix + ".public.heartbeat_log", 3,
                TIMEOUT);
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
        assertThat(PG.query(fixture.db, "SELECT count(*) AS n FROM heartbeat_log").get(0).get("n"))
                .satisfies(n -> assertThat(((Number) n).longValue()).isGreaterThanOrEqualTo(3));
    }

    private void awaitSlotActive() {
        await("slot " + fixture.db + " streamed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> PG.query("postgres", "SELECT active FROM pg_replication_slots WHERE slot_name = ?",
                        fixture.db).stream().anyMatch(row -> Boolean.TRUE.equals(row.get("active"))));
    }

    private String currentWalLsn() {
        return (String) PG.query("postgres", "SELECT pg_current_wal_lsn()::text AS lsn").get(0).get("lsn");
    }

    private long walBytesSince(String lsn) {
        return ((Number) PG.query("postgres", "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn) AS d", lsn)
                .get(0).get("d")).longValue();
    }

    /** WAL between the server's current position and what the slot confirmed. */
    private long retainedWal() {
        List<Map<String, Object>> rows = PG.query("postgres", "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(),"
                + " confirmed_flush_lsn) AS retained FROM pg_replication_slots WHERE slot_name = ?", fixture.db);
        assertThat(rows).hasSize(1);
        return ((Number) rows.get(0).get("retained")).longValue();
    }
}
