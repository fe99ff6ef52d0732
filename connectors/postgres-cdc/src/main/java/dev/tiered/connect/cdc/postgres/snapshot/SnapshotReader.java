package dev.tiered.connect.cdc.postgres.snapshot;

import dev.tiered.connect.cdc.postgres.catalog.CatalogReader;
import dev.tiered.connect.cdc.postgres.catalog.CatalogTable;
import dev.tiered.connect.cdc.postgres.event.EnvelopeBuilder;
import dev.tiered.connect.cdc.postgres.event.Op;
import dev.tiered.connect.cdc.postgres.event.SourceInfo;
import dev.tiered.connect.cdc.postgres.event.SourceInfo.Snapshot;
import dev.tiered.connect.cdc.postgres.event.TableSchema;
import dev.tiered.connect.cdc.postgres.pgoutput.TupleValue;
import dev.tiered.connect.cdc.postgres.stream.SourceChange;
import dev.tiered.connect.cdc.postgres.stream.StreamSettings;
import dev.tiered.connect.cdc.postgres.stream.TableFilter;
import dev.tiered.connect.cdc.postgres.stream.WalPosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every captured table inside a transaction the caller opened on the snapshot (the slot's exported snapshot,
 * {@code SET TRANSACTION SNAPSHOT}), a row at a time through a cursor ({@code fetchSize} rows per round trip), and
 * hands each row as an {@code op=r} record to a blocking sink, as Debezium's {@code RelationalSnapshotChangeEventSource}
 * (one thread, "legacy" path) and {@code EventDispatcher.BufferingSnapshotChangeRecordReceiver} do:
 * <ul>
 * <li>tables in Debezium's order: per table.include.list pattern (all tables when none) the matching tables sorted
 * by {@code schema.table}; each locked {@code IN ACCESS SHARE MODE} first ({@code snapshot.locking.mode=shared});</li>
 * <li>source.snapshot per row from {@code SnapshotMarkerResolver}: {@code first} (first row of the first table),
 * {@code first_in_data_collection}, {@code last_in_data_collection}, {@code true}; the record is held back one row
 * and the very last one becomes {@code last} with the completed offset;</li>
 * <li>source.ts_* and the offset's {@code ts_usec} = {@code CURRENT_TIMESTAMP} read per table in the transaction,
 * source.txId = the snapshot transaction's id, source.lsn = offset {@code lsn} = the position streaming starts at,
 * source.sequence {@code [null,"<lsn>"]};</li>
 * <li>offset: {@code ts_usec}, {@code txId}, {@code lsn}, {@code snapshot=INITIAL},
 * {@code last_snapshot_record}, {@code snapshot_completed} ({@link SnapshotOffsets}).</li>
 * </ul>
 */
public final class SnapshotReader {

    private static final Logger log = LoggerFactory.getLogger(SnapshotReader.class);

    /** Takes one record, blocking while the consumer is behind. */
    public interface Sink {
        void accept(SourceChange change) throws InterruptedException;
    }

    private final StreamSettings settings;
    private final TableFilter filter;
    private final List<String> includeList;
    private final Map<String, String> partition;
    private final Clock clock;
    private final int fetchSize;
    private final Duration lockTimeout;

    public SnapshotReader(StreamSettings settings, TableFilter filter, List<String> includeList,
            Map<String, String> partition, Clock clock, int fetchSize, Duration lockTimeout) {
        this.settings = settings;
        this.filter = filter;
        this.includeList = List.copyOf(includeList);
        this.partition = Map.copyOf(partition);
        this.clock = clock;
        this.fetchSize = fetchSize;
        this.lockTimeout = lockTimeout;
    }

