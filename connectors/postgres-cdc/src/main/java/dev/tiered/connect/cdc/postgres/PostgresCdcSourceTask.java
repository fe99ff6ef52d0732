package dev.tiered.connect.cdc.postgres;

import dev.tiered.connect.cdc.postgres.event.ChangeEvent;
import dev.tiered.connect.cdc.postgres.stream.ChangeStreamAssembler;
import dev.tiered.connect.cdc.postgres.stream.ReplicationStream;
import dev.tiered.connect.cdc.postgres.stream.SourceChange;
import dev.tiered.connect.cdc.postgres.stream.WalPosition;
import dev.tiered.connect.common.PackVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the {@link ReplicationStream}'s queue into Connect records with Debezium's partition
 * ({@code {"server": topic.prefix}}), offsets and context headers, adds heartbeats while idle (running
 * {@code heartbeat.action.query} with each), and, when Connect has committed offsets, confirms the committed offset's
 * {@code lsn_commit} (else {@code lsn_proc}) to the slot, as Debezium's
 * {@code PostgresConnectorTask.commit}/{@code PostgresStreamingChangeEventSource.commitOffset} do. A heartbeat's
 * offset is the position the server has decoded to (its keepalives), so the slot advances while only other databases
 * write. At most {@code max.in.flight.records} records are in flight in Connect ({@link InFlightRecords}): a poll
 * returns none after waiting {@code poll.interval.ms} while that many await the producer's acknowledgement.
 */
