package dev.tiered.connect.s3.layout;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A record cannot be placed: its timestamp is missing or unparseable, or a partition field holds a value that has no
 * path form. The message names topic, partition, offset and the reason, never the value (values may be personal
 * data). Thrown before anything of the record is written, so the task can send just this record to the DLQ.
 */
public class PartitioningException extends DataException {

    private final String reason;

    public PartitioningException(SinkRecord record, String reason) {
        super("Cannot place record " + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset()
                + ": " + reason);
        this.reason = reason;
    }

    /** Why, without the record's coordinates. */
    public String reason() {
        return reason;
    }
}
