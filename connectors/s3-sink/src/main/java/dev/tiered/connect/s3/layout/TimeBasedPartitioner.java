package dev.tiered.connect.s3.layout;

import org.apache.kafka.connect.sink.SinkRecord;

/** The directory of {@code path.format} at the record's time, as Confluent's TimeBasedPartitioner. */
public final class TimeBasedPartitioner implements Partitioner {

    private final TimePathFormat format;
    private final TimestampExtractor extractor;

    public TimeBasedPartitioner(TimePathFormat format, TimestampExtractor extractor) {
        this.format = format;
        this.extractor = extractor;
    }

    @Override
    public PartitionPath partitionPath(SinkRecord record) {
        return PartitionPath.ofSafeSegments(format.segments(extractor.extract(record)));
    }
}
