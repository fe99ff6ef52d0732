package dev.tiered.connect.cdc.postgres.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiered.connect.testkit.PostgresTestServer;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.replication.PGReplicationStream;

/** Decodes what a real PostgreSQL 17 sends through pgoutput (protocol 1) for the reference table's changes. */
class PgOutputDecoderIT {

    @Test
    void decodesInsertUpdateDeleteAndTruncateOfTheReferenceTable() throws Exception {
        PostgresTestServer pg = PostgresTestServer.shared();
        String db = pg.createDatabase("pgoutput");
        String slot = db + "_slot";
        String publication = db + "_pub";
        pg.execute(db,
                "CREATE TABLE customers (id int PRIMARY KEY, big_col bigint, amount numeric(10,2), note text,"
                        + " active boolean, created_ts timestamp, created_tstz timestamptz, birth date, ext_id uuid,"
                        + " attrs jsonb)",
                "CREATE TABLE audit (id int, msg text)",
                "ALTER TABLE audit REPLICA IDENTITY FULL",
                "CREATE PUBLICATION " + publication + " FOR TABLE customers, audit",
                "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        pg.execute(db,
                "SET TIME ZONE 'Europe/Berlin'",
                "INSERT INTO customers VALUES (1, 1234567890123, 12345.67, 'hello', true,"
                        + " '2024-05-06 07:08:09.123456', '2024-05-06 07:08:09.123456+02', '2024-05-06',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": \"v\", \"n\": [1, 2]}')",
                "UPDATE customers SET amount = 99.99, note = 'updated', active = false, attrs = '{\"k\": \"v2\"}'"
                        + " WHERE id = 1",
                "UPDATE customers SET id = 2 WHERE id = 1",
                "DELETE FROM customers WHERE id = 2",
                "INSERT INTO audit VALUES (7, 'x')",
                "UPDATE audit SET msg = 'y'",
                "DELETE FROM audit",
                "TRUNCATE customers, audit");

        PgOutputDecoder decoder = new PgOutputDecoder();
        List<PgOutputMessage> messages = new ArrayList<>();
        try (Connection replication = pg.connectForReplication(db)) {
            PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI()
                    .replicationStream().logical()
                    .withSlotName(slot)
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", publication)
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
            await("the Truncate's commit").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        ByteBuffer message;
                        while ((message = stream.readPending()) != null) {
                            messages.add(decoder.decode(message));
                            stream.setFlushedLSN(stream.getLastReceiveLSN());
                        }
                        return messages.stream().anyMatch(m -> m instanceof PgOutputMessage.Truncate)
                                && messages.get(messages.size() - 1) instanceof PgOutputMessage.Commit;
                    });
            stream.close();
        }
        pg.dropDatabase(db);

        List<Object> changes = messages.stream()
                .filter(m -> !(m instanceof PgOutputMessage.Begin || m instanceof PgOutputMessage.Commit))
                .map(Object.class::cast).toList();
        assertThat(messages.get(0)).isInstanceOf(PgOutputMessage.Begin.class);
        assertThat(messages.stream().filter(m -> m instanceof PgOutputMessage.Begin)).hasSize(8);
        assertThat(messages.stream().filter(m -> m instanceof PgOutputMessage.Commit)).hasSize(8);
        PgOutputMessage.Begin begin = (PgOutputMessage.Begin) messages.get(0);
        PgOutputMessage.Commit commit = (PgOutputMessage.Commit) messages.get(messages.indexOf(begin) + 3);
        assertThat(commit.commitLsn()).isEqualTo(begin.finalLsn());
        assertThat(commit.endLsn()).isGreaterThan(commit.commitLsn());
        assertThat(commit.commitTime()).isEqualTo(begin.commitTime());
        assertThat(begin.xid()).isPositive();

        PgOutputMessage.Relation customers = (PgOutputMessage.Relation) changes.get(0);
        assertThat(customers.namespace()).isEqualTo("public");
        assertThat(customers.name()).isEqualTo("customers");
        assertThat(customers.replicaIdentity()).isEqualTo('d');
        assertThat(customers.columns()).containsExactly(
                new PgOutputMessage.RelationColumn(true, "id", 23, -1),
                new PgOutputMessage.RelationColumn(false, "big_col", 20, -1),
                new PgOutputMessage.RelationColumn(false, "amount", 1700, (10 << 16) + 2 + 4),
                new PgOutputMessage.RelationColumn(false, "note", 25, -1),
                new PgOutputMessage.RelationColumn(false, "active", 16, -1),
                new PgOutputMessage.RelationColumn(false, "created_ts", 1114, -1),
                new PgOutputMessage.RelationColumn(false, "created_tstz", 1184, -1),
                new PgOutputMessage.RelationColumn(false, "birth", 1082, -1),
                new PgOutputMessage.RelationColumn(false, "ext_id", 2950, -1),
                new PgOutputMessage.RelationColumn(false, "attrs", 3802, -1));
        int rel = customers.relationId();

        PgOutputMessage.Insert insert = (PgOutputMessage.Insert) changes.get(1);
        assertThat(insert.relationId()).isEqualTo(rel);
        assertThat(insert.newTuple()).extracting(TupleValue::text).containsExactly("1", "1234567890123", "12345.67",
                "hello", "t", "2024-05-06 07:08:09.123456", "2024-05-06 05:08:09.123456+00", "2024-05-06",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"k\": \"v\", \"n\": [1, 2]}");

        PgOutputMessage.Update update = (PgOutputMessage.Update) changes.get(2);
        assertThat(update.oldTupleKind()).as("replica identity DEFAULT, key unchanged: no old tuple").isEqualTo((char) 0);
        assertThat(update.oldTuple()).isNull();
        assertThat(update.newTuple()).extracting(TupleValue::text)
                .containsExactly("1", "1234567890123", "99.99", "updated", "f", "2024-05-06 07:08:09.123456",
                        "2024-05-06 05:08:09.123456+00", "2024-05-06", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                        "{\"k\": \"v2\"}");

        PgOutputMessage.Update keyChange = (PgOutputMessage.Update) changes.get(3);
        assertThat(keyChange.oldTupleKind()).isEqualTo('K');
        assertThat(keyChange.oldTuple()).hasSize(10);
        assertThat(keyChange.oldTuple().get(0)).isEqualTo(TupleValue.text("1"));
        assertThat(keyChange.oldTuple().subList(1, 10)).allMatch(TupleValue::isNull);
        assertThat(keyChange.newTuple().get(0)).isEqualTo(TupleValue.text("2"));

        PgOutputMessage.Delete delete = (PgOutputMessage.Delete) changes.get(4);
        assertThat(delete.oldTupleKind()).isEqualTo('K');
        assertThat(delete.oldTuple().get(0)).isEqualTo(TupleValue.text("2"));
        assertThat(delete.oldTuple().subList(1, 10)).allMatch(TupleValue::isNull);

        PgOutputMessage.Relation audit = (PgOutputMessage.Relation) changes.get(5);
        assertThat(audit.replicaIdentity()).isEqualTo('f');
        assertThat(audit.columns()).allMatch(PgOutputMessage.RelationColumn::key);
        PgOutputMessage.Update fullUpdate = (PgOutputMessage.Update) changes.get(7);
        assertThat(fullUpdate.oldTupleKind()).isEqualTo('O');
        assertThat(fullUpdate.oldTuple()).containsExactly(TupleValue.text("7"), TupleValue.text("x"));
        assertThat(fullUpdate.newTuple()).containsExactly(TupleValue.text("7"), TupleValue.text("y"));
        PgOutputMessage.Delete fullDelete = (PgOutputMessage.Delete) changes.get(8);
        assertThat(fullDelete.oldTupleKind()).isEqualTo('O');
        assertThat(fullDelete.oldTuple()).containsExactly(TupleValue.text("7"), TupleValue.text("y"));

        PgOutputMessage.Truncate truncate = (PgOutputMessage.Truncate) changes.get(changes.size() - 1);
        assertThat(truncate.relationIds()).containsExactlyInAnyOrder(rel, audit.relationId());
        assertThat(truncate.options()).isZero();
    }
}