    /**
     * Reads all captured tables through {@code transaction} (auto-commit off, snapshot already set) and returns the
     * offset of the snapshot's end (the completed offset of its last record), whether or not any row was read.
     *
     * @param lsn the position streaming continues from (the slot's consistent point)
     */
    public Map<String, Object> read(Connection transaction, long lsn, BooleanSupplier running, Sink sink)
            throws SQLException, InterruptedException {
        long txId;
        try (Statement statement = transaction.createStatement();
                ResultSet result = statement.executeQuery("SELECT txid_current()")) {
            result.next();
            txId = result.getLong(1);
        }
        List<String[]> tables = capturedTables(transaction);
        log.info("Snapshot of {} table(s) at LSN {} in transaction {}: {}", tables.size(), lsn, txId,
                tables.stream().map(t -> t[0] + "." + t[1]).toList());
        lock(transaction, tables);
        CatalogReader catalog = new CatalogReader(transaction);
        boolean emit = !settings.skippedOperations().contains(Op.READ);
        Pending pending = null;
        Instant lastTimestamp = clock.instant();
        for (int t = 0; t < tables.size(); t++) {
            if (!running.getAsBoolean()) {
                throw new InterruptedException("stopped during the snapshot");
            }
            String[] name = tables.get(t);
            CatalogTable table = catalog.table(name[0], name[1]).orElse(null);
            if (table == null) {
                continue; // dropped since it was listed
            }
            EnvelopeBuilder builder = new EnvelopeBuilder(new TableSchema(settings.topicPrefix(), table.toDefinition(),
                    settings.columns().forTable(table.schema(), table.table(), table::column, settings.types())), clock);
            Instant timestamp = currentTimestamp(transaction);
            lastTimestamp = timestamp;
            boolean firstTable = t == 0;
            boolean lastTable = t == tables.size() - 1;
            long rows = 0;
            try (PreparedStatement select = transaction.prepareStatement(selectStatement(table))) {
                select.setFetchSize(fetchSize);
                try (ResultSet result = select.executeQuery()) {
                    int columns = table.columns().size();
                    boolean hasNext = result.next();
                    while (hasNext) {
                        if (!running.getAsBoolean()) {
                            throw new InterruptedException("stopped during the snapshot");
                        }
                        rows++;
                        List<TupleValue> row = new ArrayList<>(columns);
                        for (int i = 1; i <= columns; i++) {
                            String text = result.getString(i);
                            row.add(text == null ? TupleValue.nullValue() : TupleValue.text(text));
                        }
                        hasNext = result.next();
                        Snapshot marker = marker(rows == 1 && firstTable, !hasNext && lastTable, rows == 1, !hasNext);
                        if (emit) {
                            if (pending != null) {
                                sink.accept(pending.change(false));
                            }
                            pending = new Pending(builder, row, source(table, timestamp, marker, txId, lsn));
                        }
                    }
                }
            }
            log.info("Snapshot of {}.{}: {} row(s)", name[0], name[1], rows);
        }
        if (pending != null) {
            SourceChange last = pending.change(true);
            sink.accept(last);
            return last.sourceOffset();
        }
        return offset(lastTimestamp, txId, lsn, true);
    }

    /** Debezium's {@code SnapshotMarkerResolver.resolve}. */
    static Snapshot marker(boolean firstInSnapshot, boolean lastInSnapshot, boolean firstInTable, boolean lastInTable) {
        if (lastInSnapshot) {
            return Snapshot.LAST;
        } else if (firstInSnapshot) {
            return Snapshot.FIRST;
        } else if (lastInTable) {
            return Snapshot.LAST_IN_DATA_COLLECTION;
        } else if (firstInTable) {
            return Snapshot.FIRST_IN_DATA_COLLECTION;
        }
        return Snapshot.TRUE;
    }

    private SourceInfo source(CatalogTable table, Instant timestamp, Snapshot marker, long txId, long lsn) {
        return new SourceInfo(settings.version(), settings.topicPrefix(), settings.database(), table.schema(),
                table.table(), timestamp, marker, txId, lsn, null, null, null, null);
    }

