package dev.tiered.connect.cdc.postgres.stream;

import dev.tiered.connect.cdc.postgres.catalog.CatalogReader;
import dev.tiered.connect.cdc.postgres.catalog.RelationCache;
import dev.tiered.connect.cdc.postgres.event.TableSchema;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputDecoder;
import dev.tiered.connect.cdc.postgres.pgoutput.PgOutputMessage;
import dev.tiered.connect.cdc.postgres.snapshot.SnapshotMode;
import dev.tiered.connect.cdc.postgres.snapshot.SnapshotOffsets;
import dev.tiered.connect.cdc.postgres.snapshot.SnapshotReader;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.ConnectException;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a pgoutput slot on its own thread into a bounded queue of change records: sets up the publication and the
 * slot ({@link #start()}), starts replication at the stored offset's {@code lsn_commit} (else the slot's confirmed
 * flush position), skips what the stored offset says was already delivered of a transaction cut short, and
 * reconnects with backoff when the connection is lost, resuming after the last record it queued.
 * {@link #flush(long)} advances the slot's confirmed flush position.
 */
public final class ReplicationStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicationStream.class);
    private static final Duration IDLE_PAUSE = Duration.ofMillis(10);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** How long {@link #start()} waits for an unreachable PostgreSQL before failing the task. */
    private static final Duration START_RETRY = Duration.ofSeconds(60);

    /** What the stream needs besides the event settings. */
    public record Options(String slot, String publication, PublicationMode publicationMode, TableFilter filter,
            int maxQueueSize, SnapshotMode snapshotMode, List<String> tableIncludeList, int snapshotFetchSize,
            Duration snapshotLockTimeout) {

        /** Streaming only ({@code no_data}), Debezium's snapshot defaults otherwise. */
        public Options(String slot, String publication, PublicationMode publicationMode, TableFilter filter,
                int maxQueueSize) {
            this(slot, publication, publicationMode, filter, maxQueueSize, SnapshotMode.NO_DATA, List.of(), 10_240,
                    Duration.ofSeconds(10));
        }
    }

    private final PostgresConnections connections;
    private final Options options;
    private final StreamSettings settings;
    private final Clock clock;
    private final BlockingQueue<SourceChange> queue;
    private final AtomicLong flushRequest = new AtomicLong(-1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;
    private final AtomicReference<Map<String, Object>> committedPosition = new AtomicReference<>();
    /** The offset after which the next session resumes: the last queued record's, or the last Commit's. */
    private volatile Map<String, ?> resumeOffset;
    private volatile boolean running;
    private Thread thread;
    /** Whether {@link #start()} decided to take a snapshot first. */
    private boolean snapshot;

    public ReplicationStream(PostgresConnections connections, Options options, StreamSettings settings,
            Map<String, ?> storedOffset, Clock clock) {
        this.connections = connections;
        this.options = options;
        this.settings = settings;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(options.maxQueueSize());
        this.resumeOffset = storedOffset == null || storedOffset.isEmpty() ? null : Map.copyOf(storedOffset);
    }

    /**
     * Decides, as Debezium's snapshotter for {@code snapshot.mode} does, whether to snapshot first; creates the
     * publication and (when streaming without a snapshot) the slot if needed, failing fast on bad setup or on a stored
     * position the slot no longer has (unless {@code when_needed}, which snapshots again); then starts the thread
     * that snapshots (creating the slot with an exported snapshot) and streams.
     */
    public synchronized void start() {
        SnapshotMode mode = options.snapshotMode();
        Map<String, ?> stored = resumeOffset;
        boolean inProgress = SnapshotOffsets.isInitialSnapshotRunning(stored);
        boolean offsetExists = stored != null;
        if (inProgress) {
            log.info("The stored offset records a snapshot that did not finish; a new snapshot will be taken");
        }
        // A task started while PostgreSQL restarts (e.g. moved by a rebalance) waits for it, as streaming does.
        long setUpDeadline = System.nanoTime() + START_RETRY.toNanos();
        Duration setUpBackoff = MIN_BACKOFF;
        while (true) {
            try (Connection connection = connections.open()) {
                if (mode.shouldStream()) {
                    ReplicationSetup.ensurePublication(connection, options.publication(), options.publicationMode(),
                            options.filter());
                    ReplicationSetup.SlotState slot = ReplicationSetup.slotState(connection, options.slot(),
                            connections.database());
                    if (offsetExists && !inProgress && !positionAvailable(stored, slot)) {
                        if (!mode.shouldSnapshotOnDataError()) {
                            throw new ConnectException(slotUnavailable(options.slot(), stored, slot));
                        }
                        log.warn("Slot '{}' no longer has the stored position {}; snapshot.mode=when_needed: taking"
                                + " a new snapshot", options.slot(), stored);
                        offsetExists = false;
                        resumeOffset = null;
                    }
                    snapshot = mode.shouldSnapshotData(offsetExists, inProgress);
                    if (!snapshot) {
                        ReplicationSetup.ensureSlot(connection, options.slot(), connections.database());
                    }
                } else {
                    snapshot = mode.shouldSnapshotData(offsetExists, inProgress);
                }
                break;
            } catch (SQLException e) {
                if (!retriable(e) || closed || System.nanoTime() > setUpDeadline) {
                    throw new ConnectException("Could not set up publication '" + options.publication()
                            + "' and slot '" + options.slot() + "' on " + connections + ": "
                            + connections.describe(e), e);
                }
                log.warn("Could not reach {} to set up slot '{}' ({}); retrying in {} ms", connections, options.slot(),
                        connections.redact(e.getMessage()), setUpBackoff.toMillis());
                try {
                    Thread.sleep(setUpBackoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ConnectException("Interrupted while waiting for " + connections, interrupted);
                }
                setUpBackoff = setUpBackoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
                        : setUpBackoff.multipliedBy(2);
            }
        }
        running = true;
        thread = new Thread(this::run, "postgres-cdc-" + settings.topicPrefix());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Up to {@code max} queued records, waiting up to {@code wait} for the first; never splits records that share one
     * offset (a delete and its tombstone, a key change), so a poll's batch ends on an offset boundary.
     *
     * @throws ConnectException if the stream failed for good
     */
    public List<SourceChange> poll(int max, Duration wait) throws InterruptedException {
        Throwable failed = failure.get();
        if (failed != null) {
            throw failed instanceof ConnectException connect ? connect
                    : new ConnectException("Replication stream failed: " + failed.getMessage(), failed);
        }
        SourceChange first = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<SourceChange> records = new ArrayList<>();
        records.add(first);
        SourceChange next;
        while ((next = queue.peek()) != null && (records.size() < max
                || (next.sourceOffset().equals(records.get(records.size() - 1).sourceOffset())
                        && !SnapshotOffsets.isSnapshotOffset(next.sourceOffset())))) {
            records.add(queue.poll());
        }
        return records;
    }

    /** Whether no record waits in the queue. */
    public boolean isQueueEmpty() {
        return queue.isEmpty();
    }

    /**
     * The offset as of the last Commit streamed, with every record before it already queued (read it, then check
     * {@link #isQueueEmpty()}, to know all were polled); null before the first Commit.
     */
    public Map<String, Object> committedPosition() {
        return committedPosition.get();
    }

    /** Asks the stream to confirm {@code lsn} as flushed (monotonic; sent with the next status update). */
    public void flush(long lsn) {
        flushRequest.accumulateAndGet(lsn, Math::max);
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            this.running = false;
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            if (snapshot) {
                snapshot();
            }
        } catch (InterruptedException e) {
            return;
        } catch (SQLException e) {
            if (running) {
                failure.set(new ConnectException("The snapshot of " + connections + " failed: "
                        + connections.redact(e.getMessage()), e));
            }
            return;
        } catch (RuntimeException | Error e) {
            if (running) {
                failure.set(e);
            }
            return;
        }
        if (!options.snapshotMode().shouldStream()) {
            log.info("snapshot.mode={}: not streaming", options.snapshotMode().value());
            return;
        }
        Duration backoff = MIN_BACKOFF;
        while (running) {
            try {
                stream();
                return;
            } catch (SQLException | RuntimeException failed) {
                if (!running) {
                    return;
                }
                // The catalog connection (read on a Relation message) fails like the replication connection when
                // PostgreSQL restarts, wrapped by CatalogReader: a reconnect, not the end of the task.
                SQLException e = failed instanceof SQLException sql ? sql : retriableCause(failed);
                if (e == null) {
                    failure.set(failed);
                    return;
                }
                if (!retriable(e)) {
                    if (!recoverLostSlot(e)) {
                        return;
                    }
                    backoff = MIN_BACKOFF;
                    continue;
                }
                log.warn("Replication from slot '{}' on {} interrupted ({}); reconnecting in {} ms", options.slot(),
                        connections, connections.redact(e.getMessage()), backoff.toMillis());
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                return;
            } catch (Error e) {
                if (running) {
                    failure.set(e);
                }
                return;
            }
        }
    }

    /** The retriable SQLException {@code failure} wraps, or null. */
    static SQLException retriableCause(Throwable failure) {
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SQLException sql && retriable(sql)) {
                return sql;
            }
        }
        return null;
    }

    /**
     * After a session failed for good: if the slot is gone or invalidated (dropped by an operator, or
     * {@code max_slot_wal_keep_size} exceeded while the task was behind), {@code when_needed} takes a fresh snapshot
     * and streaming goes on (true); otherwise the task fails with what happened and what to do.
     */
    private boolean recoverLostSlot(SQLException cause) {
        ReplicationSetup.SlotState slot;
        try (Connection connection = connections.open()) {
            slot = ReplicationSetup.slotState(connection, options.slot(), connections.database());
        } catch (SQLException e) {
            slot = new ReplicationSetup.SlotState(null, false);
            cause.addSuppressed(e);
        }
        boolean lost = slot == null || slot.lost();
        if (!lost) {
            failure.set(new ConnectException("Replication from slot '" + options.slot() + "' on " + connections
                    + " failed: " + connections.redact(cause.getMessage()), cause));
            return false;
        }
        Map<String, ?> position = resumeOffset;
        if (!options.snapshotMode().shouldSnapshotOnDataError()) {
            failure.set(new ConnectException(slotUnavailable(options.slot(), position, slot), cause));
            return false;
        }
        log.warn("Slot '{}' {} while streaming at {}; snapshot.mode=when_needed: taking a new snapshot",
                options.slot(), slot == null ? "disappeared" : "was invalidated", position);
        try {
            snapshot();
            return running;
        } catch (InterruptedException e) {
            return false;
        } catch (SQLException e) {
            if (running) {
                failure.set(new ConnectException("The snapshot of " + connections + " after slot '" + options.slot()
                        + "' was lost failed: " + connections.redact(e.getMessage()), e));
            }
            return false;
        }
    }

    /** Debezium's "no longer available" failure, naming the slot and the ways out. */
    static String slotUnavailable(String slotName, Map<String, ?> position, ReplicationSetup.SlotState slot) {
        String state = slot == null ? "does not exist (dropped?)"
                : slot.lost() ? "was invalidated (wal_status lost: the server removed WAL it still needed)"
                : "no longer has that position (restart_lsn " + LogSequenceNumber.valueOf(slot.restartLsn()).asString()
                        + ")";
        return "The connector's position " + position + " cannot be read: replication slot '" + slotName
                + "' (slot.name) " + state + ", so changes after that position are lost. Use snapshot.mode=when_needed"
                + " to take a new snapshot automatically, or delete the connector's offsets and restart it";
    }

    /**
     * The consistent snapshot. Streaming modes: drops the slot if it exists (the snapshot replaces whatever it
     * retained), creates it over a replication connection with {@code EXPORT_SNAPSHOT}, and reads every captured
     * table in a REPEATABLE READ transaction on that snapshot ({@code SET TRANSACTION SNAPSHOT}) while the
     * replication connection stays open and idle (the exported snapshot lives as long as it does); streaming then
     * starts at the slot's consistent point, so each change is either in the snapshot or streamed, never both, never
     * neither. {@code initial_only}: a plain REPEATABLE READ transaction, no slot.
     */
    private void snapshot() throws SQLException, InterruptedException {
        SnapshotReader reader = new SnapshotReader(settings, options.filter(), options.tableIncludeList(),
                Map.of(ChangeStreamAssembler.PARTITION_KEY, settings.topicPrefix()), clock,
                options.snapshotFetchSize(), options.snapshotLockTimeout());
        Map<String, Object> end;
        if (options.snapshotMode().shouldStream()) {
            dropSlot();
            try (Connection replication = connections.openReplication();
                    Connection transaction = connections.open()) {
                String snapshotName;
                long consistentPoint;
                try (Statement statement = replication.createStatement();
                        ResultSet created = statement.executeQuery("CREATE_REPLICATION_SLOT "
                                + ReplicationSetup.quote(options.slot()) + " LOGICAL pgoutput EXPORT_SNAPSHOT")) {
                    created.next();
                    consistentPoint = LogSequenceNumber.valueOf(created.getString("consistent_point")).asLong();
                    snapshotName = created.getString("snapshot_name");
                }
                log.info("Created replication slot '{}' (pgoutput) at {} exporting snapshot {}", options.slot(),
                        LogSequenceNumber.valueOf(consistentPoint).asString(), snapshotName);
                transaction.setAutoCommit(false);
                try (Statement statement = transaction.createStatement()) {
                    statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    statement.execute("SET TRANSACTION SNAPSHOT '" + snapshotName.replace("'", "''") + "'");
                }
                end = reader.read(transaction, consistentPoint, () -> running, this::enqueueSnapshot);
                transaction.rollback();
            }
        } else {
            try (Connection transaction = connections.open()) {
                transaction.setAutoCommit(false);
                long lsn;
                try (Statement statement = transaction.createStatement()) {
                    statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    try (ResultSet result = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                        result.next();
                        lsn = LogSequenceNumber.valueOf(result.getString(1)).asLong();
                    }
                }
                end = reader.read(transaction, lsn, () -> running, this::enqueueSnapshot);
                transaction.rollback();
            }
        }
        log.info("Snapshot completed; offset {}", end);
        resumeOffset = end;
        committedPosition.set(end);
    }

    private void enqueueSnapshot(SourceChange change) throws InterruptedException {
        while (!queue.offer(change, 1, TimeUnit.SECONDS)) {
            if (!running) {
                throw new InterruptedException("stopping");
            }
        }
        resumeOffset = change.sourceOffset();
    }

    /** Drops the slot if it exists, waiting (with backoff) while a stopped task's session still holds it. */
    private void dropSlot() throws SQLException, InterruptedException {
        Duration backoff = MIN_BACKOFF;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection connection = connections.open()) {
                if (ReplicationSetup.dropSlotIfExists(connection, options.slot())) {
                    log.info("Dropped replication slot '{}' to create it anew with an exported snapshot",
                            options.slot());
                }
                return;
            } catch (SQLException e) {
                if (!"55006".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.info("Slot '{}' is still active; retrying the drop in {} ms", options.slot(), backoff.toMillis());
                if (!pause(backoff)) {
                    throw new InterruptedException("stopping");
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Debezium's {@code PostgresConnection.validateLogPosition}: the slot exists (and is not invalidated) and its
     * restart_lsn is at or before the stored {@code lsn_proc} (a stored offset without one is taken as available).
     */
    static boolean positionAvailable(Map<String, ?> stored, ReplicationSetup.SlotState slot) {
        if (slot == null || slot.lost()) {
            return false;
        }
        Object processed = stored.get(WalPosition.LSN_PROC);
        return processed == null || slot.restartLsn() == null
                || Long.compareUnsigned(slot.restartLsn(), ((Number) processed).longValue()) <= 0;
    }

    /** One session: connect, stream until stopped or the connection fails. */
    private void stream() throws SQLException, InterruptedException {
        Map<String, ?> resume = resumeOffset;
        ResumeFilter skip = ResumeFilter.of(resume);
        try (Connection catalogConnection = connections.open();
                Connection replication = connections.openReplication()) {
            RelationCache relations = new RelationCache(settings.topicPrefix(), settings.columns(), settings.types(),
                    new CatalogReader(catalogConnection));
            WalPosition position = resume == null ? WalPosition.initial() : WalPosition.fromOffset(resume);
            ChangeStreamAssembler assembler = new ChangeStreamAssembler(settings, relations, clock, position);
            PGDecoderLoop loop = new PGDecoderLoop(replication, resume, relations, assembler, skip);
            loop.run();
        }
    }

    /** The pgjdbc loop of one session. */
    private final class PGDecoderLoop {
        private final PGReplicationStream stream;
        private final RelationCache relations;
        private final ChangeStreamAssembler assembler;
        private final ResumeFilter skip;
        private final PgOutputDecoder decoder = new PgOutputDecoder();
        /**
         * Whether each known relation is captured: the table filter's regular expressions once per relation, not once
         * per change (they showed in the profile); forgotten when a Relation message may rename the table.
         */
        private final Map<Integer, Boolean> capturedRelations = new HashMap<>();
        private long flushed = -1;
        private boolean inTransaction;
        private final Map<String, ?> resume;

        PGDecoderLoop(Connection replication, Map<String, ?> resume, RelationCache relations,
                ChangeStreamAssembler assembler, ResumeFilter skip) throws SQLException {
            Long start = resume == null ? null : resumeLsn(resume);
            this.stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(options.slot())
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", options.publication())
                    .withStartPosition(start == null ? LogSequenceNumber.INVALID_LSN : LogSequenceNumber.valueOf(start))
                    .withStatusInterval(10, TimeUnit.SECONDS)
                    // The slot moves only with offsets Connect stored (Debezium's lsn.flush.mode=connector); idle
                    // positions reach it through heartbeats (keepalivePosition), not behind Connect's back.
                    .withAutomaticFlush(false)
                    .start();
            this.relations = relations;
            this.assembler = assembler;
            this.skip = skip;
            this.resume = resume;
            log.info("Streaming slot '{}' of {} from LSN {}", options.slot(), connections,
                    start == null ? "of the slot" : LogSequenceNumber.valueOf(start).asString());
        }

        void run() throws SQLException, InterruptedException {
            try {
                while (running) {
                    applyFlush();
                    ByteBuffer buffer = stream.readPending();
                    if (buffer == null) {
                        advanceIdlePosition();
                        if (pauseInterrupted()) {
                            return;
                        }
                        continue;
                    }
                    long walLsn = stream.getLastReceiveLSN().asLong();
                    PgOutputMessage message = decoder.decode(buffer);
                    if (message instanceof PgOutputMessage.Begin) {
                        inTransaction = true;
                    }
                    if (!captured(message)) {
                        continue;
                    }
                    message = filteredTruncate(message);
                    for (SourceChange change : assembler.accept(message, walLsn)) {
                        if (skip.skips(change)) {
                            continue;
                        }
                        enqueue(change);
                        resumeOffset = change.sourceOffset();
                    }
                    if (message instanceof PgOutputMessage.Commit) {
                        inTransaction = false;
                        skip.commitSeen();
                        Map<String, Object> offset = assembler.position().offset();
                        resumeOffset = offset;
                        committedPosition.set(offset);
                    }
                }
            } finally {
                try {
                    stream.close();
                } catch (SQLException e) {
                    log.debug("Closing the replication stream failed: {}", connections.redact(e.getMessage()));
                }
            }
        }

        /**
         * Between transactions, with nothing left to skip, the server's keepalives say how far it has decoded (pgjdbc
         * raises {@code getLastReceiveLSN()} to their WAL end): nothing of this database committed before that
         * position is still to come, so a heartbeat may carry it and Connect's commit of that heartbeat confirm it
         * to the slot. Without this, WAL written by other databases (or by tables outside the publication) would pile
         * up behind an idle slot.
         */
        private void advanceIdlePosition() {
            if (inTransaction || skip.active()) {
                return;
            }
            // Before this session's first Commit the stored offset is the last position: the server's first
            // keepalives may report the slot's older confirmed position, which must not move the offset back.
            Map<String, ?> last = committedPosition.get() != null ? committedPosition.get() : resume;
            Map<String, Object> advanced = keepalivePosition(last, stream.getLastReceiveLSN().asLong());
            if (advanced != null) {
                committedPosition.set(advanced);
                resumeOffset = advanced;
            }
        }

        private boolean captured(PgOutputMessage message) {
            int relationId;
            if (message instanceof PgOutputMessage.Insert insert) {
                relationId = insert.relationId();
            } else if (message instanceof PgOutputMessage.Update update) {
                relationId = update.relationId();
            } else if (message instanceof PgOutputMessage.Delete delete) {
                relationId = delete.relationId();
            } else {
                if (message instanceof PgOutputMessage.Relation relation) {
                    capturedRelations.remove(relation.relationId());
                }
                return true;
            }
            Boolean known = capturedRelations.get(relationId);
            if (known != null) {
                return known;
            }
            Optional<TableSchema> schema = relations.get(relationId);
            if (schema.isEmpty()) {
                return true;
            }
            boolean captured = captured(schema.get());
            capturedRelations.put(relationId, captured);
            return captured;
        }

        private boolean captured(TableSchema schema) {
            return options.filter().captures(schema.table().schema(), schema.table().table());
        }

        private PgOutputMessage filteredTruncate(PgOutputMessage message) {
            if (message instanceof PgOutputMessage.Truncate truncate) {
                List<Integer> ids = truncate.relationIds().stream()
                        .filter(id -> relations.get(id).map(this::captured).orElse(false)).toList();
                return new PgOutputMessage.Truncate(truncate.options(), ids);
            }
            return message;
        }

        private void enqueue(SourceChange change) throws SQLException, InterruptedException {
            while (!queue.offer(change, 1, TimeUnit.SECONDS)) {
                if (!running) {
                    throw new InterruptedException("stopping");
                }
                applyFlush();
                stream.forceUpdateStatus(); // keeps the walsender from timing out while Connect catches up
            }
        }

        private void applyFlush() throws SQLException {
            long requested = flushRequest.get();
            if (requested > flushed) {
                LogSequenceNumber lsn = LogSequenceNumber.valueOf(requested);
                stream.setFlushedLSN(lsn);
                stream.setAppliedLSN(lsn);
                stream.forceUpdateStatus();
                flushed = requested;
                log.debug("Confirmed LSN {} as flushed on slot '{}'", lsn.asString(), options.slot());
            }
        }

        private boolean pauseInterrupted() {
            return !pause(IDLE_PAUSE);
        }
    }

    /**
     * The offset of an idle stream that the server has decoded up to {@code serverLsn}: the last streamed position
     * (a Commit's offset; nothing, or a snapshot's end, before the first one) with {@code lsn}, {@code lsn_proc} and
     * {@code lsn_commit} moved to {@code serverLsn} and no snapshot keys, so a restart resumes there and the flush
     * rule ({@code lsn_commit}) confirms it. Null when that is not ahead of the last position.
     */
    static Map<String, Object> keepalivePosition(Map<String, ?> last, long serverLsn) {
        if (serverLsn == 0) {
            return null;
        }
        Long lastLsn = last == null ? null : resumeLsn(last);
        if (lastLsn != null && Long.compareUnsigned(serverLsn, lastLsn) <= 0) {
            return null;
        }
        Map<String, Object> advanced = new java.util.HashMap<>();
        if (last != null && !SnapshotOffsets.isSnapshotOffset(last)) {
            advanced.putAll(last);
        }
        advanced.remove(WalPosition.LSN_EVENTS_PROCESSED);
        advanced.put(WalPosition.LSN, serverLsn);
        advanced.put(WalPosition.LSN_PROC, serverLsn);
        advanced.put(WalPosition.LSN_COMMIT, serverLsn);
        advanced.put(WalPosition.MESSAGE_TYPE, WalPosition.MessageType.COMMIT.name());
        return advanced;
    }

    /**
     * Where a session starts: {@code lsn_commit}, else {@code lsn_proc} (Debezium's flush rule), else, after a
     * snapshot, its {@code lsn} (the slot's consistent point), else the slot's.
     */
    static Long resumeLsn(Map<String, ?> offset) {
        Object commit = offset.get(WalPosition.LSN_COMMIT);
        Object processed = offset.get(WalPosition.LSN_PROC);
        Object lsn = commit != null ? commit : processed != null ? processed
                : SnapshotOffsets.isSnapshotOffset(offset) ? offset.get(WalPosition.LSN) : null;
        return lsn == null ? null : ((Number) lsn).longValue();
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Connection-level failures worth a reconnect (class 08, admin shutdown, slot still held by a stopped task). */
    static boolean retriable(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || "55006".equals(state)
                || state.startsWith("53");
    }

    /**
     * Drops, from the transaction a stored offset stopped inside of, the records already delivered: same txId and
     * ({@code lsn}, {@code lsn_events_processed}) at or before the stored ones; off after the first Commit (the
     * replay starts at that transaction, so later ones are all new).
     */
    static final class ResumeFilter {
        private final Long txId;
        private final long lsn;
        private final long events;
        private boolean active;

        private ResumeFilter(Long txId, long lsn, long events, boolean active) {
            this.txId = txId;
            this.lsn = lsn;
            this.events = events;
            this.active = active;
        }

        static ResumeFilter of(Map<String, ?> offset) {
            if (offset == null || offset.get(WalPosition.LSN) == null || SnapshotOffsets.isSnapshotOffset(offset)
                    || "COMMIT".equals(offset.get(WalPosition.MESSAGE_TYPE))) {
                return new ResumeFilter(null, 0, 0, false);
            }
            Object tx = offset.get(WalPosition.TX_ID);
            Object count = offset.get(WalPosition.LSN_EVENTS_PROCESSED);
            return new ResumeFilter(tx == null ? null : ((Number) tx).longValue(),
                    ((Number) offset.get(WalPosition.LSN)).longValue(),
                    count == null ? 0 : ((Number) count).longValue(), true);
        }

        boolean skips(SourceChange change) {
            if (!active) {
                return false;
            }
            Map<String, Object> offset = change.sourceOffset();
            if (!Objects.equals(txId, Optional.ofNullable((Number) offset.get(WalPosition.TX_ID))
                    .map(Number::longValue).orElse(null))) {
                return false;
            }
            long recordLsn = ((Number) offset.get(WalPosition.LSN)).longValue();
            Object count = offset.get(WalPosition.LSN_EVENTS_PROCESSED);
            long recordEvents = count == null ? 0 : ((Number) count).longValue();
            return recordLsn < lsn || (recordLsn == lsn && recordEvents <= events);
        }

        void commitSeen() {
            active = false;
        }

        boolean active() {
            return active;
        }
    }
}
