package dev.tiered.connect.cdc.postgres.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiered.connect.cdc.postgres.DebeziumReference;
import dev.tiered.connect.cdc.postgres.catalog.CatalogReader;
import dev.tiered.connect.cdc.postgres.catalog.RelationCache;
import dev.tiered.connect.cdc.postgres.event.ChangeEvent;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputMessage;
import dev.tiered.connect.testkit.PostgresTestServer;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real changes on the embedded PostgreSQL, read from a pgoutput slot, decoded and assembled live (the relation cache
 * reads the catalog while the stream is processed), serialized with JsonConverter and compared with Debezium 3.7.0's
 * output for the same statements.
 */
class ChangeStreamAssemblerIT {

    private static final PostgresTestServer PG = PostgresTestServer.shared();

    private String db;
    private Connection catalogConnection;
    private SlotReader slot;
    private ChangeStreamAssembler assembler;

    @BeforeEach
    void createSlot() throws Exception {
        db = PG.createDatabase("assembler");
        PG.execute(db,
                "CREATE TABLE customers (id int PRIMARY KEY, big_col bigint, amount numeric(10,2), note text,"
                        + " active boolean, created_ts timestamp, created_tstz timestamptz, birth date, ext_id uuid,"
                        + " attrs jsonb)",
                "CREATE TABLE plain (a int, b text)",
                "ALTER TABLE plain REPLICA IDENTITY FULL",
                "CREATE TABLE evolving (id int PRIMARY KEY, v int)",
                "CREATE PUBLICATION pub FOR TABLE customers, plain, evolving",
                "SELECT pg_create_logical_replication_slot('slot', 'pgoutput')");
        catalogConnection = PG.connect(db);
        slot = new SlotReader(PG, db, "slot", "pub");
        assembler = new ChangeStreamAssembler(StreamSettings.defaults("spike", "postgres", "0.1.0"),
                new RelationCache("spike", new CatalogReader(catalogConnection)), Clock.systemUTC(),
                WalPosition.initial());
    }

    @AfterEach
    void dropDatabase() throws Exception {
        slot.close();
        catalogConnection.close();
        PG.dropDatabase(db);
    }

    @Test
    void insertUpdateDeleteMatchDebeziumAndCarryItsPositions() throws Exception {
        PG.execute(db,
                "SET TIME ZONE 'Europe/Berlin'",
                "INSERT INTO customers VALUES (1, 1234567890123, 12345.67, 'hello', true,"
                        + " '2024-05-06 07:08:09.123456', '2024-05-06 07:08:09.123456+02', '2024-05-06',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": \"v\", \"n\": [1, 2]}')",
                "UPDATE customers SET amount = 99.99, note = 'updated', active = false, attrs = '{\"k\": \"v2\"}'"
                        + " WHERE id = 1",
                "DELETE FROM customers WHERE id = 1");
        List<SlotReader.Received> received = slot.readCommits(3);
        List<SourceChange> records = assemble(received);

        JsonNode reference = DebeziumReference.load("postgres-3.7.0-replica-identity-default.json").get("events");
        assertThat(records).hasSize(4);
        JsonConverter keys = DebeziumReference.converter(true);
        JsonConverter values = DebeziumReference.converter(false);
        for (int i = 0; i < records.size(); i++) {
            JsonNode expected = reference.get(i + 1);
            ChangeEvent event = records.get(i).event();
            assertThat(event.topic()).as(expected.get("kind").asText()).isEqualTo(expected.get("topic").asText());
            DebeziumReference.assertMatches(expected, keys.fromConnectData(event.topic(), event.keySchema(),
                    event.key()), values.fromConnectData(event.topic(), event.valueSchema(), event.value()));
        }

        List<PgOutputMessage.Begin> begins = messages(received, PgOutputMessage.Begin.class);
        List<SlotReader.Received> commits = received.stream()
                .filter(r -> r.message() instanceof PgOutputMessage.Commit).toList();
        List<SlotReader.Received> changes = received.stream().filter(r -> r.message() instanceof PgOutputMessage.Insert
                || r.message() instanceof PgOutputMessage.Update || r.message() instanceof PgOutputMessage.Delete)
                .toList();
        for (SlotReader.Received commit : commits) {
            assertThat(commit.walLsn()).as("a Commit's XLogData start is the end of the commit record")
                    .isEqualTo(((PgOutputMessage.Commit) commit.message()).endLsn());
        }
        Struct insertSource = records.get(0).event().value().getStruct("source");
        assertThat(insertSource.getInt64("lsn")).isEqualTo(changes.get(0).walLsn());
        assertThat(insertSource.getInt64("txId")).isEqualTo(begins.get(0).xid());
        assertThat(insertSource.getInt64("ts_us")).isEqualTo(micros(begins.get(0).commitTime()));
        assertThat(insertSource.getString("sequence")).isEqualTo("[null,\"" + changes.get(0).walLsn() + "\"]");
        Struct updateSource = records.get(1).event().value().getStruct("source");
        assertThat(updateSource.getString("sequence"))
                .isEqualTo("[\"" + commits.get(0).walLsn() + "\",\"" + changes.get(1).walLsn() + "\"]");

        assertThat(records.get(1).sourcePartition()).isEqualTo(Map.of("server", "spike"));
        assertThat(records.get(1).sourceOffset()).isEqualTo(Map.of(
                "lsn", changes.get(1).walLsn(), "lsn_proc", changes.get(1).walLsn(),
                "lsn_commit", commits.get(0).walLsn(), "txId", begins.get(1).xid(),
                "ts_usec", micros(begins.get(1).commitTime()), "messageType", "UPDATE", "lsn_events_processed", 1L));
        assertThat(records.get(3).sourceOffset()).as("the tombstone's offset is the delete's")
                .isEqualTo(records.get(2).sourceOffset());
        assertThat(assembler.position().offset()).isEqualTo(Map.of(
                "lsn", commits.get(2).walLsn(), "lsn_proc", commits.get(2).walLsn(),
                "lsn_commit", commits.get(2).walLsn(), "txId", begins.get(2).xid(),
                "ts_usec", micros(begins.get(2).commitTime()), "messageType", "COMMIT"));
    }

