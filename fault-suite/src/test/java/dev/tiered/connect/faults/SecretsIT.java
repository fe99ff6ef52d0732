package dev.tiered.connect.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.faults.secrets.LogCapture;
import dev.tiered.connect.faults.secrets.MBeanDump;
import dev.tiered.connect.faults.secrets.RestRecorder;
import dev.tiered.connect.faults.secrets.RestRecorder.Exchange;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.S3TestServer;
import dev.tiered.connect.testkit.TestCertificates;
import dev.tiered.connect.testkit.TestNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets: every secret of the pack resolved through {@code ${file:...}} and {@code ${env:...}} config providers by a
 * worker loading the pack from plugin.path, the CDC source over TLS ({@code verify-full}, client key opened with
 * {@code database.sslpassword}); then wrong passwords, a wrong S3 secret and invalid configs; and no secret string in
 * any captured log line, REST response, MBean attribute or record header.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";
    private static final String ENV_PROVIDER = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
    /** Set by failsafe's environmentVariables in fault-suite/pom.xml. */
    private static final String ENV_PG_PASSWORD = "TIERED_SECRETS_PG_PASSWORD";
    private static final String ENV_PG_SSL_PASSWORD = "TIERED_SECRETS_PG_SSL_PASSWORD";
    private static final String ENV_S3_ACCESS_KEY_ID = "TIERED_SECRETS_S3_ACCESS_KEY_ID";
    private static final String ENV_S3_SECRET_KEY = "TIERED_SECRETS_S3_SECRET_ACCESS_KEY";
    private static final int ROWS = 5;

    @TempDir
    static Path workDirectory;

    private static final S3TestServer S3 = S3TestServer.shared();
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();
    private static final List<ConsumerRecord<byte[], byte[]>> RECORDS = new ArrayList<>();
    private static LogCapture logs;
    private static PostgresTestServer pg;
    private static TestCertificates certificates;
    private static ConnectTestCluster cluster;
    private static RestRecorder rest;
    private static Path secretsFile;
    private static String db;
    private static final Map<String, String> ROLES = new HashMap<>();
    private static final Map<String, Path> KEYSTORES = new HashMap<>();
    private static final List<String> CONNECTORS = new ArrayList<>();

    @BeforeAll
    static void startEverything() throws IOException {
        logs = LogCapture.start();
        for (String variable : List.of(ENV_PG_PASSWORD, ENV_PG_SSL_PASSWORD, ENV_S3_ACCESS_KEY_ID, ENV_S3_SECRET_KEY)) {
            assertThat(System.getenv(variable)).as("environment variable %s (set by failsafe in fault-suite/pom.xml;"
                    + " run through Maven)", variable).isNotBlank();
        }
        assertThat(System.getenv(ENV_S3_SECRET_KEY)).as(ENV_S3_SECRET_KEY + " is the test S3's secret")
                .isEqualTo(S3.secretKey());
        SECRETS.put("database.password (file)", randomSecret("pgF"));
        SECRETS.put("database.password (env)", System.getenv(ENV_PG_PASSWORD));
        SECRETS.put("database.sslpassword (file)", randomSecret("sslF"));
        SECRETS.put("database.sslpassword (env)", System.getenv(ENV_PG_SSL_PASSWORD));
        SECRETS.put("aws.secret.access.key (file and env)", S3.secretKey());
        SECRETS.put("wrong database.password", randomSecret("pgWrong"));
        SECRETS.put("wrong database.sslpassword", randomSecret("sslWrong"));
        SECRETS.put("wrong aws.secret.access.key", randomSecret("s3Wrong"));

        Properties file = new Properties();
        file.setProperty("pg.password", SECRETS.get("database.password (file)"));
        file.setProperty("pg.sslpassword", SECRETS.get("database.sslpassword (file)"));
        file.setProperty("s3.access.key.id", S3.accessKey());
        file.setProperty("s3.secret.access.key", S3.secretKey());
        file.setProperty("wrong.pg.password", SECRETS.get("wrong database.password"));
        file.setProperty("wrong.pg.sslpassword", SECRETS.get("wrong database.sslpassword"));
        file.setProperty("wrong.s3.secret.access.key", SECRETS.get("wrong aws.secret.access.key"));
        secretsFile = workDirectory.resolve("secrets.properties");
        try (var out = Files.newBufferedWriter(secretsFile, StandardCharsets.UTF_8)) {
            file.store(out, "written by SecretsIT");
        }

        certificates = TestCertificates.create(workDirectory.resolve("tls"));
        pg = PostgresTestServer.dedicated(certificates.postgresSettings());
        db = pg.createDatabase("secrets");
        List<String> statements = new ArrayList<>(List.of("CREATE TABLE items (id int PRIMARY KEY, name text)",
                "INSERT INTO items SELECT i, 'item ' || i FROM generate_series(1, " + ROWS + ") i",
                "CREATE PUBLICATION secrets_pub FOR TABLE items"));
        for (String provider : List.of("file", "env")) {
            String role = db + "_" + provider;
            ROLES.put(provider, role);
            statements.add("CREATE ROLE " + role + " LOGIN REPLICATION PASSWORD '"
                    + SECRETS.get("database.password (" + provider + ")") + "'");
            statements.add("GRANT SELECT ON items TO " + role);
            KEYSTORES.put(provider, certificates.clientKeystore(role,
                    SECRETS.get("database.sslpassword (" + provider + ")")));
        }
        pg.execute(db, statements.toArray(String[]::new));

        cluster = ConnectTestCluster.builder().name(TestNames.unique("secrets")).workers(1)
                .pluginPath(InstalledPack.pluginPath())
                .workerProperty("config.providers", "file,env")
                .workerProperty("config.providers.file.class", FILE_PROVIDER)
                .workerProperty("config.providers.env.class", ENV_PROVIDER)
                .build().start();
        rest = new RestRecorder(cluster.restUrl());
    }

    @AfterAll
    static void stopEverything() {
        if (logs != null) {
            logs.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void everySecretResolvesThroughFileAndEnvProvidersAndDataFlowsToKafkaAndS3() throws IOException {
        for (String provider : List.of("file", "env")) {
            String connector = "secrets-cdc-" + provider;
            Map<String, String> config = cdcConfig(provider, ROLES.get(provider), KEYSTORES.get(provider),
                    secret(provider, "pg.password", ENV_PG_PASSWORD),
                    secret(provider, "pg.sslpassword", ENV_PG_SSL_PASSWORD));
            assertThat(validate(InstalledPack.CDC_SOURCE, config)).as("validate of %s", connector).isEmpty();
            create(connector, config);
        }
        for (String provider : List.of("file", "env")) {
            create("secrets-s3-" + provider, s3Config(provider, topic("cdc-" + provider),
                    secret(provider, "s3.access.key.id", ENV_S3_ACCESS_KEY_ID),
                    secret(provider, "s3.secret.access.key", ENV_S3_SECRET_KEY)));
        }
        for (String provider : List.of("file", "env")) {
            awaitRunning("secrets-cdc-" + provider);
            awaitRunning("secrets-s3-" + provider);
        }
        pg.execute(db, "INSERT INTO items VALUES (" + (ROWS + 1) + ", 'streamed')");

        for (String provider : List.of("file", "env")) {
            List<ConsumerRecord<byte[], byte[]>> changes = cluster.consume(topic("cdc-" + provider), ROWS + 1,
                    TIMEOUT);
            assertThat(changes).as("snapshot and streamed changes of secrets-cdc-%s", provider).hasSize(ROWS + 1);
            RECORDS.addAll(changes);
            await("S3 objects of secrets-s3-" + provider).atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> S3.keys(bucket(provider), ""), keys -> !keys.isEmpty());

            String shown = rest.get("/connectors/secrets-cdc-" + provider + "/config").body();
            assertThat(shown).contains("${" + provider + ":").doesNotContain(SECRETS.get(
                    "database.password (" + provider + ")"));
            assertThat(rest.get("/connectors/secrets-s3-" + provider + "/config").body())
                    .contains("${" + provider + ":").doesNotContain(S3.secretKey());
        }
        // The connectors' sessions are encrypted and present the client certificate the sslpassword opens.
        List<Map<String, Object>> backends = pg.query("postgres", "SELECT a.usename, s.ssl, s.client_dn"
                + " FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid WHERE a.datname = ?"
                + " AND a.application_name = 'tiered-connect-postgres-cdc'", db);
        assertThat(backends).isNotEmpty().allSatisfy(backend -> {
            assertThat(backend.get("ssl")).as("ssl of %s", backend).isEqualTo(true);
            assertThat((String) backend.get("client_dn")).contains("CN=" + backend.get("usename"));
        });
    }

    @Test
    @Order(2)
    void wrongPasswordsAndAWrongS3SecretFailWithAClearError() throws IOException {
        Map<String, String> wrongPassword = cdcConfig("wrong-pw", ROLES.get("file"), KEYSTORES.get("file"),
                "${file:" + secretsFile + ":wrong.pg.password}", secret("file", "pg.sslpassword", ""));
        assertThat(validate(InstalledPack.CDC_SOURCE, wrongPassword)).containsKey("database.password");
        Exchange refused = rest.put("/connectors/secrets-wrong-pg-password/config",
                JSON.writeValueAsString(wrongPassword));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body()).contains("password authentication failed");

        Map<String, String> wrongKeyPassword = cdcConfig("wrong-sslpw", ROLES.get("file"), KEYSTORES.get("file"),
                secret("file", "pg.password", ""), "${file:" + secretsFile + ":wrong.pg.sslpassword}");
        Map<String, List<String>> keyPasswordErrors = validate(InstalledPack.CDC_SOURCE, wrongKeyPassword);
        assertThat(keyPasswordErrors).containsOnlyKeys("database.sslpassword");
        assertThat(keyPasswordErrors.get("database.sslpassword").get(0)).contains("password was incorrect");

        // A secret rotated to a wrong value under a running connector: its task fails at the next start.
        Path rotating = workDirectory.resolve("rotating.properties");
        writeProperties(rotating, Map.of("password", SECRETS.get("database.password (file)"),
                "sslpassword", SECRETS.get("database.sslpassword (file)")));
        String rotated = "secrets-rotated-pg";
        create(rotated, cdcConfig("rotated", ROLES.get("file"), KEYSTORES.get("file"),
                "${file:" + rotating + ":password}", "${file:" + rotating + ":sslpassword}"));
        awaitRunning(rotated);
        for (Map<String, String> wrong : List.of(
                Map.of("password", SECRETS.get("wrong database.password"),
                        "sslpassword", SECRETS.get("database.sslpassword (file)")),
                Map.of("password", SECRETS.get("database.password (file)"),
                        "sslpassword", SECRETS.get("wrong database.sslpassword")))) {
            writeProperties(rotating, wrong);
            Exchange restart = rest.post("/connectors/" + rotated + "/restart?includeTasks=true", null);
            assertThat(restart.status()).as(restart.toString()).isIn(200, 202, 204);
            JsonNode status = awaitFailed(rotated);
            assertThat(status.path("tasks").path(0).path("trace").asText()).as("trace of %s", rotated)
                    .contains(wrong.get("password").equals(SECRETS.get("wrong database.password"))
                            ? "password authentication failed" : "keystore password was incorrect");
            writeProperties(rotating, Map.of("password", SECRETS.get("database.password (file)"),
                    "sslpassword", SECRETS.get("database.sslpassword (file)")));
            rest.post("/connectors/" + rotated + "/restart?includeTasks=true", null);
            awaitRunning(rotated, false);
        }

        create("secrets-wrong-s3-secret", s3Config("wrong", topic("cdc-file"),
                secret("file", "s3.access.key.id", ""), "${file:" + secretsFile + ":wrong.s3.secret.access.key}"));
        JsonNode status = awaitFailed("secrets-wrong-s3-secret");
        assertThat(status.toString()).as("status of the S3 sink with a wrong secret").contains("403");
    }

    @Test
    @Order(3)
    void invalidConfigsGivenLiterallyAreRejectedWithoutEchoingTheirSecrets() throws IOException {
        Map<String, String> badCdc = cdcConfig("bad", ROLES.get("file"), KEYSTORES.get("file"),
                SECRETS.get("wrong database.password"), SECRETS.get("wrong database.sslpassword"));
        badCdc.put("database.sslmode", "sometimes");
        badCdc.put("database.sslrootcert", workDirectory.resolve("no-such-ca.pem").toString());
        Map<String, List<String>> cdcErrors = validate(InstalledPack.CDC_SOURCE, badCdc);
        assertThat(cdcErrors).containsKeys("database.sslmode", "database.sslrootcert");

        Map<String, String> badS3 = s3Config("bad", topic("cdc-file"), S3.accessKey(),
                SECRETS.get("wrong aws.secret.access.key"));
        badS3.put("flush.size", "-1");
        badS3.remove("s3.bucket.name");
        Map<String, List<String>> s3Errors = validate(InstalledPack.S3_SINK, badS3);
        assertThat(s3Errors).containsKeys("flush.size", "s3.bucket.name");

        Exchange created = rest.post("/connectors", JSON.writeValueAsString(Map.of("name", "secrets-bad-cdc",
                "config", badCdc)));
        assertThat(created.status()).as(created.toString()).isEqualTo(400);
        Exchange updated = rest.put("/connectors/secrets-bad-s3/config", JSON.writeValueAsString(badS3));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void noSecretAppearsInLogsRestResponsesMetricsOrRecordHeaders() {
        rest.get("/connectors?expand=status&expand=info");
        for (String connector : CONNECTORS) {
            for (String path : List.of("", "/status", "/config", "/tasks", "/topics", "/offsets")) {
                rest.get("/connectors/" + connector + path);
            }
        }
        rest.get("/connector-plugins?connectorsOnly=false");
        rest.get("/connector-plugins/" + InstalledPack.CDC_SOURCE + "/config");
        rest.get("/connector-plugins/" + InstalledPack.S3_SINK + "/config");

        List<String> logLines = logs.lines();
        List<String> responses = rest.exchanges().stream().map(Exchange::toString).toList();
        List<String> mbeans = MBeanDump.attributes();
        List<String> headers = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : RECORDS) {
            for (Header header : record.headers()) {
                headers.add(header.key() + "=" + (header.value() == null ? "null"
                        : new String(header.value(), StandardCharsets.UTF_8)));
            }
            headers.add(record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8));
        }
        Map<String, List<String>> corpora = new LinkedHashMap<>();
        corpora.put("log lines", logLines);
        corpora.put("REST responses", responses);
        corpora.put("MBean attributes", mbeans);
        corpora.put("CDC record headers and values", headers);

        List<String> leaks = new ArrayList<>();
        corpora.forEach((corpus, lines) -> SECRETS.forEach((secret, value) -> lines.stream()
                .filter(line -> line.contains(value))
                .forEach(line -> leaks.add(secret + " in " + corpus + ": " + excerpt(line, value)))));
        writeReport(corpora, leaks.size());

        // The scan could have found something: each capture holds what the connectors did.
        assertThat(String.join("\n", logLines)).as("captured logs").contains("secrets-cdc-file", "secrets-s3-env",
                "secrets-rotated-pg", "password authentication failed");
        assertThat(String.join("\n", responses)).as("captured REST responses").contains("secrets-cdc-env",
                "secrets-wrong-s3-secret", "FAILED", "trace", "[hidden]");
        assertThat(String.join("\n", mbeans)).as("captured MBean attributes").contains("secrets-cdc-file",
                "secrets-s3-file");
        assertThat(headers).as("captured record headers").isNotEmpty();
        assertThat(leaks).as("secret strings found").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Map<String, String> cdcConfig(String name, String role, Path keystore, String password,
            String sslPassword) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", InstalledPack.CDC_SOURCE);
        config.put("tasks.max", "1");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("database.hostname", pg.host());
        config.put("database.port", Integer.toString(pg.port()));
        config.put("database.user", role);
        config.put("database.password", password);
        config.put("database.dbname", db);
        config.put("database.sslmode", "verify-full");
        config.put("database.sslrootcert", certificates.caCertificate().toString());
        config.put("database.sslkey", keystore.toString());
        config.put("database.sslpassword", sslPassword);
        config.put("topic.prefix", "secrets-" + name);
        config.put("slot.name", "secrets_" + name.replaceAll("[^a-z0-9]", "_"));
        config.put("publication.name", "secrets_pub");
        config.put("publication.autocreate.mode", "disabled");
        config.put("heartbeat.interval.ms", "1000");
        return config;
    }

    private static Map<String, String> s3Config(String name, String topic, String accessKeyId, String secretKey) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", InstalledPack.S3_SINK);
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("debezium.unwrap", "true");
        config.put("s3.bucket.name", bucket(name));
        config.put("store.url", S3.endpoint().toString());
        config.put("s3.region", S3.region());
        config.put("s3.path.style.access.enabled", "true");
        config.put("s3.credentials.provider", "static");
        config.put("aws.access.key.id", accessKeyId);
        config.put("aws.secret.access.key", secretKey);
        config.put("flush.size", "3");
        config.put("rotate.schedule.interval.ms", "1000");
        return config;
    }

    private static final Map<String, String> BUCKETS = new HashMap<>();

    private static synchronized String bucket(String name) {
        return BUCKETS.computeIfAbsent(name, each -> S3.createBucket("secrets-" + each));
    }

    private static String topic(String cdcName) {
        return "secrets-" + cdcName.substring("cdc-".length()) + ".public.items";
    }

    /** The placeholder of a value: from the secrets file ({@code key}) or the environment ({@code variable}). */
    private static String secret(String provider, String key, String variable) {
        return provider.equals("env") ? "${env:" + variable + "}" : "${file:" + secretsFile + ":" + key + "}";
    }

    private static Map<String, List<String>> validate(String connectorClass, Map<String, String> config)
            throws IOException {
        Map<String, String> named = new HashMap<>(config);
        named.put("name", "secrets-validate");
        return errorsOf(rest.put("/connector-plugins/" + connectorClass + "/config/validate",
                JSON.writeValueAsString(named)));
    }

    private static void writeProperties(Path file, Map<String, String> values) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        Path written = Files.createTempFile(file.getParent(), "rotating", ".tmp");
        try (var out = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
            properties.store(out, null);
        }
        Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void create(String connector, Map<String, String> config) throws IOException {
        Exchange response = rest.put("/connectors/" + connector + "/config", JSON.writeValueAsString(config));
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        CONNECTORS.add(connector);
    }

    private static void awaitRunning(String connector) {
        awaitRunning(connector, true);
    }

    /** Waits for the connector and its task RUNNING; failFast: give up at once on FAILED (not after a restart). */
    private static void awaitRunning(String connector, boolean failFast) {
        await(connector + " running").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode status = JSON.readTree(rest.get("/connectors/" + connector + "/status").body());
            if (failFast && status.toString().contains("\"FAILED\"")) {
                throw new AssertionError(connector + " failed: " + status.toPrettyString());
            }
            return "RUNNING".equals(status.path("connector").path("state").asText())
                    && status.path("tasks").size() == 1
                    && "RUNNING".equals(status.path("tasks").path(0).path("state").asText());
        });
    }

    private static JsonNode awaitFailed(String connector) {
        return await(connector + " FAILED").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> JSON.readTree(rest.get("/connectors/" + connector + "/status").body()),
                        status -> status.toString().contains("\"FAILED\""));
    }

    private static Map<String, List<String>> errorsOf(Exchange validation) {
        assertThat(validation.status()).as(validation.toString()).isEqualTo(200);
        Map<String, List<String>> errors = new HashMap<>();
        try {
            for (JsonNode config : JSON.readTree(validation.body()).path("configs")) {
                JsonNode value = config.path("value");
                List<String> messages = new ArrayList<>();
                value.path("errors").forEach(message -> messages.add(message.asText()));
                if (!messages.isEmpty()) {
                    errors.put(value.path("name").asText(), messages);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return errors;
    }

    private static String randomSecret(String prefix) {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder secret = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 20; i++) {
            secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return secret.toString();
    }

    private static String excerpt(String line, String secret) {
        int at = line.indexOf(secret);
        String around = line.substring(Math.max(0, at - 120), Math.min(line.length(), at + secret.length() + 40));
        return around.replace(secret, "<SECRET>");
    }

    private static void writeReport(Map<String, List<String>> corpora, int leaks) {
        StringBuilder text = new StringBuilder();
        text.append("A one-worker Connect cluster loads the pack from plugin.path with `config.providers=file,env`"
                + " (`FileConfigProvider`, `EnvVarConfigProvider`). Two CDC sources (PostgreSQL over TLS,"
                + " `database.sslmode=verify-full` with a CA and server certificate made at test time, and a client"
                + " certificate whose PKCS-12 key `database.sslpassword` opens) and two S3 sinks run with every"
                + " secret taken from a properties file (`${file:...}`) for one and from the environment"
                + " (`${env:...}`) for the other; changes flowed to Kafka and S3. Then: a wrong database password, a"
                + " wrong client-key password and a wrong S3 secret (tasks FAILED), and invalid configs with literal"
                + " secrets sent to `validate`, `POST /connectors` and `PUT /connectors/<name>/config` (400).\n\n");
        text.append("| scanned | count |\n| --- | ---: |\n");
        corpora.forEach((corpus, lines) -> text.append("| ").append(corpus).append(" | ").append(lines.size())
                .append(" |\n"));
        text.append("\nSecrets searched for (").append(SECRETS.size()).append("): ")
                .append(String.join(", ", SECRETS.keySet())).append(".\n\n");
        text.append("Occurrences of a secret found: **").append(leaks).append("**.\n");
        ReliabilityReport.writeSection("secrets", "Secrets", SecretsIT.class, text.toString());
    }
}
