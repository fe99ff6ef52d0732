package dev.tiered.connect.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the built component archive the way a user does (unzipped into {@code plugin.path}, nothing of the pack on
 * the worker's classpath) and checks that a stock Connect worker finds and runs every plugin in it.
 */
class ComponentArchiveInstallIT {

    private static final String ROUTER = "dev.tiered.connect.transforms.PriorityRouter";
    private static final String MATCHES_PREDICATE = "dev.tiered.connect.transforms.predicates.RecordMatches";
    private static final String GENERATOR = "dev.tiered.connect.datagen.EventGeneratorSourceConnector";
    private static final String S3_SINK = "dev.tiered.connect.s3.S3ParquetSinkConnector";
    private static final String CDC_SOURCE = "dev.tiered.connect.cdc.postgres.PostgresCdcSourceConnector";
    private static final String CDC_EXAMPLE = "postgres-cdc-with-router.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path pluginPath;

    private static final S3TestServer S3 = S3TestServer.shared();
    private static final PostgresTestServer PG = PostgresTestServer.shared();
    private static Path archiveRoot;
    private static ConnectTestCluster cluster;

    @BeforeAll
    static void installArchiveAndStartWorker() throws IOException {
        Path archive = Paths.get(System.getProperty("tiered.archive"));
        assertThat(archive).as("the component archive built by this module").exists();
        archiveRoot = unzip(archive, pluginPath);
        cluster = ConnectTestCluster.builder()
                .name("install-test")
                .workers(1)
                .pluginPath(pluginPath)
                .build();
        cluster.start();
    }

    @AfterAll
    static void stopWorker() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void thePackIsNotOnTheTestClasspath() {
        assertThatThrownBy(() -> Class.forName(ROUTER)).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName(GENERATOR)).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName(S3_SINK)).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName(CDC_SOURCE)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void archiveHasTheConfluentHubLayout() throws IOException {
        JsonNode manifest = JSON.readTree(archiveRoot.resolve("manifest.json").toFile());
        assertThat(manifest.path("name").asText()).isEqualTo("tiered-connect");
        assertThat(manifest.path("version").asText()).isEqualTo(packVersion());
        for (String field : List.of("title", "description", "documentation_url")) {
            assertThat(manifest.path(field).asText()).as(field).isNotBlank();
        }
        assertThat(manifest.path("owner").path("name").asText()).isNotBlank();
        assertThat(manifest.path("license").path(0).path("name").asText()).contains("Apache");
        assertThat(manifest.path("features").path("delivery_guarantee").isArray()).isTrue();
        assertThat(manifest.path("tags").size()).isGreaterThan(3);
        assertThat(textValues(manifest.path("component_types"))).contains("transform", "source", "sink");

        assertThat(archiveRoot.resolve("doc/README.md")).exists();
        assertThat(archiveRoot.resolve("doc/LICENSE")).exists();
        assertThat(archiveRoot.resolve("doc/NOTICE")).exists();
        assertThat(archiveRoot.resolve("doc/THIRD-PARTY.txt")).exists();
        for (String page : List.of("README.md", "priority-router.md", "s3-sink.md", "postgres-cdc.md")) {
            assertThat(archiveRoot.resolve("doc/configuration").resolve(page)).as("configuration reference").exists();
        }
        assertThat(archiveRoot.resolve("etc")).isDirectory();

        List<String> jars = fileNames(archiveRoot.resolve("lib"));
        assertThat(jars).contains(
                "tiered-connect-transforms-" + packVersion() + ".jar",
                "tiered-connect-event-generator-" + packVersion() + ".jar",
                "tiered-connect-s3-sink-" + packVersion() + ".jar",
                "tiered-connect-postgres-cdc-" + packVersion() + ".jar",
                "tiered-connect-common-" + packVersion() + ".jar");
        assertThat(jars).as("the CDC source's JDBC driver").anyMatch(jar -> jar.matches("postgresql-[0-9.]+\\.jar"));
        assertThat(jars).as("the worker brings Kafka and the logging back end")
                .noneMatch(jar -> jar.startsWith("kafka") || jar.startsWith("connect-"))
                .noneMatch(jar -> jar.startsWith("slf4j") || jar.startsWith("log4j") || jar.startsWith("logback"));
    }

    @Test
    void workerListsEveryPluginWithThePackVersion() throws IOException {
        String url = cluster.connect().endpointForResource("connector-plugins?connectorsOnly=false");
        JsonNode plugins = JSON.readTree(cluster.connect().requestGet(url).getEntity().toString());
        Map<String, JsonNode> byClass = new HashMap<>();
        plugins.forEach(plugin -> byClass.put(plugin.path("class").asText(), plugin));

        assertThat(byClass).containsKeys(ROUTER, MATCHES_PREDICATE, GENERATOR, S3_SINK, CDC_SOURCE);
        assertThat(byClass.get(CDC_SOURCE).path("type").asText()).isEqualTo("source");
        assertThat(byClass.get(S3_SINK).path("type").asText()).isEqualTo("sink");
        assertThat(byClass.get(ROUTER).path("type").asText()).isEqualTo("transformation");
        assertThat(byClass.get(MATCHES_PREDICATE).path("type").asText()).isEqualTo("predicate");
        assertThat(byClass.get(GENERATOR).path("type").asText()).isEqualTo("source");
        byClass.entrySet().stream()
                .filter(plugin -> plugin.getKey().startsWith("dev.tiered.connect."))
                .forEach(plugin -> assertThat(plugin.getValue().path("version").asText())
                        .as("version of %s", plugin.getKey())
                        .isEqualTo(packVersion()));
    }

    @Test
    void generatorWithTheRouterFillsTheHotAndColdTopicsAndTheSinkLandsTheColdOnesInS3() throws IOException {
        String connector = TestNames.unique("install-gen");
        String topic = TestNames.unique("events");
        int events = 2_000;
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", GENERATOR);
        config.put("tasks.max", "2");
        config.put("topic", topic);
        config.put("max.events", Integer.toString(events));
        config.put("events.per.second", "0");
        config.put("hot.share", "0.2");
        config.put("seed", "7");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "route");
        config.put("transforms.route.type", ROUTER);
        config.put("transforms.route.score.field", "priority");
        config.put("transforms.route.rules", "fraud");
        config.put("transforms.route.rules.fraud.when", "event_type == 'fraud_signal'");
        config.put("transforms.route.rules.fraud.score", "1.0");
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 2, Duration.ofSeconds(60));

        String hotTopic = topic + ".hot";
        String coldTopic = topic + ".cold";
        org.awaitility.Awaitility.await("all generated events routed")
                .atMost(Duration.ofSeconds(90))
                .until(() -> cluster.countRecords(hotTopic) + cluster.countRecords(coldTopic) >= events);
        long hot = cluster.countRecords(hotTopic);
        long cold = cluster.countRecords(coldTopic);
        assertThat(hot + cold).isEqualTo(events);
        assertThat(hot).as("hot share 0.2 of %d events", events).isBetween(200L, 600L);

        for (ConsumerRecord<byte[], byte[]> record : cluster.consume(hotTopic, (int) hot, Duration.ofSeconds(30))) {
            assertThat(header(record, "tiered.route")).isEqualTo("hot");
        }
        for (ConsumerRecord<byte[], byte[]> record : cluster.consume(coldTopic, (int) cold, Duration.ofSeconds(30))) {
            assertThat(header(record, "tiered.route")).isEqualTo("cold");
        }
        cluster.connect().deleteConnector(connector);

        String bucket = S3.createBucket("install");
        String sink = TestNames.unique("install-sink");
        Map<String, String> sinkConfig = new HashMap<>();
        sinkConfig.put("connector.class", S3_SINK);
        sinkConfig.put("tasks.max", "1");
        sinkConfig.put("topics", coldTopic);
        sinkConfig.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        sinkConfig.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        sinkConfig.put("value.converter.schemas.enable", "false");
        sinkConfig.put("s3.bucket.name", bucket);
        sinkConfig.put("store.url", S3.endpoint().toString());
        sinkConfig.put("s3.region", S3.region());
        sinkConfig.put("s3.path.style.access.enabled", "true");
        sinkConfig.put("s3.credentials.provider", "static");
        sinkConfig.put("aws.access.key.id", S3.accessKey());
        sinkConfig.put("aws.secret.access.key", S3.secretKey());
        sinkConfig.put("partitioner.class", "time_field");
        sinkConfig.put("path.format", "'processing_date'=YYYY-MM-dd");
        sinkConfig.put("partition.field.name", "event_type");
        sinkConfig.put("timestamp.extractor", "RecordField");
        sinkConfig.put("timestamp.field", "event_time");
        sinkConfig.put("rotate.schedule.interval.ms", "1000");
        cluster.connect().configureConnector(sink, sinkConfig);
        cluster.awaitConnectorAndTasksRunning(sink, 1, Duration.ofSeconds(60));
        org.awaitility.Awaitility.await("every cold event in a Parquet object")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> parquetRows(bucket, "topics/" + coldTopic + "/") == cold);
        assertThat(S3.keys(bucket, "topics/" + coldTopic + "/")).filteredOn(key -> key.endsWith(".parquet"))
                .allMatch(key -> key.matches("topics/" + java.util.regex.Pattern.quote(coldTopic)
                        + "/processing_date=\\d{4}-\\d{2}-\\d{2}/event_type=[a-z_]+/.+\\.parquet"), "seeds' layout");
        cluster.connect().deleteConnector(sink);
    }

    private static long parquetRows(String bucket, String prefix) throws IOException {
        long rows = 0;
        for (String key : S3.keys(bucket, prefix)) {
            if (!key.endsWith(".parquet") || key.contains("/_")) {
                continue;
            }
            Path file = Files.createTempFile(pluginPath, "object", ".parquet");
            Files.write(file, S3.get(bucket, key));
            try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                    new org.apache.parquet.io.LocalInputFile(file),
                    org.apache.parquet.ParquetReadOptions.builder(
                            new org.apache.parquet.conf.PlainParquetConfiguration()).build())) {
                rows += reader.getRecordCount();
            } finally {
                Files.delete(file);
            }
        }
        return rows;
    }

    @Test
    void everyConfigExampleForThePackValidatesOnTheWorker() throws IOException {
        Path examples = archiveRoot.resolve("etc");
        List<Path> restExamples;
        try (Stream<Path> files = Files.list(examples)) {
            restExamples = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(restExamples).isNotEmpty();
        for (Path example : restExamples) {
            JsonNode request = JSON.readTree(example.toFile());
            JsonNode config = request.path("config");
            String connectorClass = config.path("connector.class").asText();
            if (!connectorClass.startsWith("dev.tiered.connect.")) {
                continue;
            }
            Map<String, String> props = new HashMap<>();
            props.put("name", request.path("name").asText());
            config.fields().forEachRemaining(field -> props.put(field.getKey(), field.getValue().asText()));
            if (connectorClass.equals(CDC_SOURCE)) {
                props.putAll(embeddedDatabase("postgres"));
            }
            String plugin = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
            String url = cluster.connect().endpointForResource("connector-plugins/" + plugin + "/config/validate");
            JsonNode result = JSON.readTree(cluster.connect().requestPut(url, JSON.writeValueAsString(props))
                    .getEntity().toString());
            assertThat(result.path("error_count").asInt())
                    .as("validation errors of %s: %s", example.getFileName(), result)
                    .isZero();
        }
    }

    @Test
    void validateReportsABrokenRouterRuleFromTheIsolatedPlugin() throws IOException {
        Map<String, String> props = new HashMap<>();
        props.put("name", TestNames.unique("install-validate"));
        props.put("connector.class", GENERATOR);
        props.put("topic", "events");
        props.put("transforms", "route");
        props.put("transforms.route.type", ROUTER);
        props.put("transforms.route.rules", "fraud");
        props.put("transforms.route.rules.fraud.when", "event_type = 'fraud_signal'");
        props.put("transforms.route.rules.fraud.score", "1.0");
        String url = cluster.connect().endpointForResource(
                "connector-plugins/EventGeneratorSourceConnector/config/validate");

        JsonNode result = JSON.readTree(cluster.connect().requestPut(url, JSON.writeValueAsString(props))
                .getEntity().toString());

        assertThat(result.path("error_count").asInt()).isEqualTo(1);
        List<String> errors = new ArrayList<>();
        result.path("configs").forEach(entry -> {
            if (entry.path("value").path("name").asText().equals("transforms.route.rules.fraud.when")) {
                entry.path("value").path("errors").forEach(error -> errors.add(error.asText()));
            }
        });
        assertThat(errors).singleElement().asString().startsWith("rules.fraud.when:").contains("position 12");
    }

    @Test
    void theCdcExampleCapturesTheShopTablesAndRoutesTheirChangesFromThePluginPath() throws IOException {
        String db = PG.createDatabase("install_cdc");
        String prefix = TestNames.unique("shop");
        PG.execute(db,
                "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL)",
                "CREATE TABLE orders (id bigserial PRIMARY KEY, user_id int, amount_cents int, status text)",
                "CREATE TABLE payments (id bigserial PRIMARY KEY, order_id bigint, status text)",
                "CREATE TABLE audit_log (id bigserial PRIMARY KEY, line text)",
                "INSERT INTO users VALUES (1, 'ada@example.com')",
                "INSERT INTO orders (user_id, amount_cents, status) VALUES (1, 1200, 'new')");
        JsonNode example = JSON.readTree(archiveRoot.resolve("etc").resolve(CDC_EXAMPLE).toFile());
        Map<String, String> config = new HashMap<>();
        example.path("config").fields().forEachRemaining(field -> config.put(field.getKey(), field.getValue().asText()));
        config.putAll(embeddedDatabase(db));
        config.put("topic.prefix", prefix);
        config.put("slot.name", db);
        config.put("publication.name", db);
        config.put("predicates.isChangeEvent.pattern", java.util.regex.Pattern.quote(prefix) + "\\.public\\..*");
        String connector = TestNames.unique("install-cdc");
        try {
            cluster.connect().configureConnector(connector, config);
            cluster.awaitConnectorAndTasksRunning(connector, 1, Duration.ofSeconds(60));
            String orders = prefix + ".public.orders";
            String payments = prefix + ".public.payments";
            String users = prefix + ".public.users";
            cluster.consume(users + ".cold", 1, Duration.ofSeconds(60)); // the snapshot is done

            PG.execute(db,
                    "INSERT INTO orders (user_id, amount_cents, status) VALUES (1, 75000, 'new')",
                    "INSERT INTO orders (user_id, amount_cents, status) VALUES (1, 900, 'new')",
                    "UPDATE orders SET status = 'cancelled' WHERE amount_cents = 900",
                    "INSERT INTO payments (order_id, status) VALUES (1, 'failed')",
                    "INSERT INTO payments (order_id, status) VALUES (1, 'captured')",
                    "INSERT INTO audit_log (line) VALUES ('not captured: outside table.include.list')",
                    "DELETE FROM users WHERE id = 1");

            assertThat(changes(orders + ".hot", 2)).containsExactly("c:75000", "u:900");
            assertThat(changes(orders + ".cold", 2)).containsExactly("r:1200", "c:900");
            assertThat(changes(payments + ".hot", 1)).containsExactly("c:failed");
            assertThat(changes(payments + ".cold", 1)).containsExactly("c:captured");
            assertThat(changes(users + ".hot", 1)).containsExactly("d:1");
            assertThat(changes(users + ".cold", 2)).containsExactly("r:1", "tombstone");
            assertThat(cluster.admin().listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .as("tables outside table.include.list have no topic")
                    .noneMatch(name -> name.contains(".audit_log"));
        } catch (InterruptedException | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        } finally {
            cluster.deleteConnectorAndAwait(connector, Duration.ofSeconds(60));
            org.awaitility.Awaitility.await("slot released").atMost(Duration.ofSeconds(60))
                    .until(() -> PG.query("postgres",
                            "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND active", db).isEmpty());
            PG.execute("postgres", "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name = '" + db + "'");
            PG.dropDatabase(db);
        }
    }

    /** The CDC events on a topic as {@code op:<status or amount or id>}, tombstones as {@code tombstone}. */
    private static List<String> changes(String topic, int expected) throws IOException {
        List<String> changes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : cluster.consume(topic, expected, Duration.ofSeconds(60))) {
            if (record.value() == null) {
                changes.add("tombstone");
                continue;
            }
            JsonNode payload = JSON.readTree(record.value()).path("payload");
            String op = payload.path("op").asText();
            JsonNode row = op.equals("d") ? payload.path("before") : payload.path("after");
            String detail = row.has("amount_cents") ? row.path("amount_cents").asText()
                    : row.has("status") ? row.path("status").asText() : row.path("id").asText();
            changes.add(op + ":" + detail);
        }
        return changes;
    }

    /** The connection keys of the CDC source for a database of the embedded PostgreSQL. */
    private static Map<String, String> embeddedDatabase(String db) {
        return Map.of(
                "database.hostname", PG.host(),
                "database.port", Integer.toString(PG.port()),
                "database.user", PG.user(),
                "database.password", PG.password(),
                "database.dbname", db);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String packVersion() {
        return System.getProperty("tiered.version");
    }

    private static List<String> textValues(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** Unzips like a user would and returns the component's top-level folder. */
    private static Path unzip(Path archive, Path target) throws IOException {
        Path root = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Archive entry escapes the target folder: " + entry.getName());
                }
                if (root == null) {
                    root = target.resolve(Paths.get(entry.getName()).getName(0));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return root;
    }
}
