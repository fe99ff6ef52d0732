package dev.tiered.connect.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.lifecycle.Startable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The docker/ quick start end to end, where a Docker engine exists: {@code compose up} of docker/compose.yaml with
 * the archive this module built installed in the Connect container, docker/create-connectors.sh, then Parquet
 * objects in MinIO's bucket from the cold path and records on the hot topic. Skipped (never failed) without Docker.
 */
@ExtendWith(DockerComposeStackIT.NeedsDocker.class)
class DockerComposeStackIT {

    private static final String BUCKET = "events-lake";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Startable stack;
    private static String host;
    private static final Map<String, Integer> PORTS = new HashMap<>();

    @BeforeAll
    static void startTheStack() throws IOException {
        Optional<List<String>> client = ComposeFile.client();
        Path archive = Paths.get(System.getProperty("tiered.archive"));
        assertThat(archive).as("the component archive built by this module").exists();

        host = DockerClientFactory.instance().dockerHostIpAddress();
        Map<String, String> env = new HashMap<>();
        for (String port : List.of("KAFKA_HOST_PORT", "CONNECT_PORT", "MINIO_PORT", "MINIO_CONSOLE_PORT",
                "POSTGRES_PORT")) {
            PORTS.put(port, freePort());
            env.put(port, String.valueOf(PORTS.get(port)));
        }
        env.put("KAFKA_HOST_NAME", host);
        env.put("TIERED_CONNECT_VERSION", System.getProperty("tiered.version"));

        List<File> files = List.of(ComposeFile.composeFile().toFile());
        if (client.get().equals(List.of("docker", "compose"))) {
            stack = new ComposeContainer(files).withEnv(env).withPull(true)
                    .withStartupTimeout(Duration.ofMinutes(10));
        } else {
            stack = new DockerComposeContainer<>(files).withEnv(env).withPull(true)
                    .withStartupTimeout(Duration.ofMinutes(10));
        }
        stack.start();
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void connectorsFromConfigExamplesMoveDataToTheHotTopicAndToMinio() throws Exception {
        String connect = "http://" + host + ":" + PORTS.get("CONNECT_PORT");
        ComposeFile.Result created = ComposeFile.run(
                List.of("bash", ComposeFile.root().resolve("docker/create-connectors.sh").toString()),
                Map.of("CONNECT_URL", connect, "WAIT_SECONDS", "300"));
        assertThat(created.exitCode()).as("docker/create-connectors.sh:\n%s", created.describe()).isZero();

        // Running again only updates the configs.
        ComposeFile.Result again = ComposeFile.run(
                List.of("bash", ComposeFile.root().resolve("docker/create-connectors.sh").toString()),
                Map.of("CONNECT_URL", connect, "WAIT_SECONDS", "60"));
        assertThat(again.exitCode()).as("docker/create-connectors.sh, second run:\n%s", again.describe()).isZero();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode status = get(connect + "/connectors?expand=status");
            for (String name : List.of("shop-cdc", "reference-events", "cold-events-to-minio")) {
                JsonNode connector = status.path(name).path("status");
                assertThat(connector.path("connector").path("state").asText()).as(name).isEqualTo("RUNNING");
                assertThat(connector.path("tasks")).as("%s's tasks", name).isNotEmpty()
                        .allSatisfy(task -> assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
            }
        });

        // The CDC source routes the demo schema's changes (the initial rows include a failed payment: hot).
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            List<String> topics = new ArrayList<>();
            get(connect + "/connectors/shop-cdc/topics").path("shop-cdc").path("topics")
                    .forEach(topic -> topics.add(topic.asText()));
            assertThat(topics).contains("shop.public.payments.hot");
        });

        // Hot records on events.hot, read through the broker's host listener.
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + PORTS.get("KAFKA_HOST_PORT"));
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "docker-compose-stack-it");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("events.hot"));
            List<ConsumerRecord<String, String>> hot = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                consumer.poll(Duration.ofSeconds(1)).forEach(hot::add);
                return hot.size() >= 10;
            });
            assertThat(JSON.readTree(hot.get(0).value()).path("event_type").asText()).isNotBlank();
        }

        // Parquet objects from the cold path in MinIO, in the seeds' layout.
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create("http://" + host + ":" + PORTS.get("MINIO_PORT")))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("minioadmin", "minioadmin")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            List<S3Object> parquet = new ArrayList<>();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).until(() -> {
                parquet.clear();
                s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(BUCKET).prefix("events/").build())
                        .contents().stream().filter(object -> object.key().endsWith(".parquet"))
                        .forEach(parquet::add);
                return !parquet.isEmpty();
            });
            assertThat(parquet).allSatisfy(object -> {
                assertThat(object.key()).contains("processing_date=");
                assertThat(object.size()).isPositive();
            });
        }
    }

    /** Skips the class, with the reason in the test report, where the stack cannot run. */
    static final class NeedsDocker implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!dockerAvailable()) {
                return ConditionEvaluationResult.disabled("No Docker engine available: skipping the"
                        + " docker/compose.yaml end-to-end test (DockerComposeConfigIT still checks the compose file;"
                        + " see docker/README.md)");
            }
            if (ComposeFile.client().isEmpty()) {
                return ConditionEvaluationResult.disabled("A Docker engine but no compose client (`docker compose`"
                        + " or docker-compose): skipping the docker/compose.yaml end-to-end test");
            }
            for (String tool : List.of("bash", "curl", "jq")) {
                if (ComposeFile.run(List.of("bash", "-c", "command -v " + tool)).exitCode() != 0) {
                    return ConditionEvaluationResult.disabled("docker/create-connectors.sh needs " + tool
                            + ": skipping the docker/compose.yaml end-to-end test");
                }
            }
            return ConditionEvaluationResult.enabled("Docker engine and compose client available");
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