    /** A snapshot record's offset; {@code completed} for the snapshot's last record. */
    static Map<String, Object> offset(Instant timestamp, long txId, long lsn, boolean completed) {
        Map<String, Object> offset = new HashMap<>();
        offset.put(WalPosition.TS_USEC, Math.addExact(Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000L),
                timestamp.getNano() / 1_000L));
        offset.put(WalPosition.TX_ID, txId);
        offset.put(WalPosition.LSN, lsn);
        offset.put(SnapshotOffsets.SNAPSHOT, SnapshotOffsets.INITIAL);
        offset.put(SnapshotOffsets.LAST_SNAPSHOT_RECORD, completed);
        offset.put(SnapshotOffsets.SNAPSHOT_COMPLETED, completed);
        return offset;
    }

    /** The captured tables in Debezium's snapshot order. */
    private List<String[]> capturedTables(Connection connection) throws SQLException {
        List<String[]> all = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT n.nspname, c.relname FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                        + " AND n.nspname NOT LIKE 'pg\\_%'")) {
            while (result.next()) {
                if (filter.captures(result.getString(1), result.getString(2))) {
                    all.add(new String[] {result.getString(1), result.getString(2)});
                }
            }
        }
        all.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        if (includeList.isEmpty()) {
            return all;
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> ordered = new ArrayList<>();
        for (String regex : includeList) {
            Pattern pattern = Pattern.compile(regex.trim(), Pattern.CASE_INSENSITIVE);
            for (String[] table : all) {
                String id = table[0] + "." + table[1];
                if (pattern.matcher(id).matches() && seen.add(id)) {
                    ordered.add(table);
                }
            }
        }
        return ordered;
    }

    private void lock(Connection connection, List<String[]> tables) throws SQLException {
        if (tables.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
            for (String[] table : tables) {
                statement.execute("LOCK TABLE " + quote(table[0]) + "." + quote(table[1]) + " IN ACCESS SHARE MODE");
            }
        }
    }

    private static Instant currentTimestamp(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            result.next();
            Timestamp timestamp = result.getTimestamp(1);
            return timestamp.toInstant();
        }
    }

    /**
     * Every column as the server's text output, the same text pgoutput sends, in attribute order. Not {@code ::text}:
     * some types have a cast to text that differs from their output function (bool gives {@code true} instead of
     * {@code t}, bpchar drops the padding, inet adds the mask); {@code format('%s', ...)} uses the output function
     * (but prints null as an empty string, hence the CASE).
     */
    static String selectStatement(CatalogTable table) {
        StringBuilder sql = new StringBuilder("SELECT ");
        if (table.columns().isEmpty()) {
            sql.append("NULL");
        }
        for (int i = 0; i < table.columns().size(); i++) {
            String column = quote(table.columns().get(i).name());
            sql.append(i == 0 ? "" : ", ").append("CASE WHEN ").append(column).append(" IS NULL THEN NULL ELSE")
                    .append(" format('%s', ").append(column).append(") END");
        }
        return sql.append(" FROM ").append(quote(table.schema())).append('.').append(quote(table.table())).toString();
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A row held back until the next one shows whether it is the snapshot's last. */
    private final class Pending {
        private final EnvelopeBuilder builder;
        private final List<TupleValue> row;
        private final SourceInfo source;

        Pending(EnvelopeBuilder builder, List<TupleValue> row, SourceInfo source) {
            this.builder = builder;
            this.row = row;
            this.source = source;
        }

        SourceChange change(boolean lastOfSnapshot) {
            SourceInfo info = lastOfSnapshot ? withMarker(source, Snapshot.LAST) : source;
            return new SourceChange(builder.read(row, info), new ConnectHeaders(), partition,
                    offset(source.commitTime(), source.txId(), source.lsn(), lastOfSnapshot));
        }
    }

    private static SourceInfo withMarker(SourceInfo s, Snapshot marker) {
        return new SourceInfo(s.version(), s.serverName(), s.database(), s.schema(), s.table(), s.commitTime(), marker,
                s.txId(), s.lsn(), s.lastCommitLsn(), s.xmin(), s.origin(), s.originLsn());
    }
}
