package dev.tiered.connect.s3.writer;

import dev.tiered.connect.s3.layout.PartitionPath;
import dev.tiered.connect.s3.parquet.ParquetObjectWriter;
import dev.tiered.connect.s3.parquet.ParquetRow;
import dev.tiered.connect.s3.parquet.RowSchema;
import dev.tiered.connect.s3.storage.S3ObjectOutputStream;
import java.io.IOException;

/**
 * One Parquet file being written for one partition path of one Kafka partition: the Parquet writer on top of the
 * S3 stream, and the offsets it holds. Its final key is known only once it is finished (it carries the last offset),
 * so the stream was opened with a staging key (see {@link S3ObjectOutputStream#commitAs}).
 */
final class OpenFile {

    private final String directoryTopic;
    private final PartitionPath path;
    private final S3ObjectOutputStream stream;
    private final ParquetObjectWriter writer;
    private final long firstOffset;
    private long lastOffset;
    private long records;
    private long size = -1;
    private long accountedHeap;

    OpenFile(String directoryTopic, PartitionPath path, S3ObjectOutputStream stream, ParquetObjectWriter writer,
             long firstOffset) {
        this.directoryTopic = directoryTopic;
        this.path = path;
        this.stream = stream;
        this.writer = writer;
        this.firstOffset = firstOffset;
        this.lastOffset = firstOffset;
    }

    /** Appends a row; a {@code RecordConversionException} leaves the file as it was. */
    void write(ParquetRow row, long offset) throws IOException {
        writer.write(row);
        lastOffset = offset;
        records++;
    }

    /** Writes the footer into the stream; the object is not visible until {@link #stream()} is committed. */
    void finish() throws IOException {
        if (size < 0) {
            size = writer.finish();
        }
    }

    boolean finished() {
        return size >= 0;
    }

    void abort() {
        try {
            stream.abort();
        } catch (IOException | RuntimeException e) {
            // Best effort: an abandoned multipart upload is invisible and S3 lifecycle rules reap it.
        }
    }

    RowSchema schema() {
        return writer.schema();
    }

    PartitionPath path() {
        return path;
    }

    /** The topic naming the file's directory: the records' topic after the connector's SMTs. */
    String directoryTopic() {
        return directoryTopic;
    }

    S3ObjectOutputStream stream() {
        return stream;
    }

    long firstOffset() {
        return firstOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    long records() {
        return records;
    }

    /** Bytes the file has (finished) or would have if finished now. */
    long size() {
        return size >= 0 ? size : writer.estimatedSize();
    }

    /** The heap last reported to the task's memory budget for this file. */
    long accountedHeap() {
        return accountedHeap;
    }

    void accountedHeap(long bytes) {
        accountedHeap = bytes;
    }

    /** Heap held for this file: the Parquet writer's row group buffer plus the stream's part buffer. */
    long heapBytes() {
        return (size >= 0 ? 0 : writer.bufferedBytes()) + stream.bufferedBytes();
    }
}
