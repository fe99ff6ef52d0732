package dev.tiered.connect.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect data to Avro {@link GenericRecord}s, for the parquet-avro side of {@link ParquetWriteBenchmark}: what a sink
 * built on {@code AvroParquetWriter} has to do per record before parquet-avro sees it. Confluent's {@code AvroData}
 * does this in real sinks but is not on Maven Central, so this is a small equivalent for the types the reference
 * events use, and a few more: every primitive, STRUCT (a record), ARRAY, MAP with STRING keys (an Avro map),
 * Timestamp/Date/Time (long timestamp-millis, int date, int time-millis); optional schemas become {@code ["null", T]}
 * unions with a null default, as AvroData makes them. Decimal and non-string map keys fail: the workload has none.
 *
 * <p>Like AvroData, the schema is converted once (and would be cached per Connect schema); per record it copies
 * values field by field, by position, into {@code GenericData.Record}s: no reflection, no lookups by name. Values
 * that Avro already accepts as they are (String, boxed numbers, Boolean, List) are not copied. Not thread-safe only in
 * that the conversion of a schema must be done before records are converted.
 */
public final class ConnectAvro {

    private final Schema connectSchema;
    private final org.apache.avro.Schema avroSchema;
    private final Set<String> recordNames = new HashSet<>();
    private final Map<Schema, org.apache.avro.Schema> structs = new HashMap<>();

    /** Converts {@code connectSchema} (a STRUCT) once; {@link #toAvro} then converts values of that schema. */
    public ConnectAvro(Schema connectSchema) {
        if (connectSchema.type() != Schema.Type.STRUCT) {
            throw new DataException("A record value schema must be a STRUCT, not " + connectSchema.type());
        }
        this.connectSchema = connectSchema;
        this.avroSchema = nonNull(connectSchema, "connect_record");
    }

    public org.apache.avro.Schema avroSchema() {
        return avroSchema;
    }

    /** The value of a record whose value schema is the one given to the constructor. */
    public GenericRecord toAvro(Struct value) {
        if (value.schema() != connectSchema && !value.schema().equals(connectSchema)) {
            throw new DataException("Value of another schema: " + value.schema().name());
        }
        return record(value, avroSchema);
    }

    private org.apache.avro.Schema schemaOf(Schema schema, String path) {
        org.apache.avro.Schema avro = nonNull(schema, path);
        return schema.isOptional() ? org.apache.avro.Schema.createUnion(
                org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), avro) : avro;
    }

    private org.apache.avro.Schema nonNull(Schema schema, String path) {
        String logical = schema.name();
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.timestampMillis().addToSchema(
                    org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
        }
        if (Date.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.timeMillis().addToSchema(
                    org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        if (org.apache.kafka.connect.data.Decimal.LOGICAL_NAME.equals(logical)) {
            throw new DataException(path + ": Decimal is not supported by this benchmark converter");
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
            case INT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
            case FLOAT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
            case BOOLEAN -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
            case STRING -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
            case BYTES -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
            case ARRAY -> org.apache.avro.Schema.createArray(schemaOf(schema.valueSchema(), path + "_element"));
            case MAP -> {
                if (schema.keySchema().type() != Schema.Type.STRING) {
                    throw new DataException(path + ": only STRING map keys are supported by this benchmark converter");
                }
                yield org.apache.avro.Schema.createMap(schemaOf(schema.valueSchema(), path + "_value"));
            }
            case STRUCT -> struct(schema, path);
        };
    }

    private org.apache.avro.Schema struct(Schema schema, String path) {
        org.apache.avro.Schema known = structs.get(schema);
        if (known != null) {
            return known;
        }
        // The Connect schema's name, as AvroData uses it; the field path where it has none (or it is taken).
        String name = schema.name() != null && recordNames.add(schema.name()) ? schema.name() : uniqueName(path);
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        for (Field field : schema.fields()) {
            org.apache.avro.Schema fieldSchema = schemaOf(field.schema(), path + "_" + field.name());
            fields.add(new org.apache.avro.Schema.Field(field.name(), fieldSchema, null,
                    field.schema().isOptional() ? JsonProperties.NULL_VALUE : null));
        }
        org.apache.avro.Schema record = org.apache.avro.Schema.createRecord(name, schema.doc(), null, false, fields);
        structs.put(schema, record);
        return record;
    }

    private String uniqueName(String path) {
        String name = path;
        for (int i = 2; !recordNames.add(name); i++) {
            name = path + "_" + i;
        }
        return name;
    }

    private GenericData.Record record(Struct struct, org.apache.avro.Schema schema) {
        GenericData.Record record = new GenericData.Record(schema);
        List<Field> fields = struct.schema().fields();
        List<org.apache.avro.Schema.Field> avroFields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            record.put(i, value(struct.get(field), field.schema(), avroFields.get(i).schema()));
        }
        return record;
    }

    private Object value(Object value, Schema schema, org.apache.avro.Schema avro) {
        if (value == null) {
            return null;
        }
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            avro = avro.getTypes().get(1);
        }
        String logical = schema.name();
        if (logical != null) {
            if (Timestamp.LOGICAL_NAME.equals(logical)) {
                return Timestamp.fromLogical(schema, (java.util.Date) value);
            }
            if (Date.LOGICAL_NAME.equals(logical)) {
                return Date.fromLogical(schema, (java.util.Date) value);
            }
            if (Time.LOGICAL_NAME.equals(logical)) {
                return Time.fromLogical(schema, (java.util.Date) value);
            }
        }
        return switch (schema.type()) {
            case INT8 -> ((Byte) value).intValue();
            case INT16 -> ((Short) value).intValue();
            case INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING -> value;
            case BYTES -> value instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : value;
            case STRUCT -> record((Struct) value, avro);
            case ARRAY -> {
                List<?> list = (List<?>) value;
                Schema element = schema.valueSchema();
                if (isPassThrough(element)) {
                    yield list;
                }
                List<Object> copy = new ArrayList<>(list.size());
                for (Object item : list) {
                    copy.add(value(item, element, avro.getElementType()));
                }
                yield copy;
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) value;
                Map<Object, Object> copy = new HashMap<>(map.size() * 2);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    copy.put(e.getKey(), value(e.getValue(), schema.valueSchema(), avro.getValueType()));
                }
                yield copy;
            }
        };
    }

    /** Element types whose Connect values Avro takes as they are. */
    private static boolean isPassThrough(Schema schema) {
        if (schema.name() != null) {
            return false;
        }
        return switch (schema.type()) {
            case INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING -> true;
            default -> false;
        };
    }
}
