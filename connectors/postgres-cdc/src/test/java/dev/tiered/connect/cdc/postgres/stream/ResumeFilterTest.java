package dev.tiered.connect.cdc.postgres.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.junit.jupiter.api.Test;

class ResumeFilterTest {

    private static Map<String, Object> offset(long txId, long lsn, Long events, String type) {
        Map<String, Object> offset = new HashMap<>();
        offset.put("txId", txId);
        offset.put("lsn", lsn);
        offset.put("lsn_proc", lsn);
        offset.put("lsn_commit", 50L);
        offset.put("messageType", type);
        if (events != null) {
            offset.put("lsn_events_processed", events);
        }
        return offset;
    }

    private static SourceChange record(Map<String, Object> offset) {
        return new SourceChange(null, new ConnectHeaders(), Map.of("server", "s"), offset);
    }

    @Test
    void skipsWhatTheStoredOffsetDeliveredOfItsTransactionOnly() {
        ReplicationStream.ResumeFilter filter = ReplicationStream.ResumeFilter.of(offset(7, 200, 1L, "INSERT"));
        assertThat(filter.skips(record(offset(7, 100, 1L, "INSERT")))).isTrue();
        assertThat(filter.skips(record(offset(7, 200, 1L, "INSERT")))).isTrue();
        assertThat(filter.skips(record(offset(7, 200, 2L, "INSERT")))).as("a later event at the same LSN").isFalse();
        assertThat(filter.skips(record(offset(7, 300, 1L, "INSERT")))).isFalse();
        assertThat(filter.skips(record(offset(8, 100, 1L, "INSERT")))).as("another transaction").isFalse();
        filter.commitSeen();
        assertThat(filter.skips(record(offset(7, 100, 1L, "INSERT")))).isFalse();
    }

    @Test
    void aCommitOffsetSkipsNothingAndResumesAtLsnCommit() {
        Map<String, Object> stored = offset(7, 200, null, "COMMIT");
        assertThat(ReplicationStream.ResumeFilter.of(stored).skips(record(offset(7, 100, 1L, "INSERT")))).isFalse();
        assertThat(ReplicationStream.resumeLsn(stored)).isEqualTo(50L);
        stored.remove("lsn_commit");
        assertThat(ReplicationStream.resumeLsn(stored)).isEqualTo(200L);
    }

    @Test
    void aSnapshotOffsetSkipsNothingAndResumesAtTheSnapshotsLsn() {
        Map<String, Object> stored = new HashMap<>(Map.of("txId", 7L, "lsn", 300L, "ts_usec", 1L,
                "snapshot", "INITIAL", "last_snapshot_record", true, "snapshot_completed", true));
        assertThat(ReplicationStream.ResumeFilter.of(stored).skips(record(offset(7, 100, 1L, "INSERT")))).isFalse();
        assertThat(ReplicationStream.resumeLsn(stored)).isEqualTo(300L);
        assertThat(ReplicationStream.resumeLsn(Map.of("lsn", 300L))).as("not a snapshot offset").isNull();
    }

    @Test
    void theSlotHasThePositionUnlessMissingLostOrPastIt() {
        Map<String, Object> stored = offset(7, 200, null, "COMMIT");
        assertThat(ReplicationStream.positionAvailable(stored, null)).isFalse();
        assertThat(ReplicationStream.positionAvailable(stored, new ReplicationSetup.SlotState(100L, true))).isFalse();
        assertThat(ReplicationStream.positionAvailable(stored, new ReplicationSetup.SlotState(201L, false))).isFalse();
        assertThat(ReplicationStream.positionAvailable(stored, new ReplicationSetup.SlotState(200L, false))).isTrue();
        assertThat(ReplicationStream.positionAvailable(Map.of("lsn", 5L), new ReplicationSetup.SlotState(9L, false)))
                .as("no lsn_proc (Debezium: available)").isTrue();
    }
}
