package dev.tiered.connect.s3.parquet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a {@link SinkRecord} into a {@link ParquetRow}: Kafka metadata columns, then Debezium change columns (when
 * unwrapping a change event), then the value's columns (COLUMNS mode) or the extracted fields and the JSON column (JSON
 * mode). Row schemas are cached and shared, so consecutive records of the same shape get the same {@link RowSchema}
 * instance. Not thread-safe: one per task.
 *
 * <p>Usage by the task, per record:
 * <pre>{@code
 * ParquetRow row = converter.convert(record, openFile == null ? null : openFile.schema());
 * if (row == null) skip (tombstone);
 * if (openFile != null && !row.schema().sameAs(openFile.schema())) { commit openFile; openFile = null; }
 * if (openFile == null) openFile = ParquetObjectWriter.open(stream, row.schema(), settings);
 * openFile.write(row);   // RecordConversionException: report the record, carry on
 * }</pre>
 * Passing the open file's schema lets schemaless records keep writing into it while they fit and ask for a widened
 * schema (a new file) only when they do not.
 */
public final class RecordRowConverter {

    static final String VALUE_COLUMN = "value";
    private static final int CACHE_SIZE = 32;

    private final RowConversionOptions options;
    private final ConnectParquetSchema parquetSchemas = new ConnectParquetSchema();
    private final JsonText json = new JsonText();
    private final List<String> extractColumns = new ArrayList<>();
    private final List<String[]> extractPaths = new ArrayList<>();
    private final Map<String, Object> extracted = new LinkedHashMap<>();
    private final Map<Object, RowSchema> schemaCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, RowSchema> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private Object lastKey;
    private Schema lastSingleValueSchema;
    private Schema lastSingleColumn;
    private RowSchema lastSchema;
    // Set by inferredFor: the value fits the open file's inferred schema as it is.
    private boolean fitsOpenSchema;
    private RowSchema changeColumnsOf;
    private boolean changeColumns;

    public RecordRowConverter(RowConversionOptions options) {
        this.options = options;
        for (String spec : options.extractFields()) {
            int eq = spec.indexOf('=');
            String path = eq < 0 ? spec.trim() : spec.substring(eq + 1).trim();
            String column = eq < 0 ? path.replace('.', '_') : spec.substring(0, eq).trim();
            extractColumns.add(column);
            extractPaths.add(path.split("\\."));
        }
    }

    /**
     * The row for {@code record}, or null for a tombstone (null value), which has nothing to store.
     *
     * @param openFileSchema the schema of the file the row would go to, or null
     * @throws RecordConversionException if the record cannot be represented; nothing has been written
     */
    public ParquetRow convert(SinkRecord record, RowSchema openFileSchema) {
        Schema valueSchema = record.valueSchema();
        Object value = record.value();
        if (value == null) {
            return null;
        }
        DebeziumChange change = null;
        if (options.debeziumUnwrap() && DebeziumChange.isEnvelope(valueSchema, value)) {
            change = DebeziumChange.of(valueSchema, value);
            value = change.row;
            valueSchema = change.rowSchema;
        }
        int prefix = options.metadataColumns().size() + (change == null ? 0 : 3);
        return options.mode() == ValueFormatMode.JSON
                ? jsonRow(record, change, prefix, value, openFileSchema)
                : columnsRow(record, change, prefix, valueSchema, value, openFileSchema);
    }

