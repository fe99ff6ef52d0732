package dev.tiered.connect.s3.layout;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * {@code <field>=<value>/...} for each of {@code partition.field.name}, in order. The column name is the path's last
 * step ({@code after.event_type} gives {@code event_type=...}). Null and missing values go to Hive's default
 * partition; nested values (Struct, Map, List) have no path form and are rejected.
 */
public final class FieldPartitioner implements Partitioner {

    private final List<FieldPath> fields;
    private final List<String> escapedNames;

    public FieldPartitioner(List<FieldPath> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("at least one partition field is required");
        }
        this.fields = List.copyOf(fields);
        this.escapedNames = fields.stream().map(f -> HivePathEscaper.escape(f.leafName())).toList();
    }

    @Override
    public PartitionPath partitionPath(SinkRecord record) {
        List<String> segments = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            Object value = fields.get(i).resolve(record.value());
            segments.add(escapedNames.get(i) + "=" + HivePathEscaper.escape(text(record, fields.get(i), value)));
        }
        return PartitionPath.ofSafeSegments(segments);
    }

    private static String text(SinkRecord record, FieldPath field, Object value) {
        if (value == null || value == FieldPath.MISSING) {
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Date date) {
            return Instant.ofEpochMilli(date.getTime()).toString();
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return HexFormat.of().formatHex(bytes);
        }
        String kind = value instanceof Struct ? "a struct" : value instanceof Map ? "a map"
                : value instanceof Collection ? "an array" : "of an unsupported type";
        throw new PartitioningException(record, "partition field '" + field + "' is " + kind);
    }
}
