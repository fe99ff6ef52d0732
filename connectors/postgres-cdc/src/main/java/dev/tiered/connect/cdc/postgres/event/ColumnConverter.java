package dev.tiered.connect.cdc.postgres.event;

import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;

/**
 * The Connect schema of one column (with Debezium's semantic name, version, parameters and default) and the
 * conversion of its pgoutput text-format value to the Connect value. {@code fallback} replaces SQL null in a
 * non-optional column (which happens in the key-only old tuple of a delete), as Debezium's
 * {@code JdbcValueConverters.convertValue} does; {@code unchangedToast} is the value of an unchanged TOASTed column
 * (Debezium's placeholder in the column's shape, null when the column has none).
 */
public record ColumnConverter(Schema schema, Function<String, Object> fromText, Object fallback,
        Object unchangedToast) {

    public ColumnConverter(Schema schema, Function<String, Object> fromText, Object fallback) {
        this(schema, fromText, fallback, null);
    }

    /** Marks a converter whose {@code fromText} receives SQL null too (a custom converter decides what it becomes). */
    private static final Object PASS_NULL = new Object();

    /** A converter that hands SQL null to {@code fromText} as {@code null}, as Debezium does with custom converters. */
    public static ColumnConverter passingNull(Schema schema, Function<String, Object> fromText) {
        return new ColumnConverter(schema, fromText, PASS_NULL);
    }

    /** The Connect value of a text-format value; {@code null} text is SQL null. */
    public Object convert(String text) {
        if (fallback == PASS_NULL) {
            return fromText.apply(text);
        }
        Object value = text == null ? null : fromText.apply(text);
        if (value == null && !schema.isOptional()) {
            return schema.defaultValue() != null ? schema.defaultValue() : fallback;
        }
        return value;
    }
}
