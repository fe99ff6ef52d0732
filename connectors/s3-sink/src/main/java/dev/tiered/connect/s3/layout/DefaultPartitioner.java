package dev.tiered.connect.s3.layout;

import org.apache.kafka.connect.sink.SinkRecord;

/** {@code partition=<kafka partition>}, as Confluent's DefaultPartitioner. */
public final class DefaultPartitioner implements Partitioner {

    @Override
    public PartitionPath partitionPath(SinkRecord record) {
        return PartitionPath.ofSafeSegments(java.util.List.of("partition=" + record.kafkaPartition()));
    }
}
