package dev.tiered.connect.s3.batch;

/** Why a file was committed, for metrics and logs. */
public enum RotationReason {
    /** {@code flush.size} records. */
    RECORDS,
    /** {@code flush.size.bytes} of file. */
    BYTES,
    /** {@code rotate.interval.ms} of record time between the file's first record and the next one. */
    RECORD_TIME,
    /** {@code rotate.schedule.interval.ms} of wall clock since the file was opened: the freshness bound. */
    SCHEDULE,
    /** The next record's schema cannot be written to the open file. Decided by the writer, not the policy. */
    SCHEMA_CHANGE,
    /** The task lost the Kafka partition (rebalance or stop). Decided by the task. */
    PARTITION_REVOKED,
    /** Buffered data of all open files exceeds the memory budget. Decided by the task. */
    MEMORY
}
