package dev.tiered.connect.s3.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {

    private static final long T0 = 1_795_000_000_000L;

    private final ManualClock clock = new ManualClock(T0);

    private RotationPolicy policy(long flushSize, long flushBytes, long intervalMs, long scheduleMs) {
        return new RotationPolicy(new RotationSettings(flushSize, flushBytes, intervalMs, scheduleMs), clock);
    }

    /** Writes like the task: before-check, write, after-check; returns where each file was cut and why. */
    private static List<String> run(RotationPolicy policy, long[] timestamps, long bytesPerRecord) {
        List<String> cuts = new ArrayList<>();
        FileStats file = policy.newFile();
        for (int i = 0; i < timestamps.length; i++) {
            RotationDecision before = policy.shouldRotateBefore(file, timestamps[i]);
            if (before.shouldRotate()) {
                cuts.add("before " + i + " " + before.reason());
                file = policy.newFile();
            }
            file.recordWritten(timestamps[i], (file.records() + 1) * bytesPerRecord);
            RotationDecision after = policy.shouldRotateAfter(file);
            if (after.shouldRotate()) {
                cuts.add("after " + i + " " + after.reason());
                file = policy.newFile();
            }
        }
        return cuts;
    }

    @Test
    void flushSizeCutsAfterExactlyThatManyRecords() {
        assertThat(run(policy(3, Long.MAX_VALUE, -1, -1), new long[] {1, 2, 3, 4, 5, 6, 7}, 10))
                .containsExactly("after 2 RECORDS", "after 5 RECORDS");
    }

    @Test
    void flushSizeBytesCutsOnTheWritersReportedSize() {
        assertThat(run(policy(1000, 250, -1, -1), new long[] {1, 2, 3, 4, 5, 6}, 100))
                .containsExactly("after 2 BYTES", "after 5 BYTES");
    }

    @Test
    void recordsWinOverBytesWhenBothAreReachedByTheSameRecord() {
        assertThat(run(policy(2, 200, -1, -1), new long[] {1, 2}, 100)).containsExactly("after 1 RECORDS");
    }

    @Test
    void rotateIntervalCutsBeforeTheRecordThatReachesTheSpan() {
        // Span measured from the file's first record; the record at +1000 starts the next file (Confluent).
        assertThat(run(policy(1000, Long.MAX_VALUE, 1000, -1), new long[] {0, 500, 999, 1000, 1500, 1999, 2000}, 1))
                .containsExactly("before 3 RECORD_TIME", "before 6 RECORD_TIME");
    }

    @Test
    void outOfOrderAndMissingTimestampsDoNotTriggerRecordTimeRotation() {
        assertThat(run(policy(1000, Long.MAX_VALUE, 1000, -1),
                new long[] {5000, 100, FileStats.NO_TIMESTAMP, 5999, 6000}, 1))
                .containsExactly("before 4 RECORD_TIME");
        FileStats noTime = policy(1000, Long.MAX_VALUE, 1000, -1).newFile();
        noTime.recordWritten(FileStats.NO_TIMESTAMP, 1);
        assertThat(policy(1000, Long.MAX_VALUE, 1000, -1).shouldRotateBefore(noTime, 1_000_000).shouldRotate())
                .isFalse();
    }

    @Test
    void emptyFilesNeverRotate() {
        RotationPolicy policy = policy(1, 1, 1, 1);
        FileStats file = policy.newFile();
        clock.advance(10_000);
        assertThat(policy.shouldRotateBefore(file, Long.MAX_VALUE)).isSameAs(RotationDecision.KEEP);
        assertThat(policy.checkDue(file)).isSameAs(RotationDecision.KEEP);
        assertThat(policy.nextDeadline(file)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void scheduleClosesIdlePartitionWithoutAnotherRecord() {
        RotationPolicy policy = policy(100_000, Long.MAX_VALUE, 60_000, 600_000);
        FileStats file = policy.newFile();
        file.recordWritten(T0, 100);
        assertThat(policy.nextDeadline(file)).isEqualTo(T0 + 600_000);
        assertThat(policy.millisUntilNextDeadline(List.of(file))).isEqualTo(600_000);

        clock.advance(599_999);
        assertThat(policy.checkDue(file).shouldRotate()).isFalse();
        assertThat(policy.millisUntilNextDeadline(List.of(file))).isEqualTo(1);
        clock.advance(1);
        RotationDecision due = policy.checkDue(file);
        assertThat(due.shouldRotate()).isTrue();
        assertThat(due.reason()).isEqualTo(RotationReason.SCHEDULE);
        assertThat(policy.isDue(file, clock.millis())).isTrue();
        assertThat(policy.millisUntilNextDeadline(List.of(file))).isZero();
    }

    @Test
    void scheduleIsAlsoCheckedBeforeARecordWhenTheTimerWasLate() {
        RotationPolicy policy = policy(100_000, Long.MAX_VALUE, 60_000, 600_000);
        FileStats file = policy.newFile();
        file.recordWritten(T0, 100);
        clock.advance(700_000);
        // Both limits are passed; the schedule is reported because it is the freshness bound.
        assertThat(policy.shouldRotateBefore(file, T0 + 120_000).reason()).isEqualTo(RotationReason.SCHEDULE);
    }

    @Test
    void deadlineCountsFromFileOpenNotFromLastRecord() {
        RotationPolicy policy = policy(100_000, Long.MAX_VALUE, -1, 1000);
        FileStats file = policy.newFile();
        for (int i = 0; i < 10; i++) {
            file.recordWritten(clock.millis(), i);
            clock.advance(99);
            assertThat(policy.checkDue(file).shouldRotate()).isFalse();
        }
        clock.advance(10);
        assertThat(policy.checkDue(file).shouldRotate()).isTrue();
    }

    @Test
    void firstTriggerReachedWins() {
        // flush.size 5, 300 bytes at 100/record, 1000 ms record span, 10 s schedule.
        RotationPolicy policy = policy(5, 300, 1000, 10_000);
        assertThat(run(policy, new long[] {0, 1, 2, 3}, 100)).containsExactly("after 2 BYTES");
        assertThat(run(policy, new long[] {0, 1, 2000}, 10)).containsExactly("before 2 RECORD_TIME");
        assertThat(run(policy, new long[] {0, 1, 2, 3, 4, 5}, 10)).containsExactly("after 4 RECORDS");
        FileStats file = policy.newFile();
        file.recordWritten(0, 10);
        clock.advance(10_000);
        assertThat(policy.shouldRotateBefore(file, 1).reason()).isEqualTo(RotationReason.SCHEDULE);
    }

    @Test
    void nextDeadlineIsTheEarliestOfNonEmptyFiles() {
        RotationPolicy policy = policy(100, Long.MAX_VALUE, -1, 1000);
        FileStats a = policy.newFile();
        a.recordWritten(0, 1);
        clock.advance(300);
        FileStats b = policy.newFile();
        b.recordWritten(0, 1);
        FileStats empty = policy.newFile();
        assertThat(policy.nextDeadline(List.of(b, empty, a))).isEqualTo(T0 + 1000);
        assertThat(policy.millisUntilNextDeadline(List.of(b, empty, a))).isEqualTo(700);
        assertThat(policy.nextDeadline(List.of(empty))).isEqualTo(Long.MAX_VALUE);
        assertThat(policy.millisUntilNextDeadline(List.of())).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void disabledScheduleNeverFires() {
        RotationPolicy policy = policy(100, Long.MAX_VALUE, -1, -1);
        FileStats file = policy.newFile();
        file.recordWritten(0, 1);
        clock.advance(Long.MAX_VALUE / 2);
        assertThat(policy.checkDue(file).shouldRotate()).isFalse();
        assertThat(policy.nextDeadline(file)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void hugeScheduleDoesNotOverflow() {
        RotationPolicy policy = policy(100, Long.MAX_VALUE, -1, Long.MAX_VALUE);
        FileStats file = policy.newFile();
        file.recordWritten(0, 1);
        assertThat(policy.nextDeadline(file)).isEqualTo(Long.MAX_VALUE);
        assertThat(policy.checkDue(file).shouldRotate()).isFalse();
    }

    @Test
    void decisionsArePreallocated() {
        assertThat(RotationDecision.rotate(RotationReason.RECORDS)).isSameAs(RotationDecision.rotate(RotationReason.RECORDS));
        assertThat(RotationDecision.KEEP.shouldRotate()).isFalse();
        assertThatThrownBy(RotationDecision.KEEP::reason).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new RotationSettings(0, 1, -1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
