package dev.tiered.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/** The embedded PostgreSQL, for real: settings, password authentication, and logical replication with pgoutput. */
class PostgresTestServerIT {

    private static PostgresTestServer pg;

    @BeforeAll
    static void startSharedServer() {
        long begin = System.nanoTime();
        pg = PostgresTestServer.shared();
        System.out.printf("[testkit] shared PostgreSQL: start %d ms (first shared() call %d ms)%n",
                pg.startupDuration().toMillis(), Duration.ofNanos(System.nanoTime() - begin).toMillis());
    }

    @Test
    void sharedServerIsOnePerJvmWithLogicalReplicationSettings() {
        assertThat(PostgresTestServer.shared()).isSameAs(pg);
        assertThatThrownBy(pg::stop).isInstanceOf(UnsupportedOperationException.class);
        pg.close();
        assertThat(pg.isRunning()).isTrue();

        Map<String, Object> settings = pg.query("postgres", "SELECT current_setting('wal_level') AS wal_level,"
                + " current_setting('max_replication_slots') AS slots, current_setting('max_wal_senders') AS senders,"
                + " current_setting('listen_addresses') AS listen, current_setting('server_version_num')::int AS version,"
                + " current_setting('password_encryption') AS encryption").get(0);
        assertThat(settings).containsEntry("wal_level", "logical")
                .containsEntry("slots", "20")
                .containsEntry("senders", "20")
                .containsEntry("listen", "127.0.0.1")
                .containsEntry("encryption", "scram-sha-256");
        assertThat((Integer) settings.get("version")).isBetween(170000, 179999);
        assertThat(pg.host()).isEqualTo("127.0.0.1");
        assertThat(pg.user()).isEqualTo("postgres");
        assertThat(pg.jdbcUrl("x")).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/x");
    }

    @Test
    void tcpConnectionsNeedThePassword() {
        String db = pg.createDatabase("auth");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), "wrong"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), null))
                .isInstanceOf(SQLException.class);
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password())) {
            assertThat(connection.isValid(5)).isTrue();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        pg.dropDatabase(db);
    }

    @Test
    void databasesAreUniqueAndIndependent() {
        String first = pg.createDatabase("Orders-DB!");
        String second = pg.createDatabase("Orders-DB!");
        assertThat(first).isNotEqualTo(second).matches("[a-z][a-z0-9_]{0,62}");
        assertThat(pg.createDatabase("x".repeat(100))).hasSizeLessThanOrEqualTo(63);

        pg.execute(first, "CREATE TABLE t (id int PRIMARY KEY, name text)", "INSERT INTO t VALUES (1, 'one')");
        assertThat(pg.query(first, "SELECT name FROM t WHERE id = ?", 1))
                .containsExactly(Map.of("name", "one"));
        assertThatThrownBy(() -> pg.query(second, "SELECT * FROM t"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> pg.execute(first, "SELEC 1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SELEC 1")
                .hasMessageContaining("syntax error");
    }

    @Test
    void logicalReplicationWithPgoutputDeliversAnInsert() throws Exception {
        String db = pg.createDatabase("cdc");
        String slot = db + "_slot";
        String publication = db + "_pub";
        pg.execute(db,
                "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)",
                "CREATE PUBLICATION " + publication + " FOR TABLE customers",
                "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        pg.execute(db, "INSERT INTO customers VALUES (42, 'Ada')");

        List<Character> types = new ArrayList<>();
        List<String> insertedValues = new ArrayList<>();
        try (Connection replication = pg.connectForReplication(db)) {
            PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI()
                    .replicationStream()
                    .logical()
                    .withSlotName(slot)
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", publication)
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
            await("an Insert message from pgoutput").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        ByteBuffer message = stream.readPending();
                        if (message != null) {
                            char type = (char) message.get(message.position());
                            types.add(type);
                            if (type == 'I') {
                                insertedValues.addAll(insertedTuple(message));
                            }
                            stream.setAppliedLSN(stream.getLastReceiveLSN());
                            stream.setFlushedLSN(stream.getLastReceiveLSN());
                        }
                        return types.contains('I');
                    });
            stream.close();
        }
        assertThat(types).startsWith('B').contains('R', 'I');
        assertThat(insertedValues).containsExactly("42", "Ada");

        pg.dropDatabase(db);
        assertThat(pg.query("postgres", "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", slot)).isEmpty();
        assertThat(pg.query("postgres", "SELECT 1 FROM pg_database WHERE datname = ?", db)).isEmpty();
    }

    @Test
    void dedicatedServerCanBeStoppedAndRestartedWithItsData() throws Exception {
        PostgresTestServer own = PostgresTestServer.dedicated();
        try (own) {
            System.out.printf("[testkit] dedicated PostgreSQL (binaries already unpacked): start %d ms%n",
                    own.startupDuration().toMillis());
            assertThat(own.port()).isNotEqualTo(pg.port());
            String db = own.createDatabase("outage");
            own.execute(db, "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('kept')",
                    "SELECT pg_create_logical_replication_slot('outage_slot', 'pgoutput')");
            int port = own.port();

            own.stop();
            assertThat(own.isRunning()).isFalse();
            assertThat(accepts(port)).isFalse();
            assertThatThrownBy(() -> own.connect(db)).isInstanceOf(IllegalStateException.class);

            own.start();
            System.out.printf("[testkit] dedicated PostgreSQL restart: %d ms%n", own.startupDuration().toMillis());
            assertThat(own.port()).isEqualTo(port);
            assertThat(own.query(db, "SELECT v FROM t")).containsExactly(Map.of("v", "kept"));
            assertThat(own.query(db, "SELECT slot_name FROM pg_replication_slots"))
                    .containsExactly(Map.of("slot_name", "outage_slot"));
        }
        assertThat(own.isRunning()).isFalse();
        assertThat(accepts(own.port())).isFalse();
        assertThat(own.logFile()).doesNotExist();
    }

    /** The column values of a pgoutput (protocol 1) Insert message, as text. */
    private static List<String> insertedTuple(ByteBuffer message) {
        ByteBuffer buffer = message.duplicate();
        assertThat((char) buffer.get()).isEqualTo('I');
        buffer.getInt(); // relation id
        assertThat((char) buffer.get()).isEqualTo('N');
        int columns = buffer.getShort();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            char kind = (char) buffer.get();
            assertThat(kind).as("column %d is text", i).isEqualTo('t');
            byte[] value = new byte[buffer.getInt()];
            buffer.get(value);
            values.add(new String(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
