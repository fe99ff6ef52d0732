package dev.tiered.connect.s3.layout;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

final class Records {

    private Records() {
    }

    static SinkRecord record(Object value) {
        return record(null, value, 1_795_000_000_000L);
    }

    static SinkRecord record(Schema schema, Object value, Long timestamp) {
        return new SinkRecord("events", 3, null, null, schema, value, 42L, timestamp,
                timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME);
    }
}