public class PostgresCdcSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(PostgresCdcSourceTask.class);

    /** Debezium's heartbeat record schemas ({@code SchemaFactory}). */
    static final Schema HEARTBEAT_KEY_SCHEMA = SchemaBuilder.struct()
            .name("io.debezium.connector.common.ServerNameKey").version(1)
            .field("serverName", Schema.STRING_SCHEMA).build();
    static final Schema HEARTBEAT_VALUE_SCHEMA = SchemaBuilder.struct()
            .name("io.debezium.connector.common.Heartbeat").version(1)
            .field("ts_ms", Schema.INT64_SCHEMA).build();
    static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat.";

    private PostgresCdcConfig config;
    private Map<String, String> partition;
    private ReplicationStream stream;
    private Clock clock = Clock.systemUTC();
    private long nextHeartbeat;
    private Map<String, Object> lastHeartbeatOffset;
    private DebeziumContextHeaders contextHeaders;
    /** Opened by poll, closed by stop (another thread): volatile, and stop wins. */
    private volatile Connection heartbeatConnection;
    private volatile boolean stopping;
    /** Set by start; commitRecord runs on producer threads. */
    private volatile InFlightRecords inFlight = new InFlightRecords(0);

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new PostgresCdcConfig(props);
        config.requireSupportedSnapshotMode();
        inFlight = new InFlightRecords(config.maxInFlightRecords());
        if (stopping) {
            inFlight.close();
        }
        partition = Map.of(ChangeStreamAssembler.PARTITION_KEY, config.topicPrefix());
        Map<String, Object> stored = context.offsetStorageReader().offset(partition);
        log.info("Starting PostgreSQL CDC task of '{}' from {}", config.topicPrefix(),
                stored == null ? "the slot's position" : "stored offset " + stored);
        stream = new ReplicationStream(config.connections(), new ReplicationStream.Options(config.slotName(),
                config.publicationName(), config.publicationMode(), config.tableFilter(), config.maxQueueSize(),
                config.snapshotModeValue(), config.tableIncludeList(), config.snapshotFetchSize(),
                config.snapshotLockTimeout()),
                config.streamSettings(), stored, clock);
        contextHeaders = config.extendedHeadersEnabled()
                ? new DebeziumContextHeaders(config.topicPrefix(), UUID.randomUUID()) : null;
        stream.start();
        scheduleHeartbeat();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long deadline = System.nanoTime() + config.pollInterval().toNanos();
        int room = inFlight.awaitRoom(config.pollInterval());
        if (room == 0) {
            return null;
        }
        Duration wait = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        List<SourceChange> changes = stream.poll(Math.min(config.maxBatchSize(), room), wait);
        List<SourceRecord> records = new ArrayList<>(changes.size());
        for (SourceChange change : changes) {
            ChangeEvent event = change.event();
            records.add(new SourceRecord(change.sourcePartition(), change.sourceOffset(), event.topic(), null,
                    event.keySchema(), event.key(), event.valueSchema(), event.value(), null,
                    contextHeaders == null ? change.headers() : contextHeaders.with(change.headers())));
        }
        if (heartbeatDue()) {
            scheduleHeartbeat();
            runHeartbeatAction();
            if (records.isEmpty()) {
                heartbeat().ifPresent(records::add);
            }
        }
        if (records.isEmpty()) {
            return null;
        }
        inFlight.polled(records.size());
        return records;
    }

    /**
     * Connect calls this for every record it took from poll: after the producer's acknowledgement (exactly-once: after
     * the transaction's commit), with null metadata when a transform dropped it or a failed send was tolerated.
     */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        inFlight.acknowledged();
    }

    private boolean heartbeatDue() {
        return !config.heartbeatInterval().isZero() && clock.millis() >= nextHeartbeat;
    }

    /**
     * A heartbeat record when everything up to the stream's last position was polled, with that position's offset
     * (the last streamed Commit, or further if the server reported decoding further) — unless it was sent already.
     */
    private Optional<SourceRecord> heartbeat() {
        Map<String, Object> offset = stream.committedPosition();
        if (offset == null || !stream.isQueueEmpty() || offset.equals(lastHeartbeatOffset)) {
            return Optional.empty();
        }
        lastHeartbeatOffset = offset;
        Struct key = new Struct(HEARTBEAT_KEY_SCHEMA).put("serverName", config.topicPrefix());
        Struct value = new Struct(HEARTBEAT_VALUE_SCHEMA).put("ts_ms", clock.millis());
        return Optional.of(new SourceRecord(partition, offset,
                HEARTBEAT_TOPIC_PREFIX + config.topicPrefix(), 0, HEARTBEAT_KEY_SCHEMA, key, HEARTBEAT_VALUE_SCHEMA,
                value));
    }

    /**
     * {@code heartbeat.action.query} on the captured database, as Debezium's {@code DatabaseHeartbeatImpl}: a failure
     * is logged (SQLState only) and the next heartbeat tries again on a new connection.
     */
    private void runHeartbeatAction() {
        Optional<String> query = config.heartbeatActionQuery();
        if (query.isEmpty() || stopping) {
            return;
        }
        try {
            Connection connection = heartbeatConnection;
            if (connection == null || connection.isClosed()) {
                connection = config.connections().open();
                connection.setAutoCommit(true);
                heartbeatConnection = connection;
                if (stopping) {
                    closeHeartbeatConnection();
                    return;
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(query.get());
            }
        } catch (SQLException e) {
            log.error("Could not execute the heartbeat action query (SQLState {}): {}", e.getSQLState(),
                    config.connections().redact(e.getMessage()));
            closeHeartbeatConnection();
        }
    }

    private void closeHeartbeatConnection() {
        Connection connection = heartbeatConnection;
        heartbeatConnection = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing the heartbeat connection failed (SQLState {})", e.getSQLState());
            }
        }
    }

    private void scheduleHeartbeat() {
        nextHeartbeat = clock.millis() + config.heartbeatInterval().toMillis();
    }

    /** Confirms to the slot what Connect stored: {@code lsn_commit}, else {@code lsn_proc}, of the stored offset. */
    @Override
    public void commit() {
        ReplicationStream current = stream;
        if (current == null) {
            return;
        }
        Map<String, Object> stored = context.offsetStorageReader().offset(partition);
        if (stored == null) {
            return;
        }
        Object commitLsn = stored.get(WalPosition.LSN_COMMIT);
        Object lsn = commitLsn != null ? commitLsn : stored.get(WalPosition.LSN_PROC);
        if (lsn != null) {
            current.flush(((Number) lsn).longValue());
        }
    }

    @Override
    public void stop() {
        stopping = true;
        inFlight.close();
        ReplicationStream current = stream;
        if (current != null) {
            current.close();
        }
        closeHeartbeatConnection();
    }

}
