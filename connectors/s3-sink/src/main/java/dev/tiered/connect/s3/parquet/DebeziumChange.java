package dev.tiered.connect.s3.parquet;

import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Unwraps a Debezium change event to the row it carries: {@code after} for c/u/r, {@code before} for d, together with
 * the operation and source position, so a table's changes land in the lake as a change log. Columns added:
 * {@value #OP_COLUMN} (c/u/d/r), {@value #SOURCE_TS_COLUMN} (source commit time, epoch ms, as Debezium's
 * {@code source.ts_ms}) and {@value #SOURCE_LSN_COLUMN} (Postgres LSN; null for connectors without one). The double
 * underscore follows Debezium's ExtractNewRecordState, whose added fields look the same.
 */
final class DebeziumChange {

    static final String OP_COLUMN = "__op";
    static final String SOURCE_TS_COLUMN = "__source_ts_ms";
    static final String SOURCE_LSN_COLUMN = "__source_lsn";

    final String op;
    final Long sourceTsMs;
    final Long sourceLsn;
    final Object row;
    /** The row's Connect schema, or null for schemaless (Map) events. */
    final Schema rowSchema;

    private DebeziumChange(String op, Long sourceTsMs, Long sourceLsn, Object row, Schema rowSchema) {
        this.op = op;
        this.sourceTsMs = sourceTsMs;
        this.sourceLsn = sourceLsn;
        this.row = row;
        this.rowSchema = rowSchema;
    }

    static boolean isEnvelope(Schema schema, Object value) {
        if (schema != null) {
            return schema.type() == Schema.Type.STRUCT && schema.name() != null
                    && schema.name().endsWith(".Envelope") && schema.field("op") != null
                    && value instanceof Struct;
        }
        return value instanceof Map<?, ?> map && map.get("op") instanceof String
                && (map.containsKey("after") || map.containsKey("before"));
    }

    static DebeziumChange of(Schema schema, Object value) {
        if (value instanceof Struct envelope) {
            String op = envelope.getString("op");
            String side = rowSide(op);
            Field rowField = schema.field(side);
            if (rowField == null) {
                throw new RecordConversionException(side, "Debezium envelope has no '" + side + "' field");
            }
            Object row = envelope.get(rowField);
            Long ts = null;
            Long lsn = null;
            Field sourceField = schema.field("source");
            Struct source = sourceField == null ? null : (Struct) envelope.get(sourceField);
            if (source != null) {
                ts = longField(source, "ts_ms");
                lsn = longField(source, "lsn");
            }
            return new DebeziumChange(op, ts, lsn, requireRow(row, side, op), rowField.schema());
        }
        Map<?, ?> envelope = (Map<?, ?>) value;
        String op = (String) envelope.get("op");
        String side = rowSide(op);
        Object row = envelope.get(side);
        Long ts = null;
        Long lsn = null;
        if (envelope.get("source") instanceof Map<?, ?> source) {
            ts = source.get("ts_ms") instanceof Number n ? n.longValue() : null;
            lsn = source.get("lsn") instanceof Number n ? n.longValue() : null;
        }
        return new DebeziumChange(op, ts, lsn, requireRow(row, side, op), null);
    }

    private static String rowSide(String op) {
        if (op == null) {
            throw new RecordConversionException("op", "Debezium envelope has no operation");
        }
        return switch (op) {
            case "c", "u", "r" -> "after";
            case "d" -> "before";
            default -> throw new RecordConversionException("op", "Debezium operation '" + op
                    + "' carries no row to unwrap");
        };
    }

    private static Object requireRow(Object row, String side, String op) {
        if (row == null) {
            throw new RecordConversionException(side, "Debezium event op=" + op + " has no '" + side + "' row");
        }
        return row;
    }

    private static Long longField(Struct struct, String name) {
        Field field = struct.schema().field(name);
        return field != null && struct.get(field) instanceof Number n ? n.longValue() : null;
    }
}
