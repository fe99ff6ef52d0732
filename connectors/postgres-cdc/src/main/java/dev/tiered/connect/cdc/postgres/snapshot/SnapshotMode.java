package dev.tiered.connect.cdc.postgres.snapshot;

import java.util.Locale;

/**
 * Debezium's {@code snapshot.mode} values this connector runs, with the decisions of Debezium's snapshotters
 * ({@code io.debezium.snapshot.mode.*Snapshotter}): whether to snapshot the data given whether an offset exists and
 * whether it records a snapshot still in progress ({@code shouldSnapshotData}), whether to stream afterwards
 * ({@code shouldStream}) and whether a stored position the slot no longer has means "snapshot again"
 * ({@code shouldSnapshotOnDataError}).
 */
public enum SnapshotMode {
    /** {@code InitialSnapshotter}: snapshot when there is no offset or the last snapshot did not finish. */
    INITIAL("initial"),
    /** {@code AlwaysSnapshotter}: snapshot at every start. */
    ALWAYS("always"),
    /** {@code NoDataSnapshotter}: never snapshot data, only stream. */
    NO_DATA("no_data"),
    /** {@code InitialOnlySnapshotter}: as initial, then no streaming. */
    INITIAL_ONLY("initial_only"),
    /** {@code WhenNeededSnapshotter}: as initial, and again when the offset's position is gone from the slot. */
    WHEN_NEEDED("when_needed");

    private final String value;

    SnapshotMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The mode named {@code value} (case-insensitive), or null for a Debezium mode this connector does not run. */
    public static SnapshotMode of(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        for (SnapshotMode mode : values()) {
            if (mode.value.equals(lower)) {
                return mode;
            }
        }
        return null;
    }

    /** {@code shouldSnapshotData(offsetExists, snapshotInProgress)}. */
    public boolean shouldSnapshotData(boolean offsetExists, boolean snapshotInProgress) {
        return switch (this) {
            case ALWAYS -> true;
            case NO_DATA -> false;
            case INITIAL, INITIAL_ONLY, WHEN_NEEDED -> !offsetExists || snapshotInProgress;
        };
    }

    /** {@code shouldStream()}. */
    public boolean shouldStream() {
        return this != INITIAL_ONLY;
    }

    /** {@code shouldSnapshotOnDataError()}: only when_needed snapshots again when the slot lost the position. */
    public boolean shouldSnapshotOnDataError() {
        return this == WHEN_NEEDED;
    }
}
