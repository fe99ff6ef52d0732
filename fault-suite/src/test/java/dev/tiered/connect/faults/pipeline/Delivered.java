package dev.tiered.connect.faults.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.parquet.example.data.Group;

/**
 * What the pipeline delivered, read back where consumers read it: the hot topics with {@code read_committed}, the
 * cold topics likewise (what the sink should have stored), and the sink's Parquet objects in S3.
 */
public final class Delivered {

    public static final Map<String, Object> READ_COMMITTED = Map.of("isolation.level", "read_committed");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A PostgreSQL change as delivered: where (a topic, or s3:topic), its row identity, op and LSN. */
    public record ChangeSeen(String where, String table, int pk, int version, String op, long lsn) {
        /** Same naming as {@link CdcWriter.Change#id()}. */
        public String id() {
            return table + "/" + pk + "/" + version + "/" + op;
        }

        public String pkAndLsn() {
            return table + "/" + pk + "@" + lsn;
        }
    }

    /** One row of a data object: the Kafka coordinates the sink stored with it, and the row. */
    public record StoredRow(String key, String topic, int partition, long offset, Group row) {
    }

    private Delivered() {
    }

    /** Debezium envelopes (JSON with schemas) of committed records in {@code topic}; tombstones skipped. */
    public static List<ChangeSeen> changesOnTopic(ConnectTestCluster cluster, String topic, Duration timeout) {
        List<ChangeSeen> changes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.consumeAll(topic, timeout, READ_COMMITTED)) {
            if (record.value() == null) {
                continue;
            }
            JsonNode payload = json(record.value()).get("payload");
            String op = payload.get("op").asText();
            JsonNode row = op.equals("d") ? payload.get("before") : payload.get("after");
            JsonNode source = payload.get("source");
            changes.add(new ChangeSeen(topic, source.get("table").asText(), row.get("id").asInt(),
                    row.get("version").asInt(), op, source.get("lsn").asLong()));
        }
        return changes;
    }

    /** The {@code event_id} of every committed record in {@code topic}. */
    public static List<String> eventIdsOnTopic(ConnectTestCluster cluster, String topic, Duration timeout) {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.consumeAll(topic, timeout, READ_COMMITTED)) {
            ids.add(json(record.value()).get("event_id").asText());
        }
        return ids;
    }

    /** Per partition, the offset of the last committed record with a value (the sink ignores tombstones). */
    public static Map<Integer, Long> lastValueOffsets(ConnectTestCluster cluster, String topic, Duration timeout) {
        Map<Integer, Long> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.consumeAll(topic, timeout, READ_COMMITTED)) {
            if (record.value() != null) {
                last.merge(record.partition(), record.offset(), Math::max);
            }
        }
        return last;
    }

    /** Keys of the sink's data objects under {@code topicsDir} (not its markers or staging objects). */
    public static List<String> dataKeys(S3TestServer s3, String bucket, String topicsDir) {
        return s3.keys(bucket, topicsDir + "/").stream()
                .filter(key -> key.endsWith(".parquet") && !key.contains("/_tiered/")).toList();
    }

    /**
     * Per topic and partition, the highest end offset named by a data object's key
     * ({@code <topic>+<partition>+<start>+<end>.parquet}).
     */
    public static Map<String, Long> lastOffsetsInS3(S3TestServer s3, String bucket, String topicsDir) {
        Map<String, Long> last = new HashMap<>();
        for (String key : dataKeys(s3, bucket, topicsDir)) {
            String[] parts = key.substring(key.lastIndexOf('/') + 1, key.length() - ".parquet".length()).split("\\+");
            last.merge(parts[0] + "/" + parts[1], Long.parseLong(parts[3]), Math::max);
        }
        return last;
    }

    /** Every row of every data object under {@code topicsDir}. */
    public static List<StoredRow> rows(S3TestServer s3, String bucket, String topicsDir) {
        List<StoredRow> rows = new ArrayList<>();
        for (String key : dataKeys(s3, bucket, topicsDir)) {
            try {
                for (Group row : ParquetRows.read(s3.get(bucket, key))) {
                    rows.add(new StoredRow(key, ParquetRows.string(row, "_kafka_topic"),
                            ParquetRows.int32(row, "_kafka_partition"), ParquetRows.int64(row, "_kafka_offset"), row));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the Parquet object " + key, e);
            }
        }
        return rows;
    }

    /** A stored change row (the sink's Debezium unwrapping: the row plus {@code __op} and {@code __source_lsn}). */
    public static ChangeSeen change(StoredRow stored) {
        String topic = stored.topic();
        // <prefix>.public.<table>.cold
        String[] parts = topic.split("\\.");
        String table = parts[parts.length - 2];
        Group row = stored.row();
        return new ChangeSeen("s3:" + topic, table, ParquetRows.int32(row, "id"), ParquetRows.int32(row, "version"),
                ParquetRows.string(row, "__op"), ParquetRows.int64(row, "__source_lsn"));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
