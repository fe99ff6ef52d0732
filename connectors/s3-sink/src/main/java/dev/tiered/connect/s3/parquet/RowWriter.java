package dev.tiered.connect.s3.parquet;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Walks a row against its Connect schema, either checking it ({@link #validate}, no consumer) or emitting it to
 * Parquet ({@link #write}). Both passes run the same code, so a row that validates cannot fail half-way through a
 * write: that is what keeps a bad record from corrupting the open file. STRUCT columns take a Struct or a Map;
 * numbers widen to the column type (an inferred INT64 column widened to DOUBLE still takes Longs); a STRING column
 * takes any value, writing non-strings as JSON text (how inferred fields with conflicting types are kept).
 */
final class RowWriter {

    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    private final JsonText json = new JsonText();
    private final ColumnStrings strings = new ColumnStrings();

    void validate(ParquetRow row) {
        writeRow(row, null);
    }

    void write(ParquetRow row, RecordConsumer consumer) {
        writeRow(row, consumer);
    }

    private void writeRow(ParquetRow row, RecordConsumer c) {
        List<Field> fields = row.schema().fields();
        Object[] values = row.values();
        if (c != null) {
            c.startMessage();
        }
        for (int i = 0; i < values.length; i++) {
            Field field = fields.get(i);
            writeField(field, field.name(), i, field.schema(), values[i], c);
        }
        if (c != null) {
            c.endMessage();
        }
    }

    /** @param column the struct field written, which keys its string cache; null for list elements and map entries */
    private void writeField(Field column, String name, int index, Schema schema, Object value, RecordConsumer c) {
        if (value == null) {
            value = schema.defaultValue();
            if (value == null) {
                if (!schema.isOptional()) {
                    throw new RecordConversionException(name, "required field is null");
                }
                return;
            }
        }
        try {
            if (c != null) {
                c.startField(name, index);
            }
            writeValue(column, schema, value, c);
            if (c != null) {
                c.endField(name, index);
            }
        } catch (RecordConversionException e) {
            throw e.under(name);
        }
    }

    private void writeValue(Field column, Schema schema, Object value, RecordConsumer c) {
        String logical = schema.name();
        if (logical != null && writeLogical(logical, schema, value, c)) {
            return;
        }
        switch (schema.type()) {
            case INT8, INT16, INT32 -> {
                Number n = integral(value, schema);
                if (c != null) {
                    c.addInteger(n.intValue());
                }
            }
            case INT64 -> {
                Number n = integral(value, schema);
                if (c != null) {
                    c.addLong(n.longValue());
                }
            }
            case FLOAT32 -> {
                Number n = number(value, schema);
                if (c != null) {
                    c.addFloat(n.floatValue());
                }
            }
            case FLOAT64 -> {
                Number n = number(value, schema);
                if (c != null) {
                    c.addDouble(n.doubleValue());
                }
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean b)) {
                    throw mismatch(schema, value);
                }
                if (c != null) {
                    c.addBoolean(b);
                }
            }
            case STRING -> {
                if (c != null) {
                    c.addBinary(value instanceof String s ? strings.binary(column, s)
                            : ColumnStrings.encode(json.toJson(value)));
                }
            }
            case BYTES -> {
                byte[] bytes = bytes(value, schema);
                if (c != null) {
                    c.addBinary(Binary.fromConstantByteArray(bytes));
                }
            }
            case STRUCT -> writeStruct(schema, value, c);
            case ARRAY -> writeList(schema, value, c);
            case MAP -> writeMap(schema, value, c);
            default -> throw new RecordConversionException("", "unsupported Connect type " + schema.type());
        }
    }

    private boolean writeLogical(String logical, Schema schema, Object value, RecordConsumer c) {
        switch (logical) {
            case Decimal.LOGICAL_NAME -> {
                if (!(value instanceof BigDecimal decimal)) {
                    throw mismatch(schema, value);
                }
                int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                int precision = ConnectParquetSchema.decimalPrecision(schema);
                var unscaled = DecimalBytes.unscaled(decimal, scale, precision);
                if (c != null) {
                    c.addBinary(Binary.fromConstantByteArray(
                            DecimalBytes.toFixed(unscaled, DecimalBytes.byteLength(precision))));
                }
                return true;
            }
            case Date.LOGICAL_NAME -> {
                long millis = millis(value, schema);
                if (c != null) {
                    c.addInteger((int) Math.floorDiv(millis, MILLIS_PER_DAY));
                }
                return true;
            }
            case Time.LOGICAL_NAME -> {
                long millis = millis(value, schema);
                if (c != null) {
                    c.addInteger((int) Math.floorMod(millis, MILLIS_PER_DAY));
                }
                return true;
            }
            case Timestamp.LOGICAL_NAME -> {
                long millis = millis(value, schema);
                if (c != null) {
                    c.addLong(millis);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void writeStruct(Schema schema, Object value, RecordConsumer c) {
        List<Field> fields = schema.fields();
        if (c != null) {
            c.startGroup();
        }
        if (value instanceof Struct struct) {
            // Same schema instance (the usual case): read by index; otherwise match fields by name.
            boolean sameSchema = struct.schema() == schema;
            for (int i = 0; i < fields.size(); i++) {
                Field field = fields.get(i);
                Object fieldValue;
                if (sameSchema) {
                    fieldValue = struct.get(field);
                } else {
                    Field own = struct.schema().field(field.name());
                    fieldValue = own == null ? null : struct.get(own);
                }
                writeField(field, field.name(), i, field.schema(), fieldValue, c);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (int i = 0; i < fields.size(); i++) {
                Field field = fields.get(i);
                writeField(field, field.name(), i, field.schema(), map.get(field.name()), c);
            }
        } else {
            throw mismatch(schema, value);
        }
        if (c != null) {
            c.endGroup();
        }
    }

    private void writeList(Schema schema, Object value, RecordConsumer c) {
        if (!(value instanceof Collection<?> list)) {
            throw mismatch(schema, value);
        }
        Schema elementSchema = schema.valueSchema();
        if (c != null) {
            c.startGroup();
        }
        if (!list.isEmpty()) {
            if (c != null) {
                c.startField("list", 0);
            }
            int i = 0;
            for (Object element : list) {
                if (c != null) {
                    c.startGroup();
                }
                try {
                    writeField(null, "element", 0, elementSchema, element, c);
                } catch (RecordConversionException e) {
                    throw new RecordConversionException("[" + i + "]" + suffix(e.fieldPath(), "element"), e.reason());
                }
                if (c != null) {
                    c.endGroup();
                }
                i++;
            }
            if (c != null) {
                c.endField("list", 0);
            }
        }
        if (c != null) {
            c.endGroup();
        }
    }

    private void writeMap(Schema schema, Object value, RecordConsumer c) {
        if (!(value instanceof Map<?, ?> map)) {
            throw mismatch(schema, value);
        }
        if (c != null) {
            c.startGroup();
        }
        if (!map.isEmpty()) {
            if (c != null) {
                c.startField("key_value", 0);
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (c != null) {
                    c.startGroup();
                }
                if (entry.getKey() == null) {
                    throw new RecordConversionException("key", "map key is null");
                }
                writeField(null, "key", 0, schema.keySchema(), entry.getKey(), c);
                writeField(null, "value", 1, schema.valueSchema(), entry.getValue(), c);
                if (c != null) {
                    c.endGroup();
                }
            }
            if (c != null) {
                c.endField("key_value", 0);
            }
        }
        if (c != null) {
            c.endGroup();
        }
    }

    /** {@code [3].element.x} reads better as {@code [3].x}. */
    private static String suffix(String path, String elementName) {
        if (path.equals(elementName)) {
            return "";
        }
        return path.startsWith(elementName + ".") ? path.substring(elementName.length()) : "." + path;
    }

    private static Number integral(Object value, Schema schema) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return (Number) value;
        }
        throw mismatch(schema, value);
    }

    private static Number number(Object value, Schema schema) {
        if (value instanceof Number n && !(value instanceof BigDecimal)) {
            return n;
        }
        throw mismatch(schema, value);
    }

    private static long millis(Object value, Schema schema) {
        if (value instanceof java.util.Date date) {
            return date.getTime();
        }
        throw mismatch(schema, value);
    }

    private static byte[] bytes(Object value, Schema schema) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            // Copied: dictionary encoding keeps references to the bytes it has seen.
            ByteBuffer view = buffer.duplicate();
            byte[] copy = new byte[view.remaining()];
            view.get(copy);
            return copy;
        }
        throw mismatch(schema, value);
    }

    /** Names the expected type and the Java class seen, never the value. */
    private static RecordConversionException mismatch(Schema schema, Object value) {
        String expected = schema.name() != null ? schema.name() : schema.type().toString();
        return new RecordConversionException("", "expected " + expected + " but the value is a "
                + value.getClass().getSimpleName());
    }
}
