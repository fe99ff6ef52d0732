package dev.tiered.connect.cdc.postgres;

import static org.awaitility.Awaitility.await;

import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One connector test's world: a fresh database holding the Debezium reference table ({@code customers}), a unique
 * topic prefix, a slot and publication named after the database, and the connectors started on the shared cluster.
 * {@link #close()} deletes the connectors, drops the slot once it is released, and drops the database.
 */
final class CdcTestDatabase implements AutoCloseable {

    static final PostgresTestServer PG = PostgresTestServer.shared();
    /** The table of Debezium's reference events. */
    static final String CUSTOMERS_DDL = "CREATE TABLE customers (id int PRIMARY KEY, big_col bigint,"
            + " amount numeric(10,2), note text, active boolean, created_ts timestamp, created_tstz timestamptz,"
            + " birth date, ext_id uuid, attrs jsonb)";

    final String db;
    final String prefix;
    private final ConnectTestCluster cluster;
    private final Duration timeout;
    private final List<String> connectors = new ArrayList<>();

    CdcTestDatabase(ConnectTestCluster cluster, String name, Duration timeout) {
        this.cluster = cluster;
        this.timeout = timeout;
        this.db = PG.createDatabase(name);
        this.prefix = TestNames.unique(name);
        PG.execute(db, CUSTOMERS_DDL);
    }

    /** A connector configuration for this database, JsonConverter with schemas, heartbeats every second. */
    Map<String, String> connectorConfig(String snapshotMode) {
        Map<String, String> config = new HashMap<>(ConnectTestCluster.jsonConverters(true));
        config.put("name", TestNames.unique("pg-" + prefix));
        config.put("connector.class", PostgresCdcSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("database.hostname", PG.host());
        config.put("database.port", Integer.toString(PG.port()));
        config.put("database.user", PG.user());
        config.put("database.password", PG.password());
        config.put("database.dbname", db);
        config.put("topic.prefix", prefix);
        config.put("slot.name", db);
        config.put("publication.name", db);
        config.put("snapshot.mode", snapshotMode);
        config.put("heartbeat.interval.ms", "1000");
        return config;
    }

    /** Creates the connector and waits until it and its task run. */
    String start(Map<String, String> config) {
        String connector = config.get("name");
        connectors.add(connector);
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 1, timeout);
        return connector;
    }

    @Override
    public void close() {
        for (String connector : connectors) {
            cluster.deleteConnectorAndAwait(connector, timeout);
        }
        await("slot released").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> PG.query("postgres", "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND active",
                        db).isEmpty());
        PG.execute("postgres", "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                + " WHERE slot_name = '" + db + "'");
        PG.dropDatabase(db);
    }
}
