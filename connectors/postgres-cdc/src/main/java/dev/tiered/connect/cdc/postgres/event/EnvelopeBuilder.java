package dev.tiered.connect.cdc.postgres.event;

import dev.tiered.connect.cdc.postgres.pgoutput.TupleValue;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.data.Struct;

/**
 * Builds Debezium change events (key and envelope value) for one table from pgoutput tuples. The envelope's
 * ts_ms/ts_us/ts_ns are the processing time from {@code clock}; the source block's are the commit time.
 */
public final class EnvelopeBuilder {

    private final TableSchema schema;
    private final Clock clock;

    public EnvelopeBuilder(TableSchema schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
    }

    public TableSchema schema() {
        return schema;
    }

    /** A snapshot read ({@code op=r}). */
    public ChangeEvent read(List<TupleValue> row, SourceInfo source) {
        Struct after = schema.row(row);
        return event(schema.key(after), Op.READ, null, after, source);
    }

    /** An insert ({@code op=c}). */
    public ChangeEvent create(List<TupleValue> newTuple, SourceInfo source) {
        Struct after = schema.row(newTuple);
        return event(schema.key(after), Op.CREATE, null, after, source);
    }

    /**
     * An update ({@code op=u}); {@code oldTuple} is null unless pgoutput sent one (replica identity FULL, or a changed
     * key). The key is the new row's (a key change is emitted by the caller as delete, tombstone and create).
     */
    public ChangeEvent update(List<TupleValue> oldTuple, List<TupleValue> newTuple, SourceInfo source) {
        Struct before = oldTuple == null ? null : schema.row(oldTuple);
        Struct after = schema.row(newTuple);
        return event(schema.key(after), Op.UPDATE, before, after, source);
    }

    /** A delete ({@code op=d}): before is the old tuple (key columns only for replica identity DEFAULT). */
    public ChangeEvent delete(List<TupleValue> oldTuple, SourceInfo source) {
        Struct before = schema.row(oldTuple);
        return event(schema.key(before), Op.DELETE, before, null, source);
    }

    /** The tombstone that follows a delete: same key, null value. */
    public ChangeEvent tombstone(ChangeEvent delete) {
        return new ChangeEvent(delete.topic(), delete.keySchema(), delete.key(), null, null);
    }

    /** A truncate ({@code op=t}): no key, no before or after. */
    public ChangeEvent truncate(SourceInfo source) {
        return new ChangeEvent(schema.topic(), null, null, schema.envelopeSchema(),
                envelope(Op.TRUNCATE, null, null, source));
    }

    private ChangeEvent event(Struct key, Op op, Struct before, Struct after, SourceInfo source) {
        return new ChangeEvent(schema.topic(), schema.keySchema(), key, schema.envelopeSchema(),
                envelope(op, before, after, source));
    }

    /**
     * Every {@code put} validates its value (a nested {@code Struct} as a whole), and every field is put, so the
     * envelope is valid without a final {@code validate()}, which would walk it all again (it was half of the reader
     * thread's time with Kafka's eagerly built validation messages).
     */
    private Struct envelope(Op op, Struct before, Struct after, SourceInfo source) {
        Instant now = clock.instant();
        long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000L);
        Struct value = new Struct(schema.envelopeSchema())
                .put("before", before)
                .put("after", after)
                .put("source", SourceBlock.struct(source))
                .put("op", op.code())
                .put("ts_ms", Math.floorDiv(micros, 1_000L))
                .put("ts_us", micros)
                .put("ts_ns", Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano()));
        return value;
    }
}
