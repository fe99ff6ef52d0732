package dev.tiered.connect.cdc.postgres.event;

import dev.tiered.connect.cdc.postgres.pgoutput.TupleValue;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The Connect schemas of one captured table's events, named as Debezium names them (schema name adjustment
 * {@code none}, the default): key {@code <topic>.Key} (primary-key columns, null when there is no primary key), row
 * {@code <topic>.Value} (optional), envelope {@code <topic>.Envelope} version 2.
 */
public final class TableSchema {

    /** Debezium's placeholder for an unchanged TOASTed value ({@code unavailable.value.placeholder}). */
    public static final String UNAVAILABLE_VALUE = ValueConverters.UNAVAILABLE_VALUE;

    private final TableDefinition table;
    private final String topic;
    private final List<ColumnConverter> converters;
    private final Schema keySchema;
    private final Schema valueSchema;
    private final Schema envelopeSchema;

    public TableSchema(String topicPrefix, TableDefinition table) {
        this(topicPrefix, table, TypeSettings.DEFAULTS);
    }

    /** The schemas of a table with the given type-handling modes, every column mapped by the built-in converters. */
    public TableSchema(String topicPrefix, TableDefinition table, TypeSettings types) {
        this(topicPrefix, table, ColumnConverterFactory.builtIn(types));
    }

    /**
     * With the column converters (and row columns) of {@code columnConverters}: custom converters, column filter,
     * type-handling modes. A column of a type Debezium does not map (no converter) is left out of the value (and
     * key) schema, as Debezium does with {@code include.unknown.datatypes=false}.
     */
    public TableSchema(String topicPrefix, TableDefinition table, ColumnConverterFactory columnConverters) {
        this.table = table;
        this.topic = TopicNames.dataChangeTopic(topicPrefix, table.schema(), table.table());
        this.converters = new ArrayList<>(table.columns().size());
        SchemaBuilder value = SchemaBuilder.struct().name(topic + ".Value").optional();
        for (ColumnDefinition column : table.columns()) {
            boolean inValue = columnConverters.inValue(column);
            if (!inValue && table.primaryKey().contains(column.name())) {
                throw new IllegalArgumentException("the column filter (column.include.list/column.exclude.list)"
                        + " drops key column " + column.name() + " of " + table.schema() + "." + table.table()
                        + "; key columns must stay");
            }
            // null: a column the filter drops (never converted, nor offered to custom converters) or of a type
            // without a mapping
            ColumnConverter converter = inValue ? columnConverters.forColumn(column) : null;
            converters.add(converter);
            if (converter != null) {
                value.field(column.name(), converter.schema());
            }
        }
        this.valueSchema = value.build();
        if (table.primaryKey().isEmpty()) {
            this.keySchema = null;
        } else {
            SchemaBuilder key = SchemaBuilder.struct().name(topic + ".Key");
            for (String name : table.primaryKey()) {
                if (valueSchema.field(name) != null) {
                    key.field(name, valueSchema.field(name).schema());
                }
            }
            this.keySchema = key.build();
        }
        this.envelopeSchema = SchemaBuilder.struct()
                .name(topic + ".Envelope")
                .version(2)
                .field("before", valueSchema)
                .field("after", valueSchema)
                .field("source", SourceBlock.SCHEMA)
                .field("transaction", TransactionBlock.SCHEMA)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    public TableDefinition table() {
        return table;
    }

    public String topic() {
        return topic;
    }

    /** The key schema, or null for a table without a primary key. */
    public Schema keySchema() {
        return keySchema;
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    public Schema envelopeSchema() {
        return envelopeSchema;
    }

    /**
     * The row struct of a pgoutput tuple (values in column order). An unchanged TOASTed value becomes Debezium's
     * placeholder in the column's shape ({@link ColumnConverter#unchangedToast()}).
     */
    public Struct row(List<TupleValue> tuple) {
        if (tuple.size() != converters.size()) {
            throw new IllegalArgumentException("a tuple of " + tuple.size() + " values for " + table.schema() + "."
                    + table.table() + ", which has " + converters.size() + " columns");
        }
        Struct row = new Struct(valueSchema);
        for (int i = 0; i < tuple.size(); i++) {
            TupleValue value = tuple.get(i);
            ColumnConverter converter = converters.get(i);
            if (converter == null) {
                continue; // dropped by the column filter, or a type without a mapping
            }
            String name = table.columns().get(i).name();
            if (value.isUnchangedToast()) {
                row.put(name, converter.unchangedToast());
            } else if (value.kind() == TupleValue.Kind.BINARY) {
                throw new IllegalArgumentException("column " + name + ": binary tuple values are not supported; start"
                        + " the slot without the binary option");
            } else {
                row.put(name, converter.convert(value.text()));
            }
        }
        return row;
    }

    /**
     * The new tuple of an update with each unchanged TOASTed value taken from the old tuple when that has it (replica
     * identity FULL sends the whole old row), as Debezium's {@code PostgresChangeRecordEmitter} recovers them from the
     * old values; without an old value the placeholder stays.
     */
    public static List<TupleValue> withUnchangedToastFrom(List<TupleValue> newTuple, List<TupleValue> oldTuple) {
        if (oldTuple == null || oldTuple.size() != newTuple.size()
                || newTuple.stream().noneMatch(TupleValue::isUnchangedToast)) {
            return newTuple;
        }
        List<TupleValue> merged = new ArrayList<>(newTuple);
        for (int i = 0; i < merged.size(); i++) {
            TupleValue old = oldTuple.get(i);
            if (merged.get(i).isUnchangedToast() && !old.isNull() && !old.isUnchangedToast()) {
                merged.set(i, old);
            }
        }
        return merged;
    }

    /** The key struct of a row, or null for a table without a primary key. */
    public Struct key(Struct row) {
        if (keySchema == null) {
            return null;
        }
        Struct key = new Struct(keySchema);
        for (org.apache.kafka.connect.data.Field field : keySchema.fields()) {
            key.put(field, row.get(field.name()));
        }
        return key;
    }
}
