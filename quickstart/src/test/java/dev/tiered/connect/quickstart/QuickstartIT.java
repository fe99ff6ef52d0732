package dev.tiered.connect.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the quickstart as users do, in its own JVM (a few thousand events), and checks its report against what is
 * really in Kafka (hot topic records) and in S3 (Parquet rows in the files on disk); then stops it the way Ctrl-C
 * does and checks that nothing it started is left running.
 */
class QuickstartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 3_000;

    @TempDir
    Path work;

    @Test
    void thePackIsNotOnTheQuickstartsClasspath() {
        assertThatThrownBy(() -> Class.forName("dev.tiered.connect.transforms.PriorityRouter"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("dev.tiered.connect.s3.S3ParquetSinkConnector"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void reportMatchesKafkaAndS3AndNothingIsLeftRunning() throws Exception {
        Path dataDir = work.resolve("data");
        int restPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"),
                "-Dtiered.archive=" + System.getProperty("tiered.archive"),
                "-Dtiered.examples=" + System.getProperty("tiered.examples"),
                Quickstart.class.getName(),
                "--events", Integer.toString(EVENTS), "--rate", "1000", "--hot-share", "0.1",
                "--flush-seconds", "2", "--cdc-rate", "30",
                "--data-dir", dataDir.toString(), "--rest-port", Integer.toString(restPort)));
        Path output = work.resolve("quickstart.out");
        Process quickstart = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        int postgresPort = -1;
        try {
            Path reportFile = dataDir.resolve("report.json");
            org.awaitility.Awaitility.await("report.json").atMost(java.time.Duration.ofSeconds(150))
                    .pollInterval(java.time.Duration.ofMillis(250))
                    .failFast("the quickstart exited before writing its report", () -> !quickstart.isAlive()
                            && !Files.exists(reportFile))
                    .until(() -> Files.exists(reportFile));
            JsonNode report = JSON.readTree(reportFile.toFile());
            postgresPort = report.path("postgres").path("port").asInt();
            assertThat(accepts(postgresPort)).as("PostgreSQL is up while the quickstart runs").isTrue();
            String connectors = httpGet("http://localhost:" + restPort + "/connectors");
            assertThat(connectors).as("the REST API on the fixed port stays up after the report")
                    .contains("reference-events", "shop-cdc", "cold-events-to-minio", "cold-changes-to-minio");
            assertThat(report.path("complete").asBoolean()).as("report: %s", report).isTrue();

            // Kafka: the report's counts are the topics' real contents.
            JsonNode paths = report.path("paths");
            long eventsHot = paths.path("events").path("hot").asLong();
            long eventsCold = paths.path("events").path("cold").asLong();
            assertThat(eventsHot + eventsCold).isEqualTo(EVENTS);
            assertThat(eventsHot).as("hot share 0.1 plus the rules' promotions").isBetween(150L, 900L);
            JsonNode freshness = paths.path("eventsHotArrivalAfterEventTime");
            assertThat(freshness.path("records").asLong()).as("every hot event carries its broker append time")
                    .isEqualTo(eventsHot);
            assertThat(freshness.path("p50Ms").asLong()).isNotNegative()
                    .isLessThanOrEqualTo(freshness.path("p99Ms").asLong());
            assertThat(freshness.path("p99Ms").asLong()).isLessThanOrEqualTo(freshness.path("maxMs").asLong());
            try (Admin admin = Admin.create(adminConfig(report.path("kafkaBootstrapServers").asText()))) {
                assertThat(records(admin, "events.hot")).isEqualTo(eventsHot);
                assertThat(records(admin, "events.cold")).isEqualTo(eventsCold);
                long changesHot = 0;
                for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                    if (topic.startsWith("shop.") && topic.endsWith(".hot")) {
                        changesHot += records(admin, topic);
                    }
                }
                assertThat(changesHot).isEqualTo(paths.path("changes").path("hot").asLong());
            }
            assertThat(paths.path("changes").path("cold").asLong()).as("snapshot rows at least")
                    .isGreaterThanOrEqualTo(DemoShop.SEED_USERS + DemoShop.SEED_ORDERS + DemoShop.SEED_PAYMENTS - 10);

            // S3: every cold record is a Parquet row in the seeds' layout, on disk where the report says.
            Path bucket = Paths.get(report.path("s3").path("directory").asText());
            assertThat(bucket).startsWith(dataDir);
            List<Path> parquet;
            try (Stream<Path> files = Files.walk(bucket)) {
                parquet = files.filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_tiered"))
                        .toList();
            }
            long eventRows = 0;
            long changeRows = 0;
            for (Path file : parquet) {
                String key = bucket.relativize(file).toString();
                if (key.startsWith("events/events.cold/")) {
                    assertThat(key).matches("events/events\\.cold/processing_date=\\d{4}-\\d{2}-\\d{2}/event_type=[a-z_]+/.+");
                    eventRows += ParquetFiles.rows(file);
                } else {
                    assertThat(key).matches("changes/shop\\.public\\.(users|orders|payments)\\.cold/"
                            + "processing_date=\\d{4}-\\d{2}-\\d{2}/op=[crud]/.+");
                    changeRows += ParquetFiles.rows(file);
                }
            }
            assertThat(eventRows).isEqualTo(eventsCold);
            assertThat(changeRows).isEqualTo(paths.path("changes").path("cold").asLong()
                    - paths.path("changes").path("coldTombstones").asLong());
            assertThat(report.path("s3").path("objects").asLong()).isEqualTo(parquet.size());
            assertThat(report.path("s3").path("rows").path("events").asLong()).isEqualTo(eventRows);
            assertThat(report.path("sinks").path("cold-events-to-minio").path("recordsWritten").asLong())
                    .isEqualTo(eventRows);
            assertThat(report.path("sinks").path("cold-events-to-minio").path("putRequests").asLong())
                    .as("at least one PUT per object").isGreaterThanOrEqualTo(
                            report.path("sinks").path("cold-events-to-minio").path("objectsWritten").asLong());
            assertThat(report.path("compression").path("events").path("ratio").asDouble()).isGreaterThan(1.5);
            JsonNode cost = report.path("costAtSeedsScale");
            assertThat(cost.path("tieredUsdPerMonth").asDouble()).isPositive()
                    .isLessThan(cost.path("allStreamingUsdPerMonth").asDouble());

            String text = read(output);
            assertThat(text).contains("produced", "demoted", "PUTs", "Monthly cost", "./quickstart.sh inspect",
                    "http://localhost:" + restPort);
            assertThat(text).as("no secret in the output").doesNotContain("tiered-test-secret-key");
        } finally {
            // What Ctrl-C does: SIGTERM/SIGINT run the shutdown hooks.
            quickstart.destroy();
            boolean exited = quickstart.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                quickstart.destroyForcibly();
            }
            assertThat(exited).as("quickstart exits within 60 s of SIGTERM; output:%n%s", read(output)).isTrue();
        }
        assertThat(read(output)).contains("Stopping");
        assertThat(accepts(postgresPort)).as("PostgreSQL (a separate process) stopped with the quickstart").isFalse();
        assertThat(accepts(restPort)).as("the REST API is down").isFalse();
    }

    private static long records(Admin admin, String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        var request = new java.util.HashMap<TopicPartition, OffsetSpec>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    private static Properties adminConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return config;
    }

    private static String httpGet(String url) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }

    private static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
