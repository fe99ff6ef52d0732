package dev.tiered.connect.cdc.postgres.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiered.connect.cdc.postgres.catalog.CatalogColumn;
import dev.tiered.connect.cdc.postgres.catalog.CatalogTable;
import dev.tiered.connect.cdc.postgres.catalog.RelationCache;
import dev.tiered.connect.cdc.postgres.event.Op;
import dev.tiered.connect.cdc.postgres.event.ValueConverters;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputMessage;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputMessage.RelationColumn;
import dev.tiered.connect.cdc.postgres.pgoutput.TupleValue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** Hand-built pgoutput message sequences through the assembler. */
class ChangeStreamAssemblerTest {

    private static final int T = 7;
    private static final int KEYLESS = 8;
    private static final Instant COMMIT_TIME = Instant.parse("2026-11-23T10:00:00.123456Z");
    private static final long COMMIT_MICROS = 1_795_428_000_123_456L;

    private static final Map<Integer, CatalogTable> CATALOG = Map.of(
            T, new CatalogTable(T, "public", "t", 'd', List.of(column(1, "id", true), column(2, "v", false)),
                    List.of("id")),
            KEYLESS, new CatalogTable(KEYLESS, "public", "u", 'f', List.of(column(1, "a", false)), List.of()));

    private ChangeStreamAssembler assembler = assembler(StreamSettings.defaults("srv", "db", "0.1.0"),
            WalPosition.initial());

    @Test
    void anInsertCarriesTheTransactionAndItsPosition() {
        List<SourceChange> records = transaction(741, 100, 200, new PgOutputMessage.Insert(T, row("1", "a")));

        assertThat(records).hasSize(1);
        SourceChange insert = records.get(0);
        assertThat(insert.event().topic()).isEqualTo("srv.public.t");
        assertThat(insert.event().key().getInt32("id")).isEqualTo(1);
        Struct source = insert.event().value().getStruct("source");
        assertThat(source.getString("name")).isEqualTo("srv");
        assertThat(source.getString("db")).isEqualTo("db");
        assertThat(source.getString("schema")).isEqualTo("public");
        assertThat(source.getString("table")).isEqualTo("t");
        assertThat(source.getString("snapshot")).isEqualTo("false");
        assertThat(source.getInt64("txId")).isEqualTo(741L);
        assertThat(source.getInt64("lsn")).isEqualTo(101L);
        assertThat(source.getInt64("ts_us")).isEqualTo(COMMIT_MICROS);
        assertThat(source.getString("sequence")).isEqualTo("[null,\"101\"]");
        assertThat(insert.sourcePartition()).isEqualTo(Map.of("server", "srv"));
        assertThat(insert.sourceOffset()).isEqualTo(Map.of("lsn", 101L, "lsn_proc", 101L, "txId", 741L,
                "ts_usec", COMMIT_MICROS, "messageType", "INSERT", "lsn_events_processed", 1L));
        assertThat(insert.headers()).isEmpty();
        assertThat(assembler.position().offset()).isEqualTo(Map.of("lsn", 200L, "lsn_proc", 200L,
                "lsn_commit", 200L, "txId", 741L, "ts_usec", COMMIT_MICROS, "messageType", "COMMIT"));
    }

    @Test
    void theSequenceAndLsnCommitNameThePreviousCommit() {
        transaction(741, 100, 200, new PgOutputMessage.Insert(T, row("1", "a")));
        SourceChange update = transaction(742, 200, 300, new PgOutputMessage.Update(T, (char) 0, null,
                row("1", "b"))).get(0);

        assertThat(update.event().value().getStruct("source").getString("sequence")).isEqualTo("[\"200\",\"201\"]");
        assertThat(update.event().value().getStruct("before")).as("DEFAULT, key unchanged: no old tuple").isNull();
        assertThat(update.sourceOffset()).containsEntry("lsn_commit", 200L).containsEntry("messageType", "UPDATE")
                .containsEntry("txId", 742L);
    }

