package dev.tiered.connect.cdc.postgres;

import dev.tiered.connect.cdc.postgres.event.ChangeEvent;
import dev.tiered.connect.cdc.postgres.stream.ChangeStreamAssembler;
import dev.tiered.connect.cdc.postgres.stream.ReplicationStream;
import dev.tiered.connect.cdc.postgres.stream.SourceChange;
import dev.tiered.connect.cdc.postgres.stream.WalPosition;
import dev.tiered.connect.common.PackVersion;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the {@link ReplicationStream}'s queue into Connect records with Debezium's partition
 * ({@code {"server": topic.prefix}}) and offsets, adds heartbeats while idle, and, when Connect has committed
 * offsets, confirms the committed offset's {@code lsn_commit} (else {@code lsn_proc}) to the slot, as Debezium's
 * {@code PostgresConnectorTask.commit}/{@code PostgresStreamingChangeEventSource.commitOffset} do.
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

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new PostgresCdcConfig(props);
        config.requireSupportedSnapshotMode();
        partition = Map.of(ChangeStreamAssembler.PARTITION_KEY, config.topicPrefix());
        Map<String, Object> stored = context.offsetStorageReader().offset(partition);
        log.info("Starting PostgreSQL CDC task of '{}' from {}", config.topicPrefix(),
                stored == null ? "the slot's position" : "stored offset " + stored);
        stream = new ReplicationStream(config.connections(), new ReplicationStream.Options(config.slotName(),
                config.publicationName(), config.publicationMode(), config.tableFilter(), config.maxQueueSize(),
                config.snapshotModeValue(), config.tableIncludeList(), config.snapshotFetchSize(),
                config.snapshotLockTimeout()),
                config.streamSettings(), stored, clock);
        stream.start();
        scheduleHeartbeat();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceChange> changes = stream.poll(config.maxBatchSize(), config.pollInterval());
        List<SourceRecord> records = new ArrayList<>(changes.size());
        for (SourceChange change : changes) {
            ChangeEvent event = change.event();
            records.add(new SourceRecord(change.sourcePartition(), change.sourceOffset(), event.topic(), null,
                    event.keySchema(), event.key(), event.valueSchema(), event.value(), null, change.headers()));
        }
        if (records.isEmpty()) {
            heartbeat().ifPresent(records::add);
        } else {
            scheduleHeartbeat();
        }
        return records.isEmpty() ? null : records;
    }

    /** A heartbeat when due and everything up to the last streamed Commit was polled, with that Commit's offset. */
    private java.util.Optional<SourceRecord> heartbeat() {
        if (config.heartbeatInterval().isZero() || clock.millis() < nextHeartbeat) {
            return java.util.Optional.empty();
        }
        Map<String, Object> offset = stream.committedPosition();
        scheduleHeartbeat();
        if (offset == null || !stream.isQueueEmpty() || offset.equals(lastHeartbeatOffset)) {
            return java.util.Optional.empty();
        }
        lastHeartbeatOffset = offset;
        Struct key = new Struct(HEARTBEAT_KEY_SCHEMA).put("serverName", config.topicPrefix());
        Struct value = new Struct(HEARTBEAT_VALUE_SCHEMA).put("ts_ms", clock.millis());
        return java.util.Optional.of(new SourceRecord(partition, offset,
                HEARTBEAT_TOPIC_PREFIX + config.topicPrefix(), 0, HEARTBEAT_KEY_SCHEMA, key, HEARTBEAT_VALUE_SCHEMA,
                value));
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
        ReplicationStream current = stream;
        if (current != null) {
            current.close();
        }
    }


}
