package dev.tiered.connect.cdc.postgres.event;

import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;

/**
 * The Connect schema of one column (with Debezium's semantic name, version and parameters) and the conversion of its
 * pgoutput text-format value to the Connect value. {@code fallback} replaces SQL null in a non-optional column (which
 * happens in the key-only old tuple of a delete), as Debezium's {@code JdbcValueConverters.convertValue} does.
 */
public record ColumnConverter(Schema schema, Function<String, Object> fromText, Object fallback) {

    /** The Connect value of a text-format value; {@code null} text is SQL null. */
    public Object convert(String text) {
        if (text == null) {
            if (schema.isOptional()) {
                return null;
            }
            return schema.defaultValue() != null ? schema.defaultValue() : fallback;
        }
        return fromText.apply(text);
    }
}
