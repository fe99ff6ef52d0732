package dev.tiered.connect.cdc.postgres.event;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** One record to emit: topic, key and value with their schemas (value null for a tombstone, key null without a primary key). */
public record ChangeEvent(String topic, Schema keySchema, Struct key, Schema valueSchema, Struct value) {

    public boolean isTombstone() {
        return value == null;
    }
}
