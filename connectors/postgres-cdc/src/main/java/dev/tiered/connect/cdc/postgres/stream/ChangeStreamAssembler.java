package dev.tiered.connect.cdc.postgres.stream;

import dev.tiered.connect.cdc.postgres.catalog.RelationCache;
import dev.tiered.connect.cdc.postgres.event.ChangeEvent;
import dev.tiered.connect.cdc.postgres.event.EnvelopeBuilder;
import dev.tiered.connect.cdc.postgres.event.Op;
import dev.tiered.connect.cdc.postgres.event.SourceInfo;
import dev.tiered.connect.cdc.postgres.event.TableSchema;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputMessage;
import dev.tiered.connect.cdc.postgres.pgoutput.TupleValue;
import dev.tiered.connect.cdc.postgres.stream.WalPosition.MessageType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * Turns the decoded pgoutput messages of one replication session, in stream order, into Debezium change records, as
 * Debezium's {@code PostgresStreamingChangeEventSource.processReplicationMessages} with
 * {@code PostgresChangeRecordEmitter}/{@code RelationalChangeRecordEmitter} and {@code EventDispatcher} do:
 *
 * <ul>
 *   <li>each message's {@code walLsn} is pgjdbc's {@code getLastReceiveLSN()} for it (the XLogData start the walsender
 *       sends: the change's LSN; for a Commit the end of the commit record);
 *   <li>source.txId and source.ts_* come from the transaction's Begin, source.lsn is the change's {@code walLsn},
 *       source.sequence is {@code [lsn_commit of the previous transaction, lsn]};
 *   <li>a delete is followed by a tombstone (same key and headers) when {@code tombstones.on.delete};
 *   <li>an update whose old tuple has a different key becomes delete (header {@code __debezium.newkey}), its
 *       tombstone, and create (header {@code __debezium.oldkey});
 *   <li>a truncate is one {@code op=t} event (null key) per table; operations in {@code skipped.operations} are not
 *       emitted, but the position still advances.
 * </ul>
 * Not thread-safe: one assembler per replication stream.
 */
public final class ChangeStreamAssembler {

    public static final String OLD_KEY_HEADER = "__debezium.oldkey";
    public static final String NEW_KEY_HEADER = "__debezium.newkey";
    public static final String PARTITION_KEY = "server";

    private final StreamSettings settings;
    private final RelationCache relations;
    private final Clock clock;
    private final WalPosition position;
    private final Map<String, String> partition;
    private Instant commitTime;
    private Long txId;
    private String origin;
    private Long originLsn;

    public ChangeStreamAssembler(StreamSettings settings, RelationCache relations, Clock clock, WalPosition start) {
        this.settings = settings;
        this.relations = relations;
        this.clock = clock;
        this.position = start;
        this.partition = Map.of(PARTITION_KEY, settings.topicPrefix());
    }

    /** The source partition of every record: {@code {"server": topic.prefix}}. */
    public Map<String, String> partition() {
        return partition;
    }

    /** The current position; after a Commit it is what a heartbeat or an LSN flush would use. */
    public WalPosition position() {
        return position;
    }

    /** Processes the next message of the stream and returns the records it produces, in order (often none). */
    public List<SourceChange> accept(PgOutputMessage message, long walLsn) {
        if (message instanceof PgOutputMessage.Begin begin) {
            return begin(begin, walLsn);
        } else if (message instanceof PgOutputMessage.Commit commit) {
            return commit(commit, walLsn);
        } else if (message instanceof PgOutputMessage.Insert insert) {
            return insert(insert, walLsn);
        } else if (message instanceof PgOutputMessage.Update update) {
            return update(update, walLsn);
        } else if (message instanceof PgOutputMessage.Delete delete) {
            return delete(delete, walLsn);
        } else if (message instanceof PgOutputMessage.Truncate truncate) {
            return truncate(truncate, walLsn);
        } else if (message instanceof PgOutputMessage.Relation relation) {
            relations.apply(relation);
        } else if (message instanceof PgOutputMessage.Origin o) {
            origin = o.name();
            originLsn = o.originLsn();
        }
        // Type: custom type names, not needed yet; LogicalMessage: only with the messages option, which we do not set
        return List.of();
    }

    private List<SourceChange> begin(PgOutputMessage.Begin begin, long walLsn) {
        commitTime = begin.commitTime();
        txId = begin.xid();
        origin = null;
        originLsn = null;
        position.update(walLsn, position.lastProcessedLsn(), commitTime, txId, MessageType.BEGIN);
        position.startTransaction();
        return List.of();
    }

    private List<SourceChange> commit(PgOutputMessage.Commit commit, long walLsn) {
        position.update(walLsn, walLsn, commit.commitTime(), txId, MessageType.COMMIT);
        position.commit(walLsn);
        return List.of();
    }

    private List<SourceChange> insert(PgOutputMessage.Insert insert, long walLsn) {
        TableSchema schema = change(insert.relationId(), walLsn, true, MessageType.INSERT);
        return emit(Op.CREATE, builder(schema).create(insert.newTuple(), source(schema)), null);
    }

    private List<SourceChange> update(PgOutputMessage.Update received, long walLsn) {
        PgOutputMessage.Update update = new PgOutputMessage.Update(received.relationId(), received.oldTupleKind(),
                received.oldTuple(), TableSchema.withUnchangedToastFrom(received.newTuple(), received.oldTuple()));
        TableSchema schema = change(update.relationId(), walLsn, true, MessageType.UPDATE);
        EnvelopeBuilder builder = builder(schema);
        SourceInfo source = source(schema);
        if (update.oldTuple() != null && schema.keySchema() != null) {
            Struct oldKey = schema.key(schema.row(update.oldTuple()));
            Struct newKey = schema.key(schema.row(update.newTuple()));
            if (!Objects.equals(oldKey, newKey)) {
                return keyChange(builder, update, oldKey, newKey, source);
            }
        }
        return emit(Op.UPDATE, builder.update(update.oldTuple(), update.newTuple(), source), null);
    }

    /** {@code RelationalChangeRecordEmitter.emitUpdateAsPrimaryKeyChangeRecord}. */
    private List<SourceChange> keyChange(EnvelopeBuilder builder, PgOutputMessage.Update update, Struct oldKey,
            Struct newKey, SourceInfo source) {
        ConnectHeaders deleteHeaders = new ConnectHeaders();
        deleteHeaders.add(NEW_KEY_HEADER, newKey, builder.schema().keySchema());
        ConnectHeaders createHeaders = new ConnectHeaders();
        createHeaders.add(OLD_KEY_HEADER, oldKey, builder.schema().keySchema());
        List<SourceChange> records = new ArrayList<>(3);
        records.addAll(emit(Op.DELETE, builder.delete(update.oldTuple(), source), deleteHeaders));
        records.addAll(emit(Op.CREATE, builder.create(update.newTuple(), source), createHeaders));
        return records;
    }

    private List<SourceChange> delete(PgOutputMessage.Delete delete, long walLsn) {
        TableSchema schema = change(delete.relationId(), walLsn, true, MessageType.DELETE);
        return emit(Op.DELETE, builder(schema).delete(delete.oldTuple(), source(schema)), null);
    }

    /**
     * One event per table, in message order, for the tables this session has seen (as Debezium's decoder resolves the
     * relation ids and drops the unknown); only the last table's event completes the LSN.
     */
    private List<SourceChange> truncate(PgOutputMessage.Truncate truncate, long walLsn) {
        List<Integer> known = truncate.relationIds().stream().filter(id -> relations.get(id).isPresent()).toList();
        List<SourceChange> records = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            TableSchema schema = change(known.get(i), walLsn, i == known.size() - 1, MessageType.TRUNCATE);
            records.addAll(emit(Op.TRUNCATE, builder(schema).truncate(source(schema)), null));
        }
        return records;
    }

    /** Advances the position for a change at {@code walLsn} and returns its table's schema. */
    private TableSchema change(int relationId, long walLsn, boolean lastEventForLsn, MessageType type) {
        TableSchema schema = relations.require(relationId);
        Long processed = lastEventForLsn ? Long.valueOf(walLsn) : position.lastProcessedLsn();
        position.countEvent(walLsn);
        position.update(walLsn, processed, commitTime, txId, type);
        return schema;
    }

    private SourceInfo source(TableSchema schema) {
        return new SourceInfo(settings.version(), settings.topicPrefix(), settings.database(), schema.table().schema(),
                schema.table().table(), commitTime, SourceInfo.Snapshot.FALSE, txId, position.lsn(),
                position.lastCommitLsn(), null, origin, originLsn);
    }

    private EnvelopeBuilder builder(TableSchema schema) {
        return new EnvelopeBuilder(schema, clock);
    }

    /**
     * The records of one event: none when its operation is skipped; else the event, plus its tombstone after a delete,
     * with the headers, the partition and the current offset.
     */
    private List<SourceChange> emit(Op op, ChangeEvent event, ConnectHeaders headers) {
        if (settings.skippedOperations().contains(op)) {
            return List.of();
        }
        Map<String, Object> offset = position.offset();
        SourceChange record = new SourceChange(event, headers(headers), partition, offset);
        if (op == Op.DELETE && settings.tombstonesOnDelete()) {
            ChangeEvent tombstone = new ChangeEvent(event.topic(), event.keySchema(), event.key(), null, null);
            return List.of(record, new SourceChange(tombstone, headers(headers), partition, offset));
        }
        return List.of(record);
    }

    private static ConnectHeaders headers(ConnectHeaders headers) {
        return headers == null ? new ConnectHeaders() : new ConnectHeaders(headers);
    }
}
