package dev.tiered.connect.cdc.postgres.event;

import java.time.Instant;

/**
 * What the {@code source} block of one event says: where the change came from and where in the WAL it is. Nullable
 * fields are optional in the schema. {@code commitTime} gives source.ts_ms/ts_us/ts_ns (the commit time while
 * streaming, the read time in a snapshot). {@code lastCommitLsn} and {@code lsn} make source.sequence.
 */
public record SourceInfo(
        String version,
        String serverName,
        String database,
        String schema,
        String table,
        Instant commitTime,
        Snapshot snapshot,
        Long txId,
        Long lsn,
        Long lastCommitLsn,
        Long xmin,
        String origin,
        Long originLsn) {

    /** The values of source.snapshot, an {@code io.debezium.data.Enum}. */
    public enum Snapshot {
        TRUE("true"), FIRST("first"), FIRST_IN_DATA_COLLECTION("first_in_data_collection"),
        LAST_IN_DATA_COLLECTION("last_in_data_collection"), LAST("last"), FALSE("false"), INCREMENTAL("incremental");

        private final String value;

        Snapshot(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** A streamed change (snapshot {@code false}) of a transaction with no origin. */
    public static SourceInfo streaming(String version, String serverName, String database, String schema,
            String table, Instant commitTime, long txId, long lsn, Long lastCommitLsn) {
        return new SourceInfo(version, serverName, database, schema, table, commitTime, Snapshot.FALSE, txId, lsn,
                lastCommitLsn, null, null, null);
    }
}
