package dev.tiered.connect.s3.layout;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decides the Hive-style directory of a record inside its topic's prefix. Implementations are built once at
 * configure time and are stateless per record; they throw {@link PartitioningException} for records they cannot
 * place.
 */
@FunctionalInterface
public interface Partitioner {

    PartitionPath partitionPath(SinkRecord record);
}