    private ParquetRow columnsRow(SinkRecord record, DebeziumChange change, int prefix, Schema valueSchema,
                                  Object value, RowSchema open) {
        RowSchema schema;
        Object[] values;
        if (valueSchema != null && valueSchema.type() == Schema.Type.STRUCT) {
            if (!(value instanceof Struct struct)) {
                throw new RecordConversionException("", "value schema is a STRUCT but the value is a "
                        + value.getClass().getSimpleName());
            }
            schema = rowSchema(change != null, valueSchema, null);
            List<Field> fields = valueSchema.fields();
            values = new Object[prefix + fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                values[prefix + i] = struct.get(fields.get(i));
            }
        } else if (valueSchema == null && value instanceof Map<?, ?> map) {
            SchemalessSchema inferred = inferredFor(map, open, change != null);
            schema = open != null && open.inferred() == inferred ? open
                    : rowSchema(change != null, inferred.connectSchema(), inferred);
            List<Field> fields = schema.fields();
            values = new Object[fields.size()];
            for (int i = prefix; i < fields.size(); i++) {
                values[i] = map.get(fields.get(i).name());
            }
            if (fitsOpenSchema && change == null) {
                // The value was checked by fits() just now: the writer need not walk it again, unless a required
                // metadata column is missing (only a hand-made record has no partition), which it must report.
                fillPrefix(values, record, null);
                return new ParquetRow(schema, values, requiredMetadataPresent(values));
            }
        } else {
            // A primitive value (e.g. from StringConverter): one column called "value".
            schema = rowSchema(change != null, singleColumn(valueSchema), null);
            values = new Object[prefix + 1];
            values[prefix] = value;
        }
        fillPrefix(values, record, change);
        return new ParquetRow(schema, values);
    }

    /** The one-column body for primitive values, kept so the schema cache sees the same instance. */
    private Schema singleColumn(Schema valueSchema) {
        Schema single = valueSchema != null ? valueSchema : Schema.OPTIONAL_STRING_SCHEMA;
        if (single != lastSingleValueSchema) {
            lastSingleValueSchema = single;
            lastSingleColumn = SchemaBuilder.struct().field(VALUE_COLUMN, single).build();
        }
        return lastSingleColumn;
    }

    private ParquetRow jsonRow(SinkRecord record, DebeziumChange change, int prefix, Object value, RowSchema open) {
        extracted.clear();
        for (int i = 0; i < extractPaths.size(); i++) {
            extracted.put(extractColumns.get(i), valueAt(value, extractPaths.get(i)));
        }
        SchemalessSchema inferred = inferredFor(extracted, open, change != null);
        // Still fitting the open file (the common case, also with many files open): reuse its schema as it is.
        RowSchema schema = open != null && open.inferred() == inferred ? open
                : rowSchema(change != null, inferred.connectSchema(), inferred);
        List<Field> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        for (int i = prefix; i < fields.size() - 1; i++) {
            values[i] = extracted.get(fields.get(i).name());
        }
        values[fields.size() - 1] = value instanceof String s ? s : json.toJson(value);
        fillPrefix(values, record, change);
        return new ParquetRow(schema, values);
    }

    /** Keep the open file's inferred schema while values fit it; otherwise widen it (or start from this value). */
    private SchemalessSchema inferredFor(Map<?, ?> value, RowSchema open, boolean change) {
        SchemalessSchema current = open == null ? null : open.inferred();
        fitsOpenSchema = false;
        if (current != null && hasChangeColumns(open) == change) {
            if (current.fits(value)) {
                fitsOpenSchema = true;
                return current;
            }
            return current.widenedWith(value);
        }
        return SchemalessSchema.of(value);
    }

    private boolean hasChangeColumns(RowSchema schema) {
        // Asked per record of the open file's schema: remembered for the last schema asked about.
        if (schema != changeColumnsOf) {
            changeColumnsOf = schema;
            changeColumns = schema.connectSchema().field(DebeziumChange.OP_COLUMN) != null;
        }
        return changeColumns;
    }

    private static Object valueAt(Object value, String[] path) {
        Object current = value;
        for (String segment : path) {
            if (current instanceof Struct struct) {
                Field field = struct.schema().field(segment);
                current = field == null ? null : struct.get(field);
            } else if (current instanceof Map<?, ?> map) {
                current = map.get(segment);
            } else {
                return null;
            }
        }
        return current;
    }

