package dev.tiered.connect.s3.writer;

import dev.tiered.connect.s3.batch.RotationReason;
import org.apache.kafka.common.TopicPartition;

/** Told about every committed batch, for logging and metrics. Must not throw. */
@FunctionalInterface
public interface CommitListener {

    void committed(TopicPartition partition, CommitMarker marker, RotationReason reason);

    CommitListener NONE = (partition, marker, reason) -> { };
}
