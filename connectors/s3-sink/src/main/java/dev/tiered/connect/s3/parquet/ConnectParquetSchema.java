package dev.tiered.connect.s3.parquet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Maps a Connect STRUCT schema to a Parquet {@link MessageType}: ints keep their width as INT(8/16, signed)
 * annotations, Decimal becomes DECIMAL on a FIXED_LEN_BYTE_ARRAY sized for its precision, Date/Time/Timestamp become
 * DATE / TIME(millis, UTC) / TIMESTAMP(millis, UTC), arrays the standard 3-level LIST and maps the standard MAP.
 * Optional Connect schemas become OPTIONAL fields. Results are cached (small LRU) because the same few schemas are seen
 * for every record.
 */
public final class ConnectParquetSchema {

    /** Connect's (and Confluent's Avro converter's) schema parameter carrying a Decimal's precision. */
    public static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";
    /** Used when a Decimal schema carries no precision: the widest decimal most engines accept. */
    public static final int DEFAULT_DECIMAL_PRECISION = 38;

    private static final int CACHE_SIZE = 32;

    private final Map<Schema, MessageType> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Schema, MessageType> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** The Parquet schema for a row whose columns are the fields of {@code rowSchema} (a STRUCT). */
    public MessageType toMessageType(Schema rowSchema, String messageName) {
        return cache.computeIfAbsent(rowSchema, s -> convert(s, messageName));
    }

    static MessageType convert(Schema rowSchema, String messageName) {
        if (rowSchema.type() != Schema.Type.STRUCT) {
            throw new RecordConversionException("", "a row schema must be a STRUCT, not " + rowSchema.type());
        }
        if (rowSchema.fields().isEmpty()) {
            throw new RecordConversionException("", "a Parquet row needs at least one column");
        }
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Field field : rowSchema.fields()) {
            message.addField(fieldType(field.name(), field.schema()));
        }
        return message.named(messageName);
    }

    static Type fieldType(String name, Schema schema) {
        try {
            return typeOf(name, schema, schema.isOptional() ? Repetition.OPTIONAL : Repetition.REQUIRED);
        } catch (RecordConversionException e) {
            throw e.under(name);
        }
    }

    private static Type typeOf(String name, Schema schema, Repetition repetition) {
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
            int precision = decimalPrecision(schema);
            if (scale > precision) {
                throw new RecordConversionException("", "Decimal scale " + scale + " exceeds precision " + precision);
            }
            return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
                    .length(DecimalBytes.byteLength(precision))
                    .as(LogicalTypeAnnotation.decimalType(scale, precision))
                    .named(name);
        }
        if (Date.LOGICAL_NAME.equals(logical)) {
            return Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.dateType()).named(name);
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return Types.primitive(PrimitiveTypeName.INT32, repetition)
                    .as(LogicalTypeAnnotation.timeType(true, TimeUnit.MILLIS))
                    .named(name);
        }
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
                    .named(name);
        }
        return switch (schema.type()) {
            case INT8 -> Types.primitive(PrimitiveTypeName.INT32, repetition)
                    .as(LogicalTypeAnnotation.intType(8, true)).named(name);
            case INT16 -> Types.primitive(PrimitiveTypeName.INT32, repetition)
                    .as(LogicalTypeAnnotation.intType(16, true)).named(name);
            case INT32 -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
            case INT64 -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
            case FLOAT32 -> Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
            case FLOAT64 -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
            case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition)
                    .as(LogicalTypeAnnotation.stringType()).named(name);
            case BYTES -> Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
            case STRUCT -> structType(name, schema, repetition);
            case ARRAY -> listType(name, schema, repetition);
            case MAP -> mapType(name, schema, repetition);
        };
    }

    private static Type structType(String name, Schema schema, Repetition repetition) {
        if (schema.fields().isEmpty()) {
            throw new RecordConversionException("", "a struct without fields has no Parquet representation");
        }
        Types.GroupBuilder<org.apache.parquet.schema.GroupType> group = Types.buildGroup(repetition);
        for (Field field : schema.fields()) {
            group.addField(fieldType(field.name(), field.schema()));
        }
        return group.named(name);
    }

    private static Type listType(String name, Schema schema, Repetition repetition) {
        Schema element = schema.valueSchema();
        Type elementType;
        try {
            elementType = typeOf("element", element, element.isOptional() ? Repetition.OPTIONAL : Repetition.REQUIRED);
        } catch (RecordConversionException e) {
            throw e.under("element");
        }
        return Types.buildGroup(repetition)
                .as(LogicalTypeAnnotation.listType())
                .addField(Types.repeatedGroup().addField(elementType).named("list"))
                .named(name);
    }

    private static Type mapType(String name, Schema schema, Repetition repetition) {
        Type keyType;
        Type valueType;
        try {
            keyType = typeOf("key", schema.keySchema(), Repetition.REQUIRED);
        } catch (RecordConversionException e) {
            throw e.under("key");
        }
        Schema value = schema.valueSchema();
        try {
            valueType = typeOf("value", value, value.isOptional() ? Repetition.OPTIONAL : Repetition.REQUIRED);
        } catch (RecordConversionException e) {
            throw e.under("value");
        }
        return Types.buildGroup(repetition)
                .as(LogicalTypeAnnotation.mapType())
                .addField(Types.repeatedGroup().addField(keyType).addField(valueType).named("key_value"))
                .named(name);
    }

    static int decimalPrecision(Schema decimalSchema) {
        Map<String, String> parameters = decimalSchema.parameters();
        String precision = parameters == null ? null : parameters.get(DECIMAL_PRECISION_PARAMETER);
        if (precision == null) {
            return DEFAULT_DECIMAL_PRECISION;
        }
        try {
            int value = Integer.parseInt(precision.trim());
            if (value < 1) {
                throw new RecordConversionException("", "Decimal precision must be positive");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RecordConversionException("", "Decimal precision parameter is not a number");
        }
    }
}
