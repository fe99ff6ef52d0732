package dev.tiered.connect.s3.batch;

/**
 * What the rotation policy needs to know about one open file (or, for partitioners that keep several files of one
 * Kafka partition open, the set of them committed together: pass their summed size, as Confluent counts records per
 * Kafka partition). Created by {@link RotationPolicy#newFile()} when the
 * task opens a file, updated by {@link #recordWritten} after each record is handed to the writer. Not thread-safe:
 * owned by the task thread, like the file.
 */
public final class FileStats {

    /** Timestamp value meaning "the record has no time" (e.g. no extractor result). */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final long openedAtMs;
    private final long scheduledRotationMs;
    private long records;
    private long sizeBytes;
    private long firstRecordTimestamp = NO_TIMESTAMP;

    FileStats(long openedAtMs, long scheduledRotationMs) {
        this.openedAtMs = openedAtMs;
        this.scheduledRotationMs = scheduledRotationMs;
    }

    /**
     * Records that a record was written.
     *
     * @param recordTimestamp the record's time (as the timestamp extractor gives it) or {@link #NO_TIMESTAMP}
     * @param fileSizeBytes the file's size so far as the Parquet writer reports it (written plus buffered)
     */
    public void recordWritten(long recordTimestamp, long fileSizeBytes) {
        if (records == 0) {
            firstRecordTimestamp = recordTimestamp;
        }
        records++;
        sizeBytes = fileSizeBytes;
    }

    /** Updates the size without a record (e.g. after the writer flushed a row group). */
    public void sizeChanged(long fileSizeBytes) {
        sizeBytes = fileSizeBytes;
    }

    public long records() {
        return records;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long firstRecordTimestamp() {
        return firstRecordTimestamp;
    }

    public long openedAtMs() {
        return openedAtMs;
    }

    /** Wall-clock time at which {@code rotate.schedule.interval.ms} closes the file; Long.MAX_VALUE if never. */
    public long scheduledRotationMs() {
        return scheduledRotationMs;
    }

    @Override
    public String toString() {
        return "FileStats{records=" + records + ", sizeBytes=" + sizeBytes + ", firstRecordTimestamp="
                + firstRecordTimestamp + ", openedAtMs=" + openedAtMs + ", scheduledRotationMs=" + scheduledRotationMs
                + "}";
    }
}
