package dev.tiered.connect.cdc.postgres.stream;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The streaming position, as Debezium's {@code PostgresOffsetContext} (with its {@code SourceInfo}) keeps it and
 * {@code getOffset()} writes it: {@code lsn} (the LSN of the last message), {@code lsn_proc} (the last LSN all of
 * whose events were processed), {@code lsn_commit} (the LSN of the last Commit), {@code txId}, {@code ts_usec} (the
 * commit time), {@code messageType} (the last message's operation) and {@code lsn_events_processed} (how many events
 * of the current LSN were processed, for several events at one LSN). Absent values are left out of the offset.
 */
public final class WalPosition {

    public static final String LSN = "lsn";
    public static final String LSN_PROC = "lsn_proc";
    public static final String LSN_COMMIT = "lsn_commit";
    public static final String TX_ID = "txId";
    public static final String TS_USEC = "ts_usec";
    public static final String MESSAGE_TYPE = "messageType";
    public static final String LSN_EVENTS_PROCESSED = "lsn_events_processed";

    /** Debezium's {@code ReplicationMessage.Operation} names, which {@code messageType} holds. */
    public enum MessageType { INSERT, UPDATE, DELETE, TRUNCATE, MESSAGE, BEGIN, COMMIT }

    private Long lsn;
    private Long lastProcessedLsn;
    private Long lastCommitLsn;
    private Long txId;
    private Instant commitTime;
    private MessageType messageType;
    private long lsnEventsProcessed;
    private Long previousLsn;

    /** The position at the very start, with nothing streamed yet. */
    public static WalPosition initial() {
        return new WalPosition();
    }

    /** The position a stored offset describes (for a restart), as {@code PostgresOffsetContext.Loader.load}. */
    public static WalPosition fromOffset(Map<String, ?> offset) {
        WalPosition position = new WalPosition();
        position.lsn = longValue(offset.get(LSN));
        position.lastProcessedLsn = longValue(offset.get(LSN_PROC));
        position.lastCommitLsn = longValue(offset.get(LSN_COMMIT));
        position.txId = longValue(offset.get(TX_ID));
        Long micros = longValue(offset.get(TS_USEC));
        position.commitTime = micros == null ? null
                : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        Object type = offset.get(MESSAGE_TYPE);
        position.messageType = type == null ? null : MessageType.valueOf(type.toString());
        Long processed = longValue(offset.get(LSN_EVENTS_PROCESSED));
        position.lsnEventsProcessed = processed == null ? 0 : processed;
        position.previousLsn = processed == null ? null : position.lsn;
        return position;
    }

    /** {@code updateWalPosition}: the message at {@code lsn} of transaction {@code txId} is being processed. */
    void update(long lsn, Long lastProcessedLsn, Instant commitTime, Long txId, MessageType messageType) {
        this.lsn = lsn;
        this.lastProcessedLsn = lastProcessedLsn;
        if (commitTime != null) {
            this.commitTime = commitTime;
        }
        this.txId = txId;
        this.messageType = messageType;
    }

    /** {@code updateCommitPosition}: a Commit at {@code lsn} was processed completely. */
    void commit(long lsn) {
        this.lastProcessedLsn = lsn;
        this.lastCommitLsn = lsn;
        this.lsn = lsn;
        this.lsnEventsProcessed = 0;
    }

    /**
     * A Begin: the next event is the first of its LSN. No LSN holds events of two transactions, so this only matters
     * after {@link #fromOffset}: a replay of the transaction a stored offset stopped in must count its first event
     * at the stored LSN as 1 again (as when it was first delivered), or {@code ResumeFilter} would not skip it.
     */
    void startTransaction() {
        previousLsn = null;
    }

    /** {@code incrementLsnEventsProcessed}: counts the events at one LSN, restarting at 1 for a new LSN. */
    void countEvent(long lsn) {
        if (previousLsn != null && previousLsn == lsn) {
            lsnEventsProcessed++;
        } else {
            lsnEventsProcessed = 1;
            previousLsn = lsn;
        }
    }

    public Long lsn() {
        return lsn;
    }

    public Long lastProcessedLsn() {
        return lastProcessedLsn;
    }

    public Long lastCommitLsn() {
        return lastCommitLsn;
    }

    public Long txId() {
        return txId;
    }

    public Instant commitTime() {
        return commitTime;
    }

    /** The offset map, keys and value types as Debezium's {@code PostgresOffsetContext.getOffset()} while streaming. */
    public Map<String, Object> offset() {
        Map<String, Object> offset = new HashMap<>();
        if (commitTime != null) {
            offset.put(TS_USEC, Math.addExact(Math.multiplyExact(commitTime.getEpochSecond(), 1_000_000L),
                    commitTime.getNano() / 1_000L));
        }
        putIfPresent(offset, TX_ID, txId);
        putIfPresent(offset, LSN, lsn);
        putIfPresent(offset, LSN_PROC, lastProcessedLsn);
        putIfPresent(offset, LSN_COMMIT, lastCommitLsn);
        putIfPresent(offset, MESSAGE_TYPE, messageType == null ? null : messageType.name());
        if (lsnEventsProcessed > 0) {
            offset.put(LSN_EVENTS_PROCESSED, lsnEventsProcessed);
        }
        return offset;
    }

    private static void putIfPresent(Map<String, Object> offset, String key, Object value) {
        if (value != null) {
            offset.put(key, value);
        }
    }

    private static Long longValue(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
