package dev.tiered.connect.s3.batch;

import java.time.Clock;

/**
 * When an open file is committed: as soon as the FIRST of four limits is reached. The task asks at three moments:
 *
 * <ol>
 *   <li>{@link #shouldRotateBefore} before writing a record to an open file. {@link RotationReason#SCHEDULE} if the
 *       file's wall-clock deadline has passed (the timer may not have fired yet), else
 *       {@link RotationReason#RECORD_TIME} if {@code record time - first record time >= rotate.interval.ms}. The file
 *       is committed WITHOUT this record, which opens the next file: Confluent's semantics (their
 *       TopicPartitionWriter checks {@code rotateOnTime} before writing), so no file spans more than the interval of
 *       record time. Records older than the file's first record never trigger it (out-of-order data stays put).</li>
 *   <li>{@link #shouldRotateAfter} after writing a record and {@link FileStats#recordWritten updating} the stats:
 *       {@link RotationReason#RECORDS} when the file holds {@code flush.size} records, else
 *       {@link RotationReason#BYTES} when the writer reports at least {@code flush.size.bytes}. Checked after so a
 *       file holds exactly {@code flush.size} records, as with Confluent.</li>
 *   <li>{@link #checkDue} with no record at all, from {@code put()} (also empty ones) or a timer set to
 *       {@link #nextDeadline}: {@link RotationReason#SCHEDULE} once {@code rotate.schedule.interval.ms} of wall clock
 *       has passed since the file was opened. This is the freshness bound and, unlike Confluent's record-time
 *       rotation (confluentinc/kafka-connect-storage-cloud#144), it also closes files of partitions that receive
 *       nothing more.</li>
 * </ol>
 *
 * <p>The scheduled deadline is the file's open time plus the interval, not aligned to clock boundaries as Confluent
 * does: every file is bounded by exactly the interval, partitions do not all upload in the same second, and no
 * {@code timezone} is needed.
 */
public final class RotationPolicy {

    private final RotationSettings settings;
    private final Clock clock;

    public RotationPolicy(RotationSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public RotationSettings settings() {
        return settings;
    }

    /** State for a file being opened now. */
    public FileStats newFile() {
        long now = clock.millis();
        long deadline = settings.scheduledRotation() ? saturatedAdd(now, settings.rotateScheduleIntervalMs())
                : Long.MAX_VALUE;
        return new FileStats(now, deadline);
    }

    /**
     * Whether to commit {@code file} before writing a record with time {@code recordTimestamp}
     * ({@link FileStats#NO_TIMESTAMP} if none). An empty file is never rotated.
     */
    public RotationDecision shouldRotateBefore(FileStats file, long recordTimestamp) {
        if (file.records() == 0) {
            return RotationDecision.KEEP;
        }
        if (clock.millis() >= file.scheduledRotationMs()) {
            return RotationDecision.rotate(RotationReason.SCHEDULE);
        }
        if (settings.recordTimeRotation() && recordTimestamp != FileStats.NO_TIMESTAMP
                && file.firstRecordTimestamp() != FileStats.NO_TIMESTAMP
                && recordTimestamp - file.firstRecordTimestamp() >= settings.rotateIntervalMs()) {
            return RotationDecision.rotate(RotationReason.RECORD_TIME);
        }
        return RotationDecision.KEEP;
    }

    /** Whether to commit {@code file} now that a record was written to it and its stats updated. */
    public RotationDecision shouldRotateAfter(FileStats file) {
        if (file.records() >= settings.flushSize()) {
            return RotationDecision.rotate(RotationReason.RECORDS);
        }
        if (file.sizeBytes() >= settings.flushSizeBytes()) {
            return RotationDecision.rotate(RotationReason.BYTES);
        }
        return RotationDecision.KEEP;
    }

    /** Whether {@code file} is due on the wall clock, with no record involved. */
    public RotationDecision checkDue(FileStats file) {
        return isDue(file, clock.millis()) ? RotationDecision.rotate(RotationReason.SCHEDULE) : RotationDecision.KEEP;
    }

    /** Whether {@code file} holds records and its scheduled deadline is at or before {@code nowMillis}. */
    public boolean isDue(FileStats file, long nowMillis) {
        return file.records() > 0 && nowMillis >= file.scheduledRotationMs();
    }

    /** Wall-clock time at which {@code file} becomes due; Long.MAX_VALUE if never (empty or schedule disabled). */
    public long nextDeadline(FileStats file) {
        return file.records() > 0 ? file.scheduledRotationMs() : Long.MAX_VALUE;
    }

    /** The earliest {@link #nextDeadline} of {@code files}: when the task must wake up next. */
    public long nextDeadline(Iterable<FileStats> files) {
        long earliest = Long.MAX_VALUE;
        for (FileStats file : files) {
            earliest = Math.min(earliest, nextDeadline(file));
        }
        return earliest;
    }

    /** Milliseconds from now until {@link #nextDeadline(Iterable)}, at least 0; Long.MAX_VALUE if none. */
    public long millisUntilNextDeadline(Iterable<FileStats> files) {
        long deadline = nextDeadline(files);
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - clock.millis());
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
