package dev.tiered.connect.cdc.postgres.snapshot;

import java.util.Map;

/**
 * The snapshot keys of Debezium's offsets ({@code PostgresOffsetContext.getOffset}, {@code CommonOffsetContext}):
 * while an initial snapshot runs every record's offset carries {@code snapshot=INITIAL} ({@code SnapshotType}),
 * {@code last_snapshot_record=false} and {@code snapshot_completed=false}; the snapshot's last record carries
 * {@code last_snapshot_record=true} and {@code snapshot_completed=true} (written by
 * {@code BufferingSnapshotChangeRecordReceiver.completeSnapshot} after {@code preSnapshotCompletion}). Streaming
 * offsets have none of them ({@code postSnapshotCompletion}).
 */
public final class SnapshotOffsets {

    public static final String SNAPSHOT = "snapshot";
    public static final String LAST_SNAPSHOT_RECORD = "last_snapshot_record";
    public static final String SNAPSHOT_COMPLETED = "snapshot_completed";
    public static final String INITIAL = "INITIAL";

    private SnapshotOffsets() {
    }

    /** Whether the offset was written by a snapshot (in progress or its last record). */
    public static boolean isSnapshotOffset(Map<String, ?> offset) {
        return offset != null && offset.get(SNAPSHOT) != null;
    }

    /**
     * {@code CommonOffsetContext.isInitialSnapshotRunning} of the loaded offset: an INITIAL snapshot not completed
     * (the loader treats {@code last_snapshot_record=true} as completed too).
     */
    public static boolean isInitialSnapshotRunning(Map<String, ?> offset) {
        return offset != null && INITIAL.equals(offset.get(SNAPSHOT))
                && !Boolean.TRUE.equals(offset.get(SNAPSHOT_COMPLETED))
                && !Boolean.TRUE.equals(offset.get(LAST_SNAPSHOT_RECORD));
    }
}
