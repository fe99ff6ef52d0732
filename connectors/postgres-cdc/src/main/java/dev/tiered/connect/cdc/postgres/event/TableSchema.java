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
    public static final String UNAVAILABLE_VALUE = "__debezium_unavailable_value";

    private final TableDefinition table;
    private final String topic;
    private final List<ColumnConverter> converters;
    private final Schema keySchema;
    private final Schema valueSchema;
    private final Schema envelopeSchema;

    public TableSchema(String topicPrefix, TableDefinition table) {
        this(topicPrefix, table, ColumnConverterFactory.BUILT_IN);
    }

    /** With the column converters (and row columns) of {@code columnConverters}: custom converters, column filter. */
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
            // null: a column the filter drops, never converted (nor offered to custom converters)
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
                key.field(name, valueSchema.field(name).schema());
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
     * The row struct of a pgoutput tuple (values in column order). An unchanged TOASTed value becomes
     * {@link #UNAVAILABLE_VALUE} in string columns (other shapes: a later slice).
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
            String name = table.columns().get(i).name();
            if (converter == null) {
                continue; // dropped by the column filter
            }
            if (value.isUnchangedToast()) {
                row.put(name, unavailable(converter.schema()));
            } else if (value.kind() == TupleValue.Kind.BINARY) {
                throw new IllegalArgumentException("column " + name + ": binary tuple values are not supported; start"
                        + " the slot without the binary option");
            } else {
                row.put(name, converter.convert(value.text()));
            }
        }
        return row;
    }

    /** The key struct of a row, or null for a table without a primary key. */
    public Struct key(Struct row) {
        if (keySchema == null) {
            return null;
        }
        Struct key = new Struct(keySchema);
        for (String name : table.primaryKey()) {
            key.put(name, row.get(name));
        }
        return key;
    }

    private static Object unavailable(Schema schema) {
        return switch (schema.type()) {
            case STRING -> UNAVAILABLE_VALUE;
            case BYTES -> schema.name() == null ? UNAVAILABLE_VALUE.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : null;
            default -> null;
        };
    }
}
