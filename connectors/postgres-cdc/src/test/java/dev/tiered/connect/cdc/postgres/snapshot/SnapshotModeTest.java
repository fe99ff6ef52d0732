package dev.tiered.connect.cdc.postgres.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiered.connect.cdc.postgres.event.SourceInfo.Snapshot;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshotter decisions, markers and offset keys, as Debezium's sources define them. */
class SnapshotModeTest {

    @Test
    void decisionsFollowDebeziumsSnapshotters() {
        // shouldSnapshotData(offsetExists, snapshotInProgress)
        for (SnapshotMode mode : new SnapshotMode[] {SnapshotMode.INITIAL, SnapshotMode.INITIAL_ONLY,
                SnapshotMode.WHEN_NEEDED}) {
            assertThat(mode.shouldSnapshotData(false, false)).as(mode.value()).isTrue();
            assertThat(mode.shouldSnapshotData(true, true)).as(mode.value()).isTrue();
            assertThat(mode.shouldSnapshotData(true, false)).as(mode.value()).isFalse();
        }
        assertThat(SnapshotMode.ALWAYS.shouldSnapshotData(true, false)).isTrue();
        assertThat(SnapshotMode.NO_DATA.shouldSnapshotData(false, false)).isFalse();
        assertThat(SnapshotMode.INITIAL_ONLY.shouldStream()).isFalse();
        assertThat(SnapshotMode.INITIAL.shouldStream()).isTrue();
        assertThat(SnapshotMode.WHEN_NEEDED.shouldSnapshotOnDataError()).isTrue();
        assertThat(SnapshotMode.INITIAL.shouldSnapshotOnDataError()).isFalse();
        assertThat(SnapshotMode.of("When_Needed")).isEqualTo(SnapshotMode.WHEN_NEEDED);
        assertThat(SnapshotMode.of("configuration_based")).isNull();
    }

    @Test
    void markersAsSnapshotMarkerResolver() {
        // (firstInSnapshot, lastInSnapshot, firstInTable, lastInTable)
        assertThat(SnapshotReader.marker(true, true, true, true)).isEqualTo(Snapshot.LAST);
        assertThat(SnapshotReader.marker(true, false, true, false)).isEqualTo(Snapshot.FIRST);
        assertThat(SnapshotReader.marker(true, false, true, true)).isEqualTo(Snapshot.FIRST);
        assertThat(SnapshotReader.marker(false, false, true, true)).isEqualTo(Snapshot.LAST_IN_DATA_COLLECTION);
        assertThat(SnapshotReader.marker(false, false, true, false)).isEqualTo(Snapshot.FIRST_IN_DATA_COLLECTION);
        assertThat(SnapshotReader.marker(false, false, false, false)).isEqualTo(Snapshot.TRUE);
    }

    @Test
    void offsetsCarryDebeziumsSnapshotKeys() {
        Map<String, Object> running = SnapshotReader.offset(Instant.ofEpochSecond(1, 2_000), 7, 42, false);
        assertThat(running).containsOnly(Map.entry("ts_usec", 1_000_002L), Map.entry("txId", 7L),
                Map.entry("lsn", 42L), Map.entry("snapshot", "INITIAL"), Map.entry("last_snapshot_record", false),
                Map.entry("snapshot_completed", false));
        assertThat(SnapshotOffsets.isInitialSnapshotRunning(running)).isTrue();
        Map<String, Object> done = SnapshotReader.offset(Instant.ofEpochSecond(1), 7, 42, true);
        assertThat(done).containsEntry("last_snapshot_record", true).containsEntry("snapshot_completed", true);
        assertThat(SnapshotOffsets.isInitialSnapshotRunning(done)).isFalse();
        assertThat(SnapshotOffsets.isSnapshotOffset(done)).isTrue();
        assertThat(SnapshotOffsets.isInitialSnapshotRunning(Map.of("lsn", 1L, "lsn_proc", 1L))).isFalse();
        assertThat(SnapshotOffsets.isInitialSnapshotRunning(null)).isFalse();
    }
}
