package dev.tiered.connect.s3;

import static dev.tiered.connect.s3.SinkTestSupport.dataKeys;
import static dev.tiered.connect.s3.SinkTestSupport.markerKeys;
import static dev.tiered.connect.s3.SinkTestSupport.parse;
import static dev.tiered.connect.s3.SinkTestSupport.writtenOffsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiered.connect.s3.layout.ObjectKey;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The sink on a real Connect cluster writing to s3proxy: batching by records, object names, committed offsets. */
class S3ParquetSinkIT {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final S3TestServer S3 = S3TestServer.shared();

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();

    @Test
    void fullBatchesLandAsOneObjectEachAndOnlyTheirOffsetsAreCommitted() throws Exception {
        String topic = TestNames.unique("events");
        String bucket = S3.createBucket("sink");
        cluster.createTopic(topic, 3);
        for (int partition = 0; partition < 3; partition++) {
            for (int i = 0; i < 250; i++) {
                String value = "{\"id\":" + (partition * 1000 + i) + ",\"name\":\"event-" + i + "\",\"amount\":"
                        + (i * 1.5) + "}";
                cluster.producer().send(new ProducerRecord<>(topic, partition,
                        ("k" + i).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
            }
        }
        cluster.producer().flush();

        Map<String, String> config = SinkTestSupport.sinkConfig(S3, bucket, topic, 2);
        String connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 2, TIMEOUT);

        SinkTestSupport.awaitWhileHealthy(cluster, connector, "two full batches per partition in S3", TIMEOUT,
                () -> dataKeys(S3, bucket).size() == 6);
        List<String> keys = dataKeys(S3, bucket);
        for (String key : keys) {
            ObjectKey parsed = parse(key);
            assertThat(key).startsWith(SinkTestSupport.TOPICS_DIR + "/" + topic + "/partition=" + parsed.kafkaPartition()
                    + "/");
            assertThat(parsed.endOffset() - parsed.startOffset()).isEqualTo(99);
            assertThat(parsed.startOffset() % 100).isZero();
        }
        Map<Integer, Map<Long, Integer>> written = writtenOffsets(S3, bucket, topic);
        assertThat(written).containsOnlyKeys(0, 1, 2);
        for (Map<Long, Integer> offsets : written.values()) {
            assertThat(offsets.keySet()).hasSize(200).allMatch(o -> o >= 0 && o < 200);
            assertThat(offsets.values()).containsOnly(1);
        }
        assertThat(markerKeys(S3, bucket)).as("one marker per partition: the previous is deleted").hasSize(3);

        // The open third batch (50 records per partition) is not committed to Kafka: only offsets in S3 are.
        await("consumer offsets at the end of the last complete batch").atMost(TIMEOUT).untilAsserted(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                    .listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
            assertThat(committed.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(),
                    e -> e.getValue().offset()))).isEqualTo(Map.of(0, 200L, 1, 200L, 2, 200L));
        });
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }
}
