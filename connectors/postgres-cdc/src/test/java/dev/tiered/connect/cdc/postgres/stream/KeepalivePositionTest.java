package dev.tiered.connect.cdc.postgres.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeepalivePositionTest {

    private static Map<String, Object> commit(long lsn) {
        Map<String, Object> offset = new HashMap<>();
        offset.put("ts_usec", 1_700_000_000_000_000L);
        offset.put("txId", 42L);
        offset.put("lsn", lsn);
        offset.put("lsn_proc", lsn);
        offset.put("lsn_commit", lsn);
        offset.put("messageType", "COMMIT");
        return offset;
    }

    @Test
    void movesTheLastCommitsPositionToWhereTheServerDecoded() {
        Map<String, Object> advanced = ReplicationStream.keepalivePosition(commit(1_000), 5_000);
        assertThat(advanced).containsEntry("lsn", 5_000L).containsEntry("lsn_proc", 5_000L)
                .containsEntry("lsn_commit", 5_000L).containsEntry("messageType", "COMMIT")
                .containsEntry("txId", 42L).containsEntry("ts_usec", 1_700_000_000_000_000L);
        assertThat(ReplicationStream.resumeLsn(advanced)).as("a restart resumes there").isEqualTo(5_000L);
        assertThat(ReplicationStream.ResumeFilter.of(advanced).active()).as("and skips nothing").isFalse();
    }

    @Test
    void neverMovesBackNorStandsStill() {
        assertThat(ReplicationStream.keepalivePosition(commit(5_000), 5_000)).isNull();
        assertThat(ReplicationStream.keepalivePosition(commit(5_000), 4_000))
                .as("a keepalive reporting the slot's older confirmed position after a restart").isNull();
        assertThat(ReplicationStream.keepalivePosition(null, 0)).as("nothing received yet").isNull();
    }

    @Test
    void withoutAStreamedCommitItIsAPlainStreamingOffset() {
        assertThat(ReplicationStream.keepalivePosition(null, 7_000)).containsOnly(Map.entry("lsn", 7_000L),
                Map.entry("lsn_proc", 7_000L), Map.entry("lsn_commit", 7_000L), Map.entry("messageType", "COMMIT"));

        Map<String, Object> snapshotEnd = new HashMap<>();
        snapshotEnd.put("snapshot", "INITIAL");
        snapshotEnd.put("snapshot_completed", true);
        snapshotEnd.put("last_snapshot_record", true);
        snapshotEnd.put("lsn", 6_000L);
        assertThat(ReplicationStream.keepalivePosition(snapshotEnd, 6_000)).isNull();
        assertThat(ReplicationStream.keepalivePosition(snapshotEnd, 7_000)).doesNotContainKeys("snapshot",
                "snapshot_completed", "last_snapshot_record").containsEntry("lsn_commit", 7_000L);
    }

    @Test
    void theLostSlotMessageNamesTheSlotKeyAndTheWaysOut() {
        String dropped = ReplicationStream.slotUnavailable("shop_slot", commit(5_000), null);
        assertThat(dropped).contains("'shop_slot' (slot.name)").contains("does not exist")
                .contains("snapshot.mode=when_needed").contains("delete the connector's offsets");
        assertThat(ReplicationStream.slotUnavailable("shop_slot", commit(5_000),
                new ReplicationSetup.SlotState(4_000L, true))).contains("invalidated");
    }
}
