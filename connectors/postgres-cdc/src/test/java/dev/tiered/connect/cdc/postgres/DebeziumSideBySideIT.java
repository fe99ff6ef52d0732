package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debezium's own {@code PostgresConnector} (3.7.0.Final, pgoutput) and ours on one database, the same tables and the
 * same changes, in one Connect cluster, each with its own slot, publication and topic prefix: every record (snapshot
 * and streamed: insert, update, delete + tombstone, primary-key change, unchanged TOASTed values, REPLICA IDENTITY
 * FULL, a table without a primary key) must match Debezium's field by field, keys, schemas, payloads and headers
 * ({@link SideBySideDiff} says what is exempt). One table per scenario, many typed columns each.
 *
 * <p>Not covered on purpose: the {@code name} type, which Debezium 3.7 maps to a string in the snapshot but to null
 * in every streamed event (its pgoutput value resolver has no case for it); we emit the string in both.
 */
class DebeziumSideBySideIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final PostgresTestServer PG = PostgresTestServer.shared();

    /** A column of the all-types table: name, SQL type, and three literals (typical, edge, second typical). */
    private record Col(String name, String type, String typical, String edge, String other) { }

    private static final List<Col> SCALARS = List.of(
            new Col("c_int2", "int2", "1", "-32768", "2"),
            new Col("c_int4", "int4 NOT NULL DEFAULT 42", "2", "2147483647", "3"),
            new Col("c_int8", "int8 DEFAULT 7", "3", "-9223372036854775808", "4"),
            new Col("c_float4", "real", "1.5", "'NaN'", "2.5"),
            new Col("c_float8", "double precision", "2.25", "'-Infinity'", "3.25"),
            new Col("c_num", "numeric(10,3) DEFAULT 1.5", "1234.567", "-0.001", "1.1"),
            new Col("c_num0", "numeric(8)", "12345678", "-99999999", "1"),
            new Col("c_numvar", "numeric", "123.4500", "'NaN'", "-0.000001"),
            new Col("c_numinf", "numeric", "1", "'Infinity'", "0"),
            new Col("c_money", "money", "12.34", "-92233720368547758.08", "0.01"),
            new Col("c_bool", "boolean DEFAULT true", "true", "false", "true"),
            new Col("c_bit1", "bit(1)", "B'1'", "B'0'", "B'1'"),
            new Col("c_bit", "bit(10)", "B'1010101010'", "B'0000000001'", "B'1100000000'"),
            new Col("c_varbit", "varbit(20)", "B'10110'", "B'1'", "B'111111111'"),
            new Col("c_char", "char(5)", "'ab'", "'a'", "'abcde'"),
            new Col("c_varchar", "varchar(20) DEFAULT 'x'", "'vc'", "''", "'other'"),
            new Col("c_text", "text", "'some text'", "'ünï©ødé \" '' \\'", "'t2'"),
            new Col("c_bytea", "bytea", "'\\x0102ff'", "'\\x'", "'\\x00'"),
            new Col("c_date", "date", "'2024-05-06'", "'1969-12-31'", "'2000-02-29'"),
            new Col("c_time", "time", "'07:08:09.123456'", "'23:59:59.999999'", "'00:00:00'"),
            new Col("c_time3", "time(3)", "'07:08:09.123'", "'00:00:00.001'", "'12:00:00'"),
            new Col("c_timetz", "timetz", "'07:08:09.123456+02'", "'23:59:59.999999-08'", "'00:00:00+00'"),
            new Col("c_ts", "timestamp", "'2024-05-06 07:08:09.123456'", "'1900-01-01 00:00:00'", "'-infinity'"),
            new Col("c_ts3", "timestamp(3)", "'2024-05-06 07:08:09.123'", "'1970-01-01 00:00:00.001'",
                    "'infinity'"),
            new Col("c_tstz", "timestamptz", "'2024-05-06 07:08:09.123456+02'", "'1960-01-01 00:00:00+05:30'",
                    "'2024-05-06 07:08:09+00'"),
            new Col("c_tstz2", "timestamptz(2)", "'2024-05-06 07:08:09.12+02'", "'2024-05-06 07:08:09+00'",
                    "'infinity'"),
            new Col("c_interval", "interval", "'1 year 2 mons 3 days 04:05:06.789'", "'-1 days -02:03:04.5'",
                    "'P1Y'"),
            new Col("c_uuid", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
                    "'00000000-0000-0000-0000-000000000000'", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12'"),
            new Col("c_json", "json", "'{\"a\": 1}'", "'[]'", "'\"s\"'"),
            new Col("c_jsonb", "jsonb", "'{\"b\": [1, 2]}'", "'{}'", "'{\"c\": null}'"),
            new Col("c_xml", "xml", "'<a>x</a>'", "'<b/>'", "'<c>y</c>'"),
            new Col("c_mood", "mood", "'happy'", "'sad'", "'ok'"),
            new Col("c_hstore", "hstore", "'k1=>v1, k2=>NULL'", "''", "'a=>b'"),
            new Col("c_inet", "inet", "'192.168.0.1/24'", "'::1'", "'10.1.2.3'"),
            new Col("c_cidr", "cidr", "'10.0.0.0/8'", "'2001:db8::/32'", "'192.168.0.0/16'"),
            new Col("c_macaddr", "macaddr", "'08:00:2b:01:02:03'", "'00:00:00:00:00:00'", "'08:00:2b:01:02:04'"),
            new Col("c_macaddr8", "macaddr8", "'08:00:2b:01:02:03:04:05'", "'00:00:00:00:00:00:00:00'",
                    "'08:00:2b:01:02:03:04:06'"),
            new Col("c_int4range", "int4range", "'[1,10)'", "'empty'", "'(,5]'"),
            new Col("c_int8range", "int8range", "'[1,100)'", "'[,)'", "'[2,3]'"),
            new Col("c_numrange", "numrange", "'(1.5,2.5]'", "'empty'", "'[0,1)'"),
            new Col("c_tsrange", "tsrange", "'[2024-01-01 00:00,2024-02-01 00:00)'", "'empty'",
                    "'[2024-01-01 10:00,)'"),
            new Col("c_tstzrange", "tstzrange", "'[2024-01-01 00:00+00,2024-02-01 00:00+00)'", "'empty'",
                    "'(,2024-01-01 00:00+02]'"),
            new Col("c_daterange", "daterange", "'[2024-01-01,2024-02-01)'", "'empty'", "'[2024-01-01,)'"),
            new Col("c_point", "point", "'(1.5,2.5)'", "'(-1,0)'", "'(0,0)'"),
            new Col("c_domain", "posint", "5", "2147483647", "6"),
            new Col("c_oid", "oid", "12345", "0", "4294967295"));

    private static final List<Col> ARRAYS = List.of(
            new Col("a_int2", "int2[]", "'{1,2}'", "'{NULL,-1}'", "'{}'"),
            new Col("a_int4", "int4[]", "'{1,2,3}'", "'{NULL}'", "'{7}'"),
            new Col("a_int8", "int8[]", "'{1,9223372036854775807}'", "'{}'", "'{NULL,3}'"),
            new Col("a_text", "text[]", "'{a,\"b c\",\"\"}'", "'{NULL,\"NULL\",\"x,y\",\"q\\\"t\"}'", "'{z}'"),
            new Col("a_varchar", "varchar(10)[]", "'{a,b}'", "'{}'", "'{NULL}'"),
            new Col("a_char", "char(3)[]", "'{a,bb}'", "'{NULL}'", "'{ccc}'"),
            new Col("a_num", "numeric(10,2)[]", "'{1.5,-2.25}'", "'{NULL,0}'", "'{3}'"),
            new Col("a_numvar", "numeric[]", "'{1.5,-2.250,100}'", "'{NULL,NaN}'", "'{0.001}'"),
            new Col("a_float4", "real[]", "'{1.5,NaN}'", "'{NULL}'", "'{-0}'"),
            new Col("a_float8", "double precision[]", "'{2.5,Infinity}'", "'{}'", "'{1e300}'"),
            new Col("a_bool", "boolean[]", "'{t,f}'", "'{NULL}'", "'{t}'"),
            new Col("a_date", "date[]", "'{2024-01-01,1970-01-01}'", "'{NULL}'", "'{2000-02-29}'"),
            new Col("a_uuid", "uuid[]", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'", "'{NULL}'", "'{}'"),
            new Col("a_json", "json[]", "ARRAY['{\"a\":1}'::json]", "'{NULL}'", "'{}'"),
            new Col("a_jsonb", "jsonb[]", "ARRAY['{\"a\": 1}'::jsonb, '[]'::jsonb]", "'{NULL}'", "'{}'"),
            new Col("a_time", "time[]", "'{07:08:09.123456}'", "'{NULL}'", "'{00:00}'"),
            new Col("a_timetz", "timetz[]", "'{07:08:09.123456+02}'", "'{NULL}'", "'{00:00+00}'"),
            new Col("a_ts", "timestamp[]", "'{\"2024-05-06 07:08:09.123456\"}'", "'{NULL}'", "'{}'"),
            new Col("a_tstz", "timestamptz[]", "'{\"2024-05-06 07:08:09.123456+02\"}'", "'{NULL}'", "'{}'"),
            new Col("a_mood", "mood[]", "'{happy,sad}'", "'{NULL}'", "'{}'"),
            new Col("a_bytea", "bytea[]", "ARRAY['\\x0102'::bytea]", "'{NULL}'", "'{}'"),
            new Col("a_inet", "inet[]", "'{192.168.0.1,::1}'", "'{NULL}'", "'{}'"),
            new Col("a_cidr", "cidr[]", "'{10.0.0.0/8}'", "'{}'", "'{NULL}'"),
            new Col("a_macaddr", "macaddr[]", "'{08:00:2b:01:02:03}'", "'{}'", "'{NULL}'"),
            new Col("a_int4range", "int4range[]", "'{\"[1,2)\"}'", "'{}'", "'{NULL}'"),
            new Col("a_daterange", "daterange[]", "'{\"[2024-01-01,2024-02-01)\"}'", "'{}'", "'{NULL}'"));

    /** Incompressible text well above the 2 kB TOAST threshold, so it is stored out of line. */
    private static final String LARGE_TEXT = "(SELECT string_agg(md5(i::text || random()::text), '') FROM"
            + " generate_series(1, 300) i)";

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();
    private CdcTestDatabase fixture;
    private String db;
    private String theirPrefix;
    private String theirConnector;
    private String theirSlot;

    @BeforeEach
    void createDatabase() {
        fixture = new CdcTestDatabase(cluster, "sbs", TIMEOUT);
        db = fixture.db;
        theirPrefix = fixture.prefix + "_dbz";
        theirSlot = db + "_dbz";
        PG.execute(db,
                "CREATE EXTENSION IF NOT EXISTS hstore",
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE DOMAIN posint AS int CHECK (VALUE > 0)");
    }

    @AfterEach
    void cleanUp() {
        if (theirConnector != null) {
            cluster.deleteConnectorAndAwait(theirConnector, TIMEOUT);
        }
        await("Debezium's slot released").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> PG.query("postgres", "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND active",
                        theirSlot).isEmpty());
        PG.execute("postgres", "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                + " WHERE slot_name = '" + theirSlot + "'");
        fixture.close();
    }

    @Test
    void everyTypeMatchesDebeziumWithDefaultModes() {
        runAndCompare(Map.of());
    }

    @Test
    void everyTypeMatchesDebeziumWithAlternativeModes() {
        runAndCompare(Map.of(
                "decimal.handling.mode", "string",
                "time.precision.mode", "connect",
                "binary.handling.mode", "base64",
                "interval.handling.mode", "string",
                "hstore.handling.mode", "map"));
    }

    private void runAndCompare(Map<String, String> modes) {
        createTables();
        snapshotRows();

        Map<String, String> ours = fixture.connectorConfig("initial");
        ours.put("table.include.list", "public\\.t_.*");
        ours.putAll(modes);
        Map<String, String> theirs = debeziumConfig(ours);
        theirConnector = theirs.get("name");
        cluster.connect().configureConnector(theirConnector, theirs);
        cluster.awaitConnectorAndTasksRunning(theirConnector, 1, TIMEOUT);
        fixture.start(ours);

        try {
            // Both snapshots are complete once the last snapshot row (sentinel is the last table) is on both topics.
            awaitRecords("t_sentinel", 1);
            streamChanges();
            PG.execute(db, "INSERT INTO t_sentinel VALUES (2)");
            awaitRecords("t_sentinel", 2);
        } finally {
            dumpTheirs(modes.isEmpty() ? "default" : "modes");
        }

        List<String> diffs = new ArrayList<>();
        SideBySideDiff diff = new SideBySideDiff(theirPrefix, fixture.prefix);
        for (String table : List.of("t_scalar", "t_array", "t_toast", "t_full", "t_nopk", "t_defaults",
                "t_sentinel")) {
            String ourTopic = fixture.prefix + ".public." + table;
            String theirTopic = theirPrefix + ".public." + table;
            await(table + " complete on both topics").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> cluster.countRecords(ourTopic) >= cluster.countRecords(theirTopic)
                            && cluster.countRecords(theirTopic) > 0);
            List<ConsumerRecord<byte[], byte[]>> theirRecords = cluster.consumeAll(theirTopic, TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> ourRecords = cluster.consumeAll(ourTopic, TIMEOUT);
            diff.compare(theirRecords, ourRecords).forEach(d -> diffs.add(table + " " + d));
        }
        assertThat(diffs).as("differences from Debezium (theirs vs ours):%n%s", String.join("\n", diffs)).isEmpty();
    }

    private Map<String, String> debeziumConfig(Map<String, String> ours) {
        Map<String, String> config = new HashMap<>(ours);
        config.put("name", TestNames.unique("dbz-" + fixture.prefix));
        config.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.put("plugin.name", "pgoutput");
        config.put("topic.prefix", theirPrefix);
        config.put("slot.name", theirSlot);
        config.put("publication.name", theirSlot);
        config.remove("heartbeat.interval.ms");
        return config;
    }

    /** Debezium's records, for reading when something differs: target/side-by-side/<scenario>/<table>.json. */
    private void dumpTheirs(String scenario) {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "side-by-side", scenario);
        try {
            java.nio.file.Files.createDirectories(dir);
            for (String table : List.of("t_scalar", "t_array", "t_toast", "t_full", "t_nopk", "t_defaults")) {
                StringBuilder out = new StringBuilder();
                for (ConsumerRecord<byte[], byte[]> r : cluster.consumeAll(theirPrefix + ".public." + table, TIMEOUT)) {
                    out.append("KEY ").append(r.key() == null ? null : new String(r.key())).append('\n');
                    out.append("VALUE ").append(r.value() == null ? null : new String(r.value())).append('\n');
                    r.headers().forEach(h -> out.append("HEADER ").append(h.key()).append('=')
                            .append(h.value() == null ? null : new String(h.value())).append('\n'));
                }
                java.nio.file.Files.writeString(dir.resolve(table + ".json"), out);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void awaitRecords(String table, int count) {
        cluster.consume(theirPrefix + ".public." + table, count, TIMEOUT);
        cluster.consume(fixture.prefix + ".public." + table, count, TIMEOUT);
    }

    private void createTables() {
        PG.execute(db,
                "CREATE TABLE t_scalar (id int PRIMARY KEY, " + columnsDdl(SCALARS) + ")",
                "CREATE TABLE t_array (id int PRIMARY KEY, " + columnsDdl(ARRAYS) + ")",
                "CREATE TABLE t_toast (id int PRIMARY KEY, note text, big_text text, big_bytea bytea,"
                        + " big_ints int[], big_bigints int8[], big_texts text[], big_jsonb jsonb, big_hstore hstore,"
                        + " big_uuids uuid[], big_nums numeric[], big_varchar varchar(20000))",
                "CREATE TABLE t_full (id int PRIMARY KEY, amount numeric(10,2), note text, at timestamptz,"
                        + " tags text[], big_text text, flags bit(3))",
                "ALTER TABLE t_full REPLICA IDENTITY FULL",
                "CREATE TABLE t_nopk (a int, b text, c numeric)",
                // Without a key, updates and deletes need a replica identity: the whole row.
                "ALTER TABLE t_nopk REPLICA IDENTITY FULL",
                // Literal and generated defaults become schema defaults (PostgresDefaultValueConverter).
                "CREATE TABLE t_defaults (id int PRIMARY KEY, d_int2 int2 DEFAULT -1, d_int8 int8 DEFAULT 5,"
                        + " d_serial serial, d_float4 real DEFAULT 1.5, d_float8 double precision DEFAULT 2.5,"
                        + " d_num numeric(6,2) DEFAULT 3, d_numvar numeric DEFAULT 2, d_bool bool DEFAULT false,"
                        + " d_bit1 bit(1) DEFAULT B'1', d_bit bit(3) DEFAULT B'101', d_text text DEFAULT 'it''s',"
                        + " d_char char(3) DEFAULT 'a', d_json jsonb DEFAULT '{}', d_uuid uuid"
                        + " DEFAULT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', d_date date DEFAULT '2024-01-02',"
                        + " d_date_now date DEFAULT CURRENT_DATE, d_time time DEFAULT '12:00',"
                        + " d_ts timestamp DEFAULT now(), d_ts_lit timestamp DEFAULT '2024-01-02 03:04:05',"
                        + " d_tstz timestamptz DEFAULT '2024-01-02 03:04:05+00', d_mood mood DEFAULT 'ok',"
                        + " d_bytea bytea DEFAULT '\\x01', d_int_arr int[] DEFAULT '{1}')",
                "CREATE TABLE t_sentinel (id int PRIMARY KEY)");
    }

    private void snapshotRows() {
        PG.execute(db,
                insert("t_scalar", 1, SCALARS, Col::typical),
                insert("t_scalar", 2, SCALARS, Col::edge),
                "INSERT INTO t_scalar (id) VALUES (3)",
                insert("t_array", 1, ARRAYS, Col::typical),
                insert("t_array", 2, ARRAYS, Col::edge),
                "INSERT INTO t_array (id) VALUES (3)",
                "INSERT INTO t_toast VALUES (1, 'n', " + LARGE_TEXT + ", decode(" + LARGE_TEXT + ", 'hex'),"
                        + " (SELECT array_agg((random() * 2000000000)::int) FROM generate_series(1, 3000)),"
                        + " (SELECT array_agg((random() * 9e18)::int8) FROM generate_series(1, 2000)),"
                        + " ARRAY[" + LARGE_TEXT + ", 'b'], jsonb_build_object('k', " + LARGE_TEXT + "),"
                        + " hstore('k', " + LARGE_TEXT + "),"
                        + " (SELECT array_agg(md5(i::text || random()::text)::uuid) FROM generate_series(1, 400) i),"
                        + " (SELECT array_agg((random() * 1e9)::numeric(20,5)) FROM generate_series(1, 1000)),"
                        + LARGE_TEXT + ")",
                "INSERT INTO t_full VALUES (1, 1.50, 'full', '2024-05-06 07:08:09+00', '{a,b}', " + LARGE_TEXT
                        + ", B'101')",
                "INSERT INTO t_nopk VALUES (1, 'one', 1.0)",
                "INSERT INTO t_defaults (id, d_ts) VALUES (1, '2024-05-06 07:08:09')",
                "INSERT INTO t_sentinel VALUES (1)");
    }

    private void streamChanges() {
        PG.execute(db,
                "SET TIME ZONE 'America/New_York'",
                insert("t_scalar", 10, SCALARS, Col::other),
                insert("t_scalar", 11, SCALARS, Col::edge),
                "UPDATE t_scalar SET " + SCALARS.stream().filter(c -> !c.type().contains("NOT NULL"))
                        .map(c -> c.name() + " = " + c.typical()).collect(Collectors.joining(", ")) + " WHERE id = 10",
                "UPDATE t_scalar SET c_text = NULL, c_num = NULL WHERE id = 11",
                "DELETE FROM t_scalar WHERE id = 10",
                "UPDATE t_scalar SET id = 100 WHERE id = 1",
                insert("t_array", 10, ARRAYS, Col::other),
                "UPDATE t_array SET " + ARRAYS.stream().map(c -> c.name() + " = " + c.edge())
                        .collect(Collectors.joining(", ")) + " WHERE id = 10",
                "DELETE FROM t_array WHERE id = 10",
                // Only note changes: pgoutput sends the TOASTed columns as unchanged ('u').
                "UPDATE t_toast SET note = 'changed' WHERE id = 1",
                "UPDATE t_toast SET id = 2 WHERE id = 1",
                "UPDATE t_full SET note = 'changed', amount = 2.75 WHERE id = 1",
                "UPDATE t_full SET id = 2 WHERE id = 1",
                "DELETE FROM t_full WHERE id = 2",
                "INSERT INTO t_nopk VALUES (2, 'two', 2.5)",
                "UPDATE t_nopk SET b = 'zwei' WHERE a = 2",
                "DELETE FROM t_nopk WHERE a = 1",
                "INSERT INTO t_defaults (id, d_ts) VALUES (2, '2024-05-06 07:08:09')",
                "DELETE FROM t_defaults WHERE id = 1");
    }

    private static String columnsDdl(List<Col> columns) {
        return columns.stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "));
    }

    private static String insert(String table, int id, List<Col> columns,
            java.util.function.Function<Col, String> literal) {
        Map<String, String> values = new LinkedHashMap<>();
        columns.forEach(c -> values.put(c.name(), literal.apply(c)));
        return "INSERT INTO " + table + " (id, " + String.join(", ", values.keySet()) + ") VALUES (" + id + ", "
                + String.join(", ", values.values()) + ")";
    }
}