    private void fillPrefix(Object[] values, SinkRecord record, DebeziumChange change) {
        int i = 0;
        for (MetadataColumn column : options.metadataColumns()) {
            values[i++] = metadataValue(column, record);
        }
        if (change != null) {
            values[i++] = change.op;
            values[i++] = change.sourceTsMs;
            values[i] = change.sourceLsn;
        }
    }

    private boolean requiredMetadataPresent(Object[] values) {
        List<MetadataColumn> columns = options.metadataColumns();
        for (int i = 0; i < columns.size(); i++) {
            if (values[i] == null && !columns.get(i).schema().isOptional()) {
                return false;
            }
        }
        return true;
    }

    private Object metadataValue(MetadataColumn column, SinkRecord record) {
        return switch (column) {
            // Where the record was read, also when an SMT renamed its topic: (topic, partition, offset) identify it.
            case TOPIC -> record.originalTopic();
            case PARTITION -> record.originalKafkaPartition();
            case OFFSET -> record.originalKafkaOffset();
            case TIMESTAMP -> record.timestamp() == null ? null : new java.util.Date(record.timestamp());
            case KEY -> record.key() == null ? null : record.key() instanceof String s ? s : json.toJson(record.key());
            case HEADERS -> headers(record);
        };
    }

    private Map<String, String> headers(SinkRecord record) {
        if (record.headers() == null || record.headers().isEmpty()) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            Object v = header.value();
            headers.put(header.key(), v == null ? null : v instanceof String s ? s : json.toJson(v));
        }
        return headers;
    }

    /**
     * The shared row schema for a value shape. Keyed by the value schema (identity first: converters reuse instances)
     * or by the inferred schema.
     */
    private RowSchema rowSchema(boolean change, Schema body, SchemalessSchema inferred) {
        Object key = inferred != null ? inferred : body;
        if (key != null && key == lastKey && change == hasChangeColumns(lastSchema)) {
            return lastSchema;
        }
        Object cacheKey = change ? new ChangeKey(key) : key;
        RowSchema schema = cacheKey == null ? null : schemaCache.get(cacheKey);
        if (schema == null) {
            schema = buildRowSchema(change, body, inferred);
            if (cacheKey != null) {
                schemaCache.put(cacheKey, schema);
            }
        }
        lastKey = key;
        lastSchema = schema;
        return schema;
    }

    private record ChangeKey(Object key) {}

    private RowSchema buildRowSchema(boolean change, Schema body, SchemalessSchema inferred) {
        SchemaBuilder row = SchemaBuilder.struct();
        Set<String> names = new HashSet<>();
        for (MetadataColumn column : options.metadataColumns()) {
            addColumn(row, names, column.columnName(), column.schema());
        }
        if (change) {
            addColumn(row, names, DebeziumChange.OP_COLUMN, Schema.OPTIONAL_STRING_SCHEMA);
            addColumn(row, names, DebeziumChange.SOURCE_TS_COLUMN, Schema.OPTIONAL_INT64_SCHEMA);
            addColumn(row, names, DebeziumChange.SOURCE_LSN_COLUMN, Schema.OPTIONAL_INT64_SCHEMA);
        }
        if (body != null) {
            for (Field field : body.fields()) {
                addColumn(row, names, field.name(), field.schema());
            }
        }
        if (options.mode() == ValueFormatMode.JSON) {
            addColumn(row, names, options.jsonColumn(), Schema.STRING_SCHEMA);
        }
        Schema connect = row.build();
        return new RowSchema(connect, parquetSchemas.toMessageType(connect, RowSchema.MESSAGE_NAME), inferred);
    }

    private static void addColumn(SchemaBuilder row, Set<String> names, String name, Schema schema) {
        if (!names.add(name)) {
            throw new RecordConversionException(name, "two columns would have this name (value field vs "
                    + "metadata, change or JSON column)");
        }
        row.field(name, schema);
    }
}
