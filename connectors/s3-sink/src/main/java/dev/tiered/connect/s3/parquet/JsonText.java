package dev.tiered.connect.s3.parquet;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Compact JSON text of Connect values (Struct, Map, List and primitives) for JSON columns, keys, headers and fields
 * whose inferred type had to widen to STRING. Hand-written so the plugin bundles no JSON library: values are already
 * parsed, only serialisation is needed. Bytes are base64 strings and java.util.Date (Connect's Date/Time/Timestamp)
 * epoch milliseconds, as Kafka's JsonConverter writes them. Not thread-safe: one instance per task.
 */
final class JsonText {

    private final StringBuilder buffer = new StringBuilder(1024);

    String toJson(Object value) {
        buffer.setLength(0);
        append(value);
        return buffer.toString();
    }

    private void append(Object value) {
        if (value == null) {
            buffer.append("null");
        } else if (value instanceof String s) {
            appendString(s);
        } else if (value instanceof Double d) {
            appendFloating(d, Double.isFinite(d));
        } else if (value instanceof Float f) {
            appendFloating(f, Float.isFinite(f));
        } else if (value instanceof Number || value instanceof Boolean) {
            buffer.append(value);
        } else if (value instanceof Struct struct) {
            appendStruct(struct);
        } else if (value instanceof Map<?, ?> map) {
            appendMap(map);
        } else if (value instanceof Collection<?> list) {
            appendList(list);
        } else if (value instanceof byte[] bytes) {
            buffer.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
        } else if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] array = new byte[copy.remaining()];
            copy.get(array);
            buffer.append('"').append(Base64.getEncoder().encodeToString(array)).append('"');
        } else if (value instanceof java.util.Date date) {
            buffer.append(date.getTime());
        } else {
            appendString(value.toString());
        }
    }

    private void appendFloating(Object number, boolean finite) {
        if (finite) {
            buffer.append(number);
        } else {
            // NaN and infinities have no JSON number form.
            buffer.append('"').append(number).append('"');
        }
    }

    private void appendStruct(Struct struct) {
        buffer.append('{');
        boolean first = true;
        for (Field field : struct.schema().fields()) {
            if (!first) {
                buffer.append(',');
            }
            first = false;
            appendString(field.name());
            buffer.append(':');
            append(struct.get(field));
        }
        buffer.append('}');
    }

    private void appendMap(Map<?, ?> map) {
        buffer.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                buffer.append(',');
            }
            first = false;
            appendString(String.valueOf(entry.getKey()));
            buffer.append(':');
            append(entry.getValue());
        }
        buffer.append('}');
    }

    private void appendList(Collection<?> list) {
        buffer.append('[');
        boolean first = true;
        for (Object element : list) {
            if (!first) {
                buffer.append(',');
            }
            first = false;
            append(element);
        }
        buffer.append(']');
    }

    private void appendString(String s) {
        buffer.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> buffer.append("\\\"");
                case '\\' -> buffer.append("\\\\");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                case '\t' -> buffer.append("\\t");
                case '\b' -> buffer.append("\\b");
                case '\f' -> buffer.append("\\f");
                default -> {
                    if (c < 0x20) {
                        buffer.append(String.format("\\u%04x", (int) c));
                    } else {
                        buffer.append(c);
                    }
                }
            }
        }
        buffer.append('"');
    }
}
