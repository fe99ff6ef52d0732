package dev.tiered.connect.s3.writer;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decides what happens to a record that cannot be written (conversion or partitioning failed): report it to the
 * errant-record reporter, skip it with a log line, or fail the task. Called before anything of the record was
 * written, so the other records of the batch are unaffected.
 */
@FunctionalInterface
public interface BadRecordHandler {

    void handle(SinkRecord record, Exception reason);
}
