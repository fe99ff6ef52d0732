package dev.tiered.connect.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.s3.layout.ObjectKey;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.example.data.Group;

/** Producing JSON records and reading back what the sink committed, for the rotation and layout ITs. */
final class SinkReadBack {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SinkReadBack() {
    }

    /** One data object as stored: its key, what the key says, and its rows. */
    record StoredObject(String key, ObjectKey name, List<Group> rows) {

        int kafkaPartition() {
            return name.kafkaPartition();
        }

        List<Long> offsets() {
            return rows.stream().map(row -> row.getLong("_kafka_offset", 0)).toList();
        }

        /** The string column {@code field} of every row; null where the row has no value. */
        List<String> strings(String field) {
            List<String> values = new ArrayList<>();
            for (Group row : rows) {
                boolean present = row.getType().containsField(field) && row.getFieldRepetitionCount(field) > 0;
                values.add(present ? row.getString(field, 0) : null);
            }
            return values;
        }
    }

    /** Every data object of {@code topic} in {@code bucket}, in listing (key) order, with its rows. */
    static List<StoredObject> objects(S3TestServer s3, String bucket, String topic) {
        List<StoredObject> objects = new ArrayList<>();
        for (String key : SinkTestSupport.dataKeys(s3, bucket)) {
            ObjectKey name = SinkTestSupport.parse(key);
            if (name.topic().equals(topic)) {
                objects.add(new StoredObject(key, name, SinkTestSupport.rows(s3, bucket, key)));
            }
        }
        return objects;
    }

    /** The consumer offsets Connect committed for {@code connector}, by partition. */
    static Map<Integer, Long> committedOffsets(ConnectTestCluster cluster, String connector)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                .listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
        Map<Integer, Long> offsets = new TreeMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                offsets.put(tp.partition(), offset.offset());
            }
        });
        return offsets;
    }

    /**
     * Sends {@code value} as JSON to {@code topic}/{@code partition}, with Kafka timestamp {@code timestamp} (or now),
     * and waits for the broker's ack so a refused record fails the test here rather than as a missing object later.
     */
    static void send(ConnectTestCluster cluster, String topic, int partition, Long timestamp, Map<String, ?> value)
            throws ExecutionException, InterruptedException {
        try {
            byte[] bytes = JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
            cluster.producer().send(new ProducerRecord<>(topic, partition, timestamp, null, bytes)).get();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