    @Test
    void aDeleteIsFollowedByATombstoneWithTheSameKeyAndOffset() {
        List<SourceChange> records = transaction(741, 100, 200,
                new PgOutputMessage.Delete(T, 'K', row("1", null)));

        assertThat(records).hasSize(2);
        assertThat(records.get(0).event().value().getString("op")).isEqualTo("d");
        assertThat(records.get(0).event().value().getStruct("before").getInt32("id")).isEqualTo(1);
        assertThat(records.get(1).event().isTombstone()).isTrue();
        assertThat(records.get(1).event().key()).isEqualTo(records.get(0).event().key());
        assertThat(records.get(1).event().keySchema()).isSameAs(records.get(0).event().keySchema());
        assertThat(records.get(1).sourceOffset()).isEqualTo(records.get(0).sourceOffset());
    }

    @Test
    void withoutTombstonesOnDeleteOnlyTheDelete() {
        assembler = assembler(new StreamSettings("srv", "db", "0.1.0", false, Set.of(Op.TRUNCATE)),
                WalPosition.initial());
        assertThat(transaction(741, 100, 200, new PgOutputMessage.Delete(T, 'K', row("1", null))))
                .extracting(r -> r.event().value().getString("op")).containsExactly("d");
    }

    @Test
    void aKeyChangeIsDeleteTombstoneAndCreateWithDebeziumsHeaders() {
        List<SourceChange> records = transaction(741, 100, 200,
                new PgOutputMessage.Update(T, 'K', row("1", null), row("2", "b")));

        assertThat(records).hasSize(3);
        SourceChange delete = records.get(0);
        SourceChange tombstone = records.get(1);
        SourceChange create = records.get(2);
        assertThat(delete.event().value().getString("op")).isEqualTo("d");
        assertThat(delete.event().key().getInt32("id")).isEqualTo(1);
        assertThat(((Struct) delete.headers().lastWithName("__debezium.newkey").value()).getInt32("id"))
                .isEqualTo(2);
        assertThat(delete.headers().lastWithName("__debezium.oldkey")).isNull();
        assertThat(tombstone.event().isTombstone()).isTrue();
        assertThat(tombstone.event().key().getInt32("id")).isEqualTo(1);
        assertThat(tombstone.headers().lastWithName("__debezium.newkey")).isNotNull();
        assertThat(create.event().value().getString("op")).isEqualTo("c");
        assertThat(create.event().key().getInt32("id")).isEqualTo(2);
        assertThat(create.event().value().getStruct("after").getString("v")).isEqualTo("b");
        assertThat(create.event().value().get("before")).isNull();
        assertThat(((Struct) create.headers().lastWithName("__debezium.oldkey").value()).getInt32("id"))
                .isEqualTo(1);
        assertThat(create.headers().lastWithName("__debezium.newkey")).isNull();
        assertThat(create.sourceOffset()).isEqualTo(delete.sourceOffset()).containsEntry("messageType", "UPDATE");
    }

    @Test
    void aFullOldTupleWithTheSameKeyIsAnUpdateWithBefore() {
        List<SourceChange> records = transaction(741, 100, 200,
                new PgOutputMessage.Update(T, 'O', row("1", "a"), row("1", "b")));

        assertThat(records).hasSize(1);
        Struct value = records.get(0).event().value();
        assertThat(value.getString("op")).isEqualTo("u");
        assertThat(value.getStruct("before").getString("v")).isEqualTo("a");
        assertThat(value.getStruct("after").getString("v")).isEqualTo("b");
    }

