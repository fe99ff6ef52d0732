package dev.tiered.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared Kafka + Connect cluster, for real: REST API, topics, clients, and stock connectors moving data. */
class ConnectTestClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static final String FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";

    private static ConnectTestCluster cluster;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startSharedCluster() {
        long begin = System.nanoTime();
        cluster = ConnectTestCluster.shared();
        System.out.printf("[testkit] shared Kafka + Connect (1 broker, 2 workers): start %d ms, first shared() call %d ms%n",
                cluster.startupDuration().toMillis(), Duration.ofNanos(System.nanoTime() - begin).toMillis());
    }

    @Test
    void sharedClusterIsOnePerJvmAndServesTheRestApi() throws Exception {
        assertThat(ConnectTestCluster.shared()).isSameAs(cluster);
        assertThat(cluster.isShared()).isTrue();
        assertThat(cluster.connect().workers()).hasSize(ConnectTestCluster.DEFAULT_WORKERS);
        assertThat(cluster.restUrls()).hasSize(2).allMatch(url -> url.startsWith("http://") && url.endsWith("/"));
        assertThat(cluster.bootstrapServers()).isNotBlank();

        String plugins = cluster.connect().requestGet(cluster.connect().endpointForResource("connector-plugins"))
                .getEntity().toString();
        List<String> classes = new ArrayList<>();
        JSON.readTree(plugins).forEach(plugin -> classes.add(plugin.path("class").asText()));
        assertThat(classes).contains(FILE_SOURCE, FILE_SINK);

        // The REST URL works for any HTTP client, not only Kafka's test helpers.
        HttpResponse<String> root = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(cluster.restUrl())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(root.body()).path("version").asText()).startsWith("4.3");

        // close() on the shared cluster must not stop it for the other tests.
        cluster.close();
        assertThat(cluster.connect().anyWorkersHealthy()).isTrue();
    }

    @Test
    void producesAndConsumesOnAnAutoCreatedTopic() {
        String topic = TestNames.unique("auto-created");
        assertThat(cluster.countRecords(topic)).as("unknown topic").isZero();

        for (int i = 0; i < 25; i++) {
            cluster.produce(topic, "key-" + i, "value-" + i);
        }

        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume(topic, 25, Duration.ofSeconds(30));
        assertThat(records).hasSize(25);
        assertThat(records).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "value-" + i).toList());
        assertThat(cluster.countRecords(topic)).isEqualTo(25);
        assertThat(cluster.consumeAll(topic, Duration.ofSeconds(30))).hasSize(25);
    }

    @Test
    void readingNeverCreatesTheTopic() {
        String topic = TestNames.unique("never-written");
        assertThat(cluster.consumeAll(topic, Duration.ofSeconds(10))).isEmpty();
        assertThatThrownBy(() -> cluster.consume(topic, 1, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not appear");
        assertThat(cluster.connect().kafka().describeTopics(topic).get(topic)).isEmpty();
    }

    @Test
    void consumeSaysHowManyRecordsArrivedWhenTooFewDo() {
        String topic = TestNames.unique("too-few");
        cluster.produce(topic, null, "only one");
        assertThatThrownBy(() -> cluster.consume(topic, 3, Duration.ofSeconds(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected at least 3 record(s)")
                .hasMessageContaining("but read 1");
    }

    @Test
    void createsTopicsWithPartitions() {
        String topic = TestNames.unique("three-partitions");
        cluster.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));
        assertThat(cluster.connect().kafka().describeTopics(topic).get(topic))
                .hasValueSatisfying(description -> assertThat(description.partitions()).hasSize(3));
        assertThatThrownBy(() -> cluster.createTopic(topic, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("TopicExistsException");
    }

    @Test
    void fileSourceAndSinkConnectorsMoveRecordsThroughTheWorkers() throws IOException {
        Path input = tempDir.resolve("input.txt");
        Path output = tempDir.resolve("output.txt");
        List<String> lines = IntStream.range(0, 50).mapToObj(i -> "line " + i).toList();
        Files.write(input, lines);
        String topic = TestNames.unique("file-lines");
        String source = TestNames.unique("file-source");
        String sink = TestNames.unique("file-sink");

        Map<String, String> sourceConfig = new HashMap<>(ConnectTestCluster.stringConverters());
        sourceConfig.put("connector.class", FILE_SOURCE);
        sourceConfig.put("tasks.max", "1");
        sourceConfig.put("file", input.toString());
        sourceConfig.put("topic", topic);
        cluster.connect().configureConnector(source, sourceConfig);
        cluster.awaitConnectorAndTasksRunning(source, 1, Duration.ofSeconds(60));

        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume(topic, lines.size(), Duration.ofSeconds(60));
        assertThat(records).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(lines);

        Map<String, String> sinkConfig = new HashMap<>(ConnectTestCluster.stringConverters());
        sinkConfig.put("connector.class", FILE_SINK);
        sinkConfig.put("tasks.max", "1");
        sinkConfig.put("file", output.toString());
        sinkConfig.put("topics", topic);
        cluster.connect().configureConnector(sink, sinkConfig);
        cluster.awaitConnectorAndTasksRunning(sink, 1, Duration.ofSeconds(60));
        await("sink file has every line").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(output) && Files.readAllLines(output).size() >= lines.size());
        assertThat(Files.readAllLines(output)).containsExactlyElementsOf(lines);

        cluster.deleteConnectorAndAwait(source, Duration.ofSeconds(30));
        cluster.deleteConnectorAndAwait(sink, Duration.ofSeconds(30));
        assertThat(cluster.connect().connectors()).doesNotContain(source, sink);
    }

    @Test
    void aFailingTaskIsReportedWithItsStackTraceWithoutWaitingForTheTimeout() {
        String connector = TestNames.unique("failing-sink");
        Map<String, String> config = new HashMap<>(ConnectTestCluster.stringConverters());
        config.put("connector.class", FILE_SINK);
        config.put("tasks.max", "1");
        config.put("topics", TestNames.unique("unused"));
        config.put("file", tempDir.resolve("no/such/directory/out.txt").toString());
        cluster.connect().configureConnector(connector, config);

        ConnectorStateInfo failed = cluster.awaitConnectorOrTaskFailed(connector, Duration.ofSeconds(60));
        assertThat(failed.tasks()).singleElement()
                .satisfies(task -> assertThat(task.trace()).contains("Couldn't find or create file"));

        assertThatThrownBy(() -> cluster.awaitConnectorAndTasksRunning(connector, 1, Duration.ofMinutes(5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed while waiting")
                .hasMessageContaining("task 0: FAILED")
                .hasMessageContaining("Couldn't find or create file");
        cluster.deleteConnectorAndAwait(connector, Duration.ofSeconds(30));
    }

    @Test
    void converterHelpersProduceWorkerReadySettings() {
        assertThat(ConnectTestCluster.jsonConverters(false))
                .containsEntry("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .containsEntry("value.converter.schemas.enable", "false")
                .containsEntry("key.converter.schemas.enable", "false");
        assertThat(ConnectTestCluster.jsonConverters(true)).containsEntry("value.converter.schemas.enable", "true");
        Map<String, String> config = new HashMap<>(ConnectTestCluster.jsonConverters(true));
        config.put("connector.class", FILE_SOURCE);
        config.put("name", "validate-only");
        config.put("topic", "t");
        config.put("tasks.max", "1");
        ConfigInfos validation = cluster.connect().validateConnectorConfig("FileStreamSourceConnector", config);
        assertThat(validation.errorCount()).as(validation.toString()).isZero();
    }
}
