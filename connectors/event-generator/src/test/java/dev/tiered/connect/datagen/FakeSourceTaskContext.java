package dev.tiered.connect.datagen;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * A task context whose offset store holds what tests commit into it. Offsets come back as the worker's JSON offset
 * store returns them: integers as Long.
 */
final class FakeSourceTaskContext implements SourceTaskContext {

    private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();

    /** Stores the offset of the record, as the worker does once the record is written. */
    void commit(SourceRecord record) {
        store(record.sourcePartition(), record.sourceOffset());
    }

    void store(Map<String, ?> partition, Map<String, ?> offset) {
        Map<String, Object> stored = new HashMap<>();
        offset.forEach((key, value) -> stored.put(key, value instanceof Integer number ? number.longValue() : value));
        Map<String, Object> storedPartition = new HashMap<>();
        partition.forEach((key, value) -> storedPartition.put(key,
                value instanceof Integer number ? number.longValue() : value));
        offsets.put(storedPartition, stored);
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return offsets.get(normalized(partition));
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
                partitions.forEach(partition -> result.put(partition, offset(partition)));
                return result;
            }
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }

    private static Map<String, Object> normalized(Map<String, ?> partition) {
        Map<String, Object> normalized = new HashMap<>();
        partition.forEach((key, value) -> normalized.put(key, value instanceof Integer number ? number.longValue()
                : value));
        return normalized;
    }
}
