package dev.tiered.connect.s3.layout;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Time directories first, then field directories: {@code path.format='processing_date'=YYYY-MM-dd} with
 * {@code partition.field.name=event_type} gives {@code processing_date=2026-11-23/event_type=page_view}. Time first
 * because queries prune by date before anything else and because the date bounds how many directories each field
 * value spreads over.
 */
public final class TimeAndFieldPartitioner implements Partitioner {

    private final TimeBasedPartitioner time;
    private final FieldPartitioner fields;

    public TimeAndFieldPartitioner(TimeBasedPartitioner time, FieldPartitioner fields) {
        this.time = time;
        this.fields = fields;
    }

    @Override
    public PartitionPath partitionPath(SinkRecord record) {
        return time.partitionPath(record).concat(fields.partitionPath(record));
    }
}