    @Test
    void aKeyChangeIsDeleteTombstoneCreateWithHeadersAndAKeylessTableHasNullKeys() {
        PG.execute(db,
                "INSERT INTO customers (id, note) VALUES (5, 'five')",
                "UPDATE customers SET id = 6 WHERE id = 5",
                "INSERT INTO plain VALUES (1, 'x')",
                "UPDATE plain SET b = 'y'");
        List<SourceChange> records = assemble(slot.readCommits(4));

        assertThat(records).extracting(r -> r.event().isTombstone() ? "tombstone"
                : r.event().value().getString("op")).containsExactly("c", "d", "tombstone", "c", "c", "u");
        SourceChange delete = records.get(1);
        assertThat(delete.event().key().getInt32("id")).isEqualTo(5);
        assertThat(delete.event().value().getStruct("before").getInt32("id")).isEqualTo(5);
        assertThat(delete.event().value().getStruct("before").getString("note"))
                .as("the old tuple of a key change holds only the key").isNull();
        assertThat(((Struct) delete.headers().lastWithName("__debezium.newkey").value()).getInt32("id")).isEqualTo(6);
        assertThat(records.get(2).headers().lastWithName("__debezium.newkey")).isNotNull();
        SourceChange create = records.get(3);
        assertThat(create.event().key().getInt32("id")).isEqualTo(6);
        assertThat(create.event().value().getStruct("after").getString("note")).isEqualTo("five");
        assertThat(((Struct) create.headers().lastWithName("__debezium.oldkey").value()).getInt32("id")).isEqualTo(5);
        assertThat(create.headers().lastWithName("__debezium.oldkey").schema())
                .isEqualTo(create.event().keySchema());
        assertThat(create.sourceOffset()).isEqualTo(delete.sourceOffset());

        SourceChange plainUpdate = records.get(5);
        assertThat(plainUpdate.event().keySchema()).isNull();
        assertThat(plainUpdate.event().key()).isNull();
        assertThat(plainUpdate.event().value().getStruct("before").getString("b")).isEqualTo("x");
        assertThat(plainUpdate.event().value().getStruct("after").getString("b")).isEqualTo("y");
    }

    @Test
    void addedDroppedAndRetypedColumnsShowUpInTheNextEvents() {
        PG.execute(db, "INSERT INTO evolving VALUES (1, 1)");
        SourceChange first = assemble(slot.readCommits(1)).get(0);
        assertThat(fieldNames(first.event().valueSchema())).containsExactly("id", "v");

        PG.execute(db, "ALTER TABLE evolving ADD COLUMN extra text NOT NULL DEFAULT 'd'",
                "INSERT INTO evolving VALUES (2, 2, 'e')");
        SourceChange added = assemble(slot.readThroughCommitOf(PgOutputMessage.Insert.class)).get(0);
        Schema row = added.event().valueSchema().field("after").schema();
        assertThat(fieldNames(added.event().valueSchema())).containsExactly("id", "v", "extra");
        assertThat(row.field("extra").schema().isOptional()).as("NOT NULL from the catalog").isFalse();
        assertThat(added.event().value().getStruct("after").getString("extra")).isEqualTo("e");

        PG.execute(db, "ALTER TABLE evolving DROP COLUMN v", "UPDATE evolving SET extra = 'f' WHERE id = 2");
        SourceChange dropped = assemble(slot.readThroughCommitOf(PgOutputMessage.Update.class)).get(0);
        assertThat(fieldNames(dropped.event().valueSchema())).containsExactly("id", "extra");

        PG.execute(db, "ALTER TABLE evolving ALTER COLUMN id TYPE bigint", "INSERT INTO evolving VALUES (3, 'g')");
        SourceChange retyped = assemble(slot.readThroughCommitOf(PgOutputMessage.Insert.class)).get(0);
        assertThat(retyped.event().keySchema().field("id").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(retyped.event().key().getInt64("id")).isEqualTo(3L);
        assertThat(retyped.event().value().getStruct("after").getInt64("id")).isEqualTo(3L);
    }

    private List<SourceChange> assemble(List<SlotReader.Received> received) {
        List<SourceChange> records = new ArrayList<>();
        for (SlotReader.Received each : received) {
            records.addAll(assembler.accept(each.message(), each.walLsn()));
        }
        return records;
    }

    private static List<String> fieldNames(Schema envelope) {
        return envelope.field("after").schema().fields().stream().map(org.apache.kafka.connect.data.Field::name)
                .toList();
    }

    private static <T extends PgOutputMessage> List<T> messages(List<SlotReader.Received> received, Class<T> type) {
        return received.stream().map(SlotReader.Received::message).filter(type::isInstance).map(type::cast).toList();
    }

    private static long micros(java.time.Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
    }
}