    @Test
    void aTableWithoutKeyHasNullKeysAndNoKeyChange() {
        List<SourceChange> records = transaction(741, 100, 200,
                new PgOutputMessage.Update(KEYLESS, 'O', row("1"), row("2")));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).event().keySchema()).isNull();
        assertThat(records.get(0).event().key()).isNull();
        assertThat(records.get(0).event().value().getString("op")).isEqualTo("u");
    }

    @Test
    void truncatesAreSkippedByDefaultButThePositionAdvances() {
        List<SourceChange> records = transaction(741, 100, 200, new PgOutputMessage.Truncate(0, List.of(T, KEYLESS)));

        assertThat(records).isEmpty();
        assertThat(assembler.position().lastCommitLsn()).isEqualTo(200L);
    }

    @Test
    void unskippedTruncatesAreOneEventPerKnownTableWithoutKey() {
        assembler = assembler(new StreamSettings("srv", "db", "0.1.0", true, Set.of()), WalPosition.initial());
        List<SourceChange> records = transaction(741, 100, 200,
                new PgOutputMessage.Truncate(0, List.of(T, KEYLESS, 99)));

        assertThat(records).extracting(r -> r.event().topic()).containsExactly("srv.public.t", "srv.public.u");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.event().key()).isNull();
            assertThat(r.event().keySchema()).isNull();
            assertThat(r.event().value().getString("op")).isEqualTo("t");
            assertThat(r.event().value().get("before")).isNull();
        });
        assertThat(records.get(0).sourceOffset()).as("not the last table: the LSN is not completely processed")
                .doesNotContainKey("lsn_proc").containsEntry("lsn_events_processed", 1L);
        assertThat(records.get(1).sourceOffset()).containsEntry("lsn_proc", 101L)
                .containsEntry("lsn_events_processed", 2L).containsEntry("messageType", "TRUNCATE");
    }

    @Test
    void skippedOperationsAreNotEmitted() {
        assembler = assembler(new StreamSettings("srv", "db", "0.1.0", true, Set.of(Op.DELETE, Op.UPDATE)),
                WalPosition.initial());
        List<SourceChange> records = transaction(741, 100, 200,
                new PgOutputMessage.Insert(T, row("1", "a")),
                new PgOutputMessage.Update(T, (char) 0, null, row("1", "b")),
                new PgOutputMessage.Update(T, 'K', row("1", null), row("2", "b")),
                new PgOutputMessage.Delete(T, 'K', row("2", null)));

        assertThat(records).extracting(r -> r.event().value().getString("op")).containsExactly("c", "c");
        assertThat(records.get(1).headers().lastWithName("__debezium.oldkey")).isNotNull();
    }

    @Test
    void originsGoIntoTheSourceBlockUntilTheNextTransaction() {
        assembler.accept(relationOf(T), 90);
        assembler.accept(new PgOutputMessage.Begin(200, COMMIT_TIME, 741), 100);
        assembler.accept(new PgOutputMessage.Origin(4242, "other"), 100);
        Struct source = assembler.accept(new PgOutputMessage.Insert(T, row("1", "a")), 101).get(0).event().value()
                .getStruct("source");
        assembler.accept(new PgOutputMessage.Commit(0, 150, 200, COMMIT_TIME), 200);

        assertThat(source.getString("origin")).isEqualTo("other");
        assertThat(source.getInt64("origin_lsn")).isEqualTo(4242L);
        SourceChange next = transaction(742, 200, 300, new PgOutputMessage.Insert(T, row("2", "a"))).get(0);
        assertThat(next.event().value().getStruct("source").get("origin")).isNull();
    }

    @Test
    void aRestoredOffsetGivesTheSequenceItsLastCommit() {
        assembler = assembler(StreamSettings.defaults("srv", "db", "0.1.0"), WalPosition.fromOffset(Map.of(
                "lsn", 500L, "lsn_proc", 500L, "lsn_commit", 500L, "txId", 740L, "ts_usec", COMMIT_MICROS,
                "messageType", "COMMIT")));
        assertThat(assembler.position().commitTime()).isEqualTo(COMMIT_TIME);
        SourceChange insert = transaction(741, 600, 700, new PgOutputMessage.Insert(T, row("1", "a"))).get(0);

        assertThat(insert.event().value().getStruct("source").getString("sequence")).isEqualTo("[\"500\",\"601\"]");
        assertThat(insert.sourceOffset()).containsEntry("lsn_commit", 500L);
    }

    @Test
    void aReplayFromAnOffsetAtItsTransactionsFirstChangeCountsThatChangeAsBefore() {
        // Stored: the first insert of transaction 741 (at LSN 601, one event); the replay starts at its Begin.
        assembler = assembler(StreamSettings.defaults("srv", "db", "0.1.0"), WalPosition.fromOffset(Map.of(
                "lsn", 601L, "lsn_proc", 601L, "lsn_commit", 500L, "txId", 741L, "ts_usec", COMMIT_MICROS,
                "messageType", "INSERT", "lsn_events_processed", 1L)));
        SourceChange replayed = transaction(741, 600, 700, new PgOutputMessage.Insert(T, row("1", "a"))).get(0);
        assertThat(replayed.sourceOffset()).containsEntry("lsn", 601L).containsEntry("lsn_events_processed", 1L);
        assertThat(ReplicationStream.ResumeFilter.of(Map.of("lsn", 601L, "txId", 741L, "messageType", "INSERT",
                "lsn_events_processed", 1L)).skips(replayed)).isTrue();
    }

    @Test
    void aChangeBeforeItsRelationIsAnError() {
        assembler.accept(new PgOutputMessage.Begin(200, COMMIT_TIME, 741), 100);
        assertThatThrownBy(() -> assembler.accept(new PgOutputMessage.Insert(T, row("1", "a")), 101))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before its Relation message");
    }

    /**
     * Relation messages for both tables, Begin at {@code beginLsn}, the changes at {@code beginLsn + 1} (truncates all
     * at one LSN), Commit at {@code commitLsn}; returns the records.
     */
    private List<SourceChange> transaction(long xid, long beginLsn, long commitLsn, PgOutputMessage... changes) {
        assembler.accept(relationOf(T), beginLsn);
        assembler.accept(relationOf(KEYLESS), beginLsn);
        assembler.accept(new PgOutputMessage.Begin(commitLsn - 50, COMMIT_TIME, xid), beginLsn);
        List<SourceChange> records = new java.util.ArrayList<>();
        for (PgOutputMessage change : changes) {
            records.addAll(assembler.accept(change, beginLsn + 1));
        }
        assertThat(assembler.accept(new PgOutputMessage.Commit(0, commitLsn - 50, commitLsn, COMMIT_TIME),
                commitLsn)).isEmpty();
        return records;
    }

    private static PgOutputMessage.Relation relationOf(int id) {
        return id == T
                ? new PgOutputMessage.Relation(T, "public", "t", 'd', List.of(
                        new RelationColumn(true, "id", ValueConverters.INT4, -1),
                        new RelationColumn(false, "v", ValueConverters.TEXT, -1)))
                : new PgOutputMessage.Relation(KEYLESS, "public", "u", 'f', List.of(
                        new RelationColumn(true, "a", ValueConverters.INT4, -1)));
    }

    private static ChangeStreamAssembler assembler(StreamSettings settings, WalPosition start) {
        return new ChangeStreamAssembler(settings, new RelationCache(settings.topicPrefix(),
                id -> Optional.ofNullable(CATALOG.get(id))),
                Clock.fixed(Instant.parse("2026-11-23T10:00:01Z"), ZoneOffset.UTC), start);
    }

    private static CatalogColumn column(int position, String name, boolean notNull) {
        return new CatalogColumn(position, name, ValueConverters.INT4, "int4", -1, notNull, null);
    }

    private static List<TupleValue> row(String... values) {
        return Arrays.stream(values).map(v -> v == null ? TupleValue.nullValue() : TupleValue.text(v)).toList();
    }
}
