package dev.tiered.connect.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml is valid for the compose client installed here (Compose v2 or Debian's docker-compose 1.29)
 * and wires what docker/README.md promises. No Docker engine is needed: only the client's {@code config} command.
 */
class DockerComposeConfigIT {

    private static final Pattern CONNECTOR_FILE = Pattern.compile("'([A-Za-z0-9_.-]+\\.json)\\|");
    private static final Pattern FILE_SECRET = Pattern.compile("\\$\\{file:/etc/kafka-connect/secrets/([^:}]+):([^}]+)}");
    private static final String PLUGIN_FOLDER = "/opt/connect-plugins";

    private static List<String> client;
    private static JsonNode services;

    @BeforeAll
    static void normaliseTheComposeFile() throws IOException {
        client = ComposeFile.client().orElseGet(() -> fail("No compose client found: neither `docker compose version`"
                + " nor `docker-compose version` works. Install one (CI's .ci/run installs Debian's docker-compose)"
                + " to check docker/compose.yaml."));
        ComposeFile.Result result = ComposeFile.compose(client, "config");
        assertThat(result.exitCode()).as("%s config on docker/compose.yaml:\n%s", client, result.describe())
                .isZero();
        // Compose v1 prints YAML, v2 YAML too (or JSON with --format json): YAML reads both.
        services = new YAMLMapper().readTree(result.stdout()).path("services");
    }

    @Test
    void theComposeClientValidatesTheFile() {
        ComposeFile.Result result = ComposeFile.compose(client, "config", "-q");
        assertThat(result.exitCode()).as("%s config -q:\n%s", client, result.describe()).isZero();
        assertThat(result.stderr()).as("warnings from %s config -q", client).doesNotContainIgnoringCase("warn");
    }

    @Test
    void theStackHasItsServices() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("kafka", "install-plugins", "connect", "minio", "minio-create-bucket", "postgres",
                "shop-writer");
    }

    @Test
    void kafkaAndConnectRunTheKafkaVersionThePackIsBuiltWith() {
        String image = "apache/kafka:" + System.getProperty("tiered.kafka.version");
        assertThat(services.path("kafka").path("image").asText()).isEqualTo(image);
        assertThat(services.path("connect").path("image").asText()).isEqualTo(image);
        assertThat(strings(services.path("connect").path("command")))
                .contains("/opt/kafka/bin/connect-distributed.sh");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .as("KRaft mode").isEqualTo("broker,controller");
    }

    @Test
    void postgresRunsWithLogicalReplicationAndTheDemoSchema() throws IOException {
        assertThat(String.join(" ", strings(services.path("postgres").path("command"))))
                .contains("wal_level=logical");
        assertThat(mounts(services.path("postgres"))).anySatisfy(mount -> {
            assertThat(mount.target()).isEqualTo("/docker-entrypoint-initdb.d");
            assertThat(Paths.get(mount.source())).isEqualTo(docker().resolve("postgres/init"));
        });
        String schema = Files.readString(docker().resolve("postgres/init/01-shop.sh"));
        JsonNode cdc = new ObjectMapper().readTree(ComposeFile.root().resolve("config-examples")
                .resolve("postgres-cdc-with-router.json").toFile()).path("config");
        assertThat(cdc.path("table.include.list").asText()).isEqualTo("public\\.(orders|payments|users)");
        for (String table : List.of("users", "orders", "payments")) {
            assertThat(schema).contains("CREATE TABLE public." + table + " (");
        }
        assertThat(schema).contains("CREATE ROLE " + cdc.path("database.user").asText() + " WITH LOGIN REPLICATION");
        assertThat(services.path("postgres").path("environment").path("POSTGRES_DB").asText())
                .isEqualTo(cdc.path("database.dbname").asText());
    }

    @Test
    void theWorkerFindsTheUnzippedArchiveOnItsPluginPath() throws IOException {
        // install-plugins unzips packaging/target/tiered-connect-<version>.zip into the connect-plugins volume ...
        JsonNode install = services.path("install-plugins");
        assertThat(mounts(install)).anySatisfy(mount -> {
            assertThat(Paths.get(mount.source())).isEqualTo(ComposeFile.root().resolve("packaging/target"));
            assertThat(mount.target()).isEqualTo("/archive");
        });
        assertThat(mounts(install)).anySatisfy(mount -> {
            assertThat(mount.source()).isEqualTo("connect-plugins");
            assertThat(mount.target()).isEqualTo(PLUGIN_FOLDER);
        });
        String script = String.join(" ", strings(install.path("command")));
        assertThat(script).contains("/archive/tiered-connect-", "unzip", "-d " + PLUGIN_FOLDER);
        Path archive = Paths.get(System.getProperty("tiered.archive"));
        assertThat(archive).as("the archive install-plugins unzips").exists()
                .hasParent(ComposeFile.root().resolve("packaging/target"));
        assertThat(archive.getFileName().toString()).matches("tiered-connect-.+\\.zip");

        // ... which the worker mounts where its plugin.path points, and it starts only once that is done.
        JsonNode connect = services.path("connect");
        assertThat(mounts(connect)).anySatisfy(mount -> {
            assertThat(mount.source()).isEqualTo("connect-plugins");
            assertThat(mount.target()).isEqualTo(PLUGIN_FOLDER);
        });
        assertThat(connect.path("depends_on").path("install-plugins").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(connect.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(connect.path("depends_on").path("postgres").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(connect.path("depends_on").path("minio-create-bucket").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(connect.path("healthcheck").path("test").toString()).contains("connector-plugins");

        Properties worker = workerProperties(connect);
        assertThat(worker.getProperty("plugin.path").split(",")).contains(PLUGIN_FOLDER);
        assertThat(worker.getProperty("bootstrap.servers")).isEqualTo("kafka:9092");
        assertThat(worker.getProperty("group.id")).isNotBlank();
        for (String topic : List.of("config", "offset", "status")) {
            assertThat(worker.getProperty(topic + ".storage.replication.factor")).isEqualTo("1");
        }
        assertThat(worker.getProperty("config.providers").split(",")).contains("file", "env");
    }

    @Test
    void createConnectorsUsesExistingExamplesAndMountedSecrets() throws IOException {
        String script = Files.readString(docker().resolve("create-connectors.sh"));
        Set<String> files = new LinkedHashSet<>();
        Matcher matcher = CONNECTOR_FILE.matcher(script);
        while (matcher.find()) {
            files.add(matcher.group(1));
        }
        assertThat(files).as("connector files create-connectors.sh PUTs").containsExactlyInAnyOrder(
                "postgres-cdc-with-router.json", "event-generator-with-router.json", "s3-sink-minio.json",
                "s3-sink-cdc-minio.json");
        assertThat(mounts(services.path("connect"))).anySatisfy(mount -> {
            assertThat(Paths.get(mount.source())).isEqualTo(docker().resolve("secrets"));
            assertThat(mount.target()).isEqualTo("/etc/kafka-connect/secrets");
        });
        ObjectMapper json = new ObjectMapper();
        for (String file : files) {
            Path example = ComposeFile.root().resolve("config-examples").resolve(file);
            assertThat(example).as("config-examples/%s, referenced by docker/create-connectors.sh", file).isRegularFile();
            JsonNode connector = json.readTree(example.toFile());
            assertThat(connector.path("name").asText()).as("%s's name", file).isNotBlank();
            // Every ${file:...} secret the connector reads is in docker/secrets/, which the worker mounts.
            Matcher secret = FILE_SECRET.matcher(connector.toString());
            while (secret.find()) {
                Path secretFile = docker().resolve("secrets").resolve(secret.group(1));
                assertThat(secretFile).as("secret file of %s", file).isRegularFile();
                Properties values = new Properties();
                values.load(new StringReader(Files.readString(secretFile)));
                assertThat(values.getProperty(secret.group(2))).as("%s in %s", secret.group(2), secretFile)
                        .isNotBlank();
            }
        }
        // The sink writes to the bucket the one-shot minio-create-bucket service creates.
        JsonNode sink = json.readTree(ComposeFile.root().resolve("config-examples/s3-sink-minio.json").toFile());
        assertThat(String.join(" ", strings(services.path("minio-create-bucket").path("entrypoint"))))
                .contains("local/" + sink.path("config").path("s3.bucket.name").asText());
    }

    @Test
    void createConnectorsWaitsForTheWorkerThenPutsEachExampleIdempotently() throws IOException {
        for (String tool : List.of("bash", "curl", "jq")) {
            assertThat(ComposeFile.run(List.of("bash", "-c", "command -v " + tool)).exitCode())
                    .as("docker/create-connectors.sh needs %s (CI's .ci/run installs it)", tool).isZero();
        }
        StandInWorker worker = new StandInWorker(2);
        try {
            ComposeFile.Result first = runCreateConnectors(worker);
            assertThat(first.exitCode()).as("create-connectors.sh:\n%s", first.describe()).isZero();
            assertThat(worker.pluginRequests.get()).as("polls until the plugins are listed").isGreaterThan(2);
            assertThat(worker.configs).containsOnlyKeys("shop-cdc", "reference-events", "cold-events-to-minio",
                    "cold-changes-to-minio");
            assertThat(worker.statuses).containsOnly(201);

            ObjectMapper json = new ObjectMapper();
            Map<String, String> hosts = Map.of(
                    "shop-cdc", "database.hostname=postgres",
                    "cold-events-to-minio", "store.url=http://minio:9000",
                    "cold-changes-to-minio", "store.url=http://minio:9000");
            for (Map.Entry<String, String> host : hosts.entrySet()) {
                String[] keyValue = host.getValue().split("=", 2);
                assertThat(worker.configs.get(host.getKey()).path(keyValue[0]).asText()).isEqualTo(keyValue[1]);
            }
            // Everything else comes from config-examples/ unchanged, secrets included (resolved by the worker).
            JsonNode cdc = json.readTree(ComposeFile.root().resolve("config-examples/postgres-cdc-with-router.json")
                    .toFile()).path("config");
            ObjectNode sent = worker.configs.get("shop-cdc").deepCopy();
            sent.put("database.hostname", cdc.path("database.hostname").asText());
            assertThat(sent).isEqualTo(cdc);
            assertThat(worker.configs.get("reference-events").path("transforms.route.type").asText())
                    .isEqualTo("dev.tiered.connect.transforms.PriorityRouter");

            ComposeFile.Result second = runCreateConnectors(worker);
            assertThat(second.exitCode()).as("second run:\n%s", second.describe()).isZero();
            assertThat(worker.statuses).hasSize(8).endsWith(200, 200, 200, 200);

            worker.rejectPuts = true;
            ComposeFile.Result rejected = runCreateConnectors(worker);
            assertThat(rejected.exitCode()).as("a rejected config fails the script").isNotZero();
            assertThat(rejected.stderr()).contains("HTTP 400", "Connector configuration is invalid");
        } finally {
            worker.stop();
        }
    }

    private static ComposeFile.Result runCreateConnectors(StandInWorker worker) {
        return ComposeFile.run(List.of("bash", docker().resolve("create-connectors.sh").toString()),
                Map.of("CONNECT_URL", worker.url(), "WAIT_SECONDS", "60", "POLL_SECONDS", "1"));
    }

    /** The few Connect REST endpoints create-connectors.sh uses; the plugins show up after a few polls. */
    private static final class StandInWorker {
        private final HttpServer server;
        private final int unreadyPolls;
        final AtomicInteger pluginRequests = new AtomicInteger();
        final Map<String, JsonNode> configs = new ConcurrentHashMap<>();
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        volatile boolean rejectPuts;

        StandInWorker(int unreadyPolls) throws IOException {
            this.unreadyPolls = unreadyPolls;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            ObjectMapper json = new ObjectMapper();
            if (method.equals("GET") && path.equals("/connector-plugins")) {
                if (pluginRequests.incrementAndGet() <= unreadyPolls) {
                    respond(exchange, 503, "{\"error_code\":503,\"message\":\"starting\"}");
                } else {
                    respond(exchange, 200, "[{\"class\":\"dev.tiered.connect.s3.S3ParquetSinkConnector\","
                            + "\"type\":\"sink\",\"version\":\"0.1.0\"}]");
                }
            } else if (method.equals("PUT") && path.matches("/connectors/[^/]+/config")) {
                String name = path.split("/")[2];
                if (rejectPuts) {
                    respond(exchange, 400, "{\"error_code\":400,\"message\":\"Connector configuration is invalid\"}");
                    return;
                }
                JsonNode config = json.readTree(exchange.getRequestBody());
                int status = configs.put(name, config) == null ? 201 : 200;
                statuses.add(status);
                respond(exchange, status, json.writeValueAsString(Map.of("name", name, "config", config)));
            } else if (method.equals("GET") && path.equals("/connectors")) {
                ObjectNode all = json.createObjectNode();
                for (String name : configs.keySet()) {
                    ObjectNode status = all.putObject(name).putObject("status");
                    status.putObject("connector").put("state", "RUNNING");
                    status.putArray("tasks").addObject().put("id", 0).put("state", "RUNNING");
                }
                respond(exchange, 200, json.writeValueAsString(all));
            } else {
                respond(exchange, 404, "{\"error_code\":404}");
            }
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Path docker() {
        return ComposeFile.root().resolve("docker");
    }

    private static Properties workerProperties(JsonNode connect) throws IOException {
        List<String> command = strings(connect.path("command"));
        String inContainer = command.get(command.size() - 1);
        Mount mount = mounts(connect).stream().filter(m -> m.target().equals(inContainer)).findFirst()
                .orElseThrow(() -> new AssertionError("no mount for the worker properties " + inContainer));
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(Paths.get(mount.source()))));
        return properties;
    }

    /** A volume as source (host path or volume name) and target, from v1's short or v2's long syntax. */
    record Mount(String source, String target) { }

    private static List<Mount> mounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                mounts.add(new Mount(parts[0], parts[1]));
            } else {
                mounts.add(new Mount(volume.path("source").asText(), volume.path("target").asText()));
            }
        }
        return mounts;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            values.add(node.asText());
        }
        return values;
    }
}
