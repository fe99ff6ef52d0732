package dev.tiered.connect.s3.writer;

import dev.tiered.connect.s3.batch.RotationPolicy;
import dev.tiered.connect.s3.layout.ObjectNaming;
import dev.tiered.connect.s3.layout.Partitioner;
import dev.tiered.connect.s3.layout.TimestampExtractor;
import dev.tiered.connect.s3.parquet.ParquetWriterSettings;
import dev.tiered.connect.s3.parquet.RecordRowConverter;
import dev.tiered.connect.s3.resilience.MemoryBudget;
import dev.tiered.connect.s3.storage.S3Objects;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link TopicPartitionWriter} needs, built once per task from its configuration; shared by the task's
 * partition writers, which all run on the task thread.
 *
 * @param conditionalWrites send {@code If-None-Match: *} on every object the sink creates, so a second writer of the
 *                          same batch (a zombie task) is refused instead of overwriting
 * @param footerMetadata    key/value pairs written into every Parquet footer
 */
public record WriterContext(ObjectNaming naming, Partitioner partitioner, TimestampExtractor recordTime,
                            RecordRowConverter converter, ParquetWriterSettings parquet, RotationPolicy rotation,
                            S3Objects objects, int partSize, boolean conditionalWrites, NullValueBehavior onNullValue,
                            BadRecordHandler badRecords, CommitListener listener, Map<String, String> footerMetadata,
                            Clock clock, MemoryBudget memory) {

    /** Without a memory budget: for writers used outside a task. */
    public WriterContext(ObjectNaming naming, Partitioner partitioner, TimestampExtractor recordTime,
                         RecordRowConverter converter, ParquetWriterSettings parquet, RotationPolicy rotation,
                         S3Objects objects, int partSize, boolean conditionalWrites, NullValueBehavior onNullValue,
                         BadRecordHandler badRecords, CommitListener listener, Map<String, String> footerMetadata,
                         Clock clock) {
        this(naming, partitioner, recordTime, converter, parquet, rotation, objects, partSize, conditionalWrites,
                onNullValue, badRecords, listener, footerMetadata, clock, MemoryBudget.unlimited());
    }

    public WriterContext {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(partitioner, "partitioner");
        Objects.requireNonNull(converter, "converter");
        Objects.requireNonNull(parquet, "parquet");
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(onNullValue, "onNullValue");
        Objects.requireNonNull(badRecords, "badRecords");
        listener = listener == null ? CommitListener.NONE : listener;
        footerMetadata = footerMetadata == null ? Map.of() : Map.copyOf(footerMetadata);
        clock = clock == null ? Clock.systemUTC() : clock;
        memory = memory == null ? MemoryBudget.unlimited() : memory;
    }
}
