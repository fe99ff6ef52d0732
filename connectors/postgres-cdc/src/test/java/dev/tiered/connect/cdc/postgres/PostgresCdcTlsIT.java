package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.PostgresTestServer;
import dev.tiered.connect.testkit.TestCertificates;
import dev.tiered.connect.testkit.TestNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to PostgreSQL: a dedicated server with a certificate from a CA made at test time; the connector in
 * {@code verify-full} mode with a client certificate snapshots and streams over TLS on every connection, and a wrong
 * CA, a certificate for another host, or an unreadable file fail with an error naming the key, without the password.
 */
class PostgresCdcTlsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String APPLICATION_NAME = "tiered-connect-postgres-cdc";
    private static final String KEY_PASSWORD = "tls-key-pass-" + TestNames.unique("k");

    @TempDir
    static Path certificateDirectory;

    private static TestCertificates certificates;
    private static PostgresTestServer pg;
    private final ConnectTestCluster cluster = ConnectTestCluster.shared();
    private String db;
    private String connector;

    @BeforeAll
    static void startTlsServer() {
        certificates = TestCertificates.create(certificateDirectory.resolve("ca"));
        Map<String, String> settings = new HashMap<>(certificates.postgresSettings());
        settings.put("log_connections", "on");
        pg = PostgresTestServer.dedicated(settings);
    }

    @AfterAll
    static void stopTlsServer() {
        if (pg != null) {
            pg.close();
        }
    }

    @AfterEach
    void cleanUp() {
        if (connector != null) {
            cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        }
        if (db != null) {
            pg.dropDatabase(db);
        }
    }

    @Test
    void verifyFullWithAClientCertificateSnapshotsAndStreamsOverTlsOnEveryConnection() throws IOException {
        db = pg.createDatabase("tls");
        pg.execute(db, "CREATE TABLE items (id int PRIMARY KEY, name text)",
                "INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        String user = "cdc_tls_" + db.substring(db.length() - 6);
        Map<String, String> config = connectorConfig();
        config.put("database.sslmode", "verify-full");
        config.put("database.sslrootcert", certificates.caCertificate().toString());
        config.put("database.sslkey", certificates.clientKeystore(user, KEY_PASSWORD).toString());
        config.put("database.sslpassword", KEY_PASSWORD);

        assertThat(errors(cluster.connect().validateConnectorConfig(PostgresCdcSourceConnector.class.getName(),
                config))).as("validate over TLS").isEmpty();
        connector = config.get("name");
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, 1, TIMEOUT);
        String topic = config.get("topic.prefix") + ".public.items";
        assertThat(cluster.consume(topic, 3, TIMEOUT)).as("snapshot over TLS").hasSize(3);
        pg.execute(db, "INSERT INTO items VALUES (4, 'four')", "UPDATE items SET name = 'uno' WHERE id = 1");
        assertThat(cluster.consume(topic, 5, TIMEOUT)).as("snapshot and streamed changes over TLS").hasSize(5);

        // The live backends: the catalog (JDBC) connection and the walsender, both encrypted, both presenting the
        // client certificate whose key only database.sslpassword opens.
        List<Map<String, Object>> backends = await("the connector's JDBC and walsender backends").atMost(TIMEOUT)
                .until(() -> pg.query("postgres", "SELECT a.backend_type, s.ssl, s.version, s.client_dn"
                        + " FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid"
                        + " WHERE a.application_name = ? AND a.datname = ?", APPLICATION_NAME, db),
                        rows -> rows.stream().map(row -> row.get("backend_type")).collect(Collectors.toSet())
                                .containsAll(List.of("client backend", "walsender")));
        assertThat(backends).allSatisfy(backend -> {
            assertThat(backend.get("ssl")).as("ssl of %s", backend).isEqualTo(true);
            assertThat((String) backend.get("client_dn")).as("client certificate of %s", backend)
                    .contains("CN=" + user);
        });
        // Every connection to the database (the connector's validate, snapshot, catalog and replication ones, and this
        // test's) was encrypted; pgjdbc names the application in the log line of replication connections only.
        List<String> allAuthorized = Files.readAllLines(pg.logFile(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("connection authorized")).toList();
        List<String> authorized = allAuthorized.stream()
                .filter(line -> line.contains("database=" + db + " ") || (line.contains("replication connection")
                        && line.contains("application_name=" + APPLICATION_NAME)))
                .toList();
        assertThat(authorized).as("connections logged by log_connections, of %s", allAuthorized)
                .anyMatch(line -> line.contains("replication connection authorized"))
                .anyMatch(line -> !line.contains("replication connection authorized"))
                .allMatch(line -> line.contains("SSL enabled"));
    }

    @Test
    void aCertificateFromAnotherCaFailsValidateAndCreationWithoutThePassword() {
        db = pg.createDatabase("tls_ca");
        TestCertificates otherCa = TestCertificates.create(certificateDirectory.resolve("other-ca"));
        Map<String, String> config = connectorConfig();
        config.put("database.sslmode", "verify-ca");
        config.put("database.sslrootcert", otherCa.caCertificate().toString());

        Map<String, List<String>> errors = errors(cluster.connect().validateConnectorConfig(
                PostgresCdcSourceConnector.class.getName(), config));
        assertThat(errors).containsOnlyKeys("database.sslrootcert");
        assertThat(errors.get("database.sslrootcert").get(0)).contains("SSL").doesNotContain(pg.password());

        // Connect validates before it creates a connector: the request is refused with the same message.
        assertThatThrownBy(() -> cluster.connect().configureConnector(config.get("name"), config))
                .isInstanceOf(ConnectRestException.class)
                .hasMessageContaining("400").hasMessageContaining("SSL error").hasMessageContaining(db)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pg.password()));
    }

    @Test
    void aServerCertificateForAnotherHostFailsVerifyFullButPassesVerifyCa() {
        db = pg.createDatabase("tls_host");
        Map<String, String> config = connectorConfig();
        config.put("database.sslrootcert", certificates.caCertificate().toString());
        certificates.writeServerCertificate("dns:db.example.invalid");
        try {
            pg.query("postgres", "SELECT pg_reload_conf()");
            config.put("database.sslmode", "verify-full");
            await("the server serves the certificate for db.example.invalid").atMost(TIMEOUT)
                    .until(() -> errors(cluster.connect().validateConnectorConfig(
                            PostgresCdcSourceConnector.class.getName(), config)),
                            errors -> !errors.isEmpty());
            Map<String, List<String>> errors = errors(cluster.connect().validateConnectorConfig(
                    PostgresCdcSourceConnector.class.getName(), config));
            assertThat(errors).containsOnlyKeys("database.sslrootcert");
            assertThat(errors.get("database.sslrootcert").get(0)).contains("127.0.0.1").contains("verif")
                    .doesNotContain(pg.password());

            config.put("database.sslmode", "verify-ca");
            assertThat(errors(cluster.connect().validateConnectorConfig(PostgresCdcSourceConnector.class.getName(),
                    config))).as("verify-ca does not check the host name").isEmpty();
        } finally {
            certificates.writeServerCertificate("ip:127.0.0.1", "dns:localhost");
            pg.query("postgres", "SELECT pg_reload_conf()");
        }
    }

    @Test
    void anUnreadableCertificateFileFailsValidateNamingTheKey() {
        db = pg.createDatabase("tls_file");
        Map<String, String> config = connectorConfig();
        config.put("database.sslmode", "verify-full");
        config.put("database.sslrootcert", certificateDirectory.resolve("missing.pem").toString());
        config.put("database.sslkey", certificateDirectory.toString());

        Map<String, List<String>> errors = errors(cluster.connect().validateConnectorConfig(
                PostgresCdcSourceConnector.class.getName(), config));
        assertThat(errors).containsOnlyKeys("database.sslrootcert", "database.sslkey");
        assertThat(errors.get("database.sslrootcert").get(0)).contains("missing.pem").contains("not a readable file");
    }

    private Map<String, String> connectorConfig() {
        Map<String, String> config = new HashMap<>(ConnectTestCluster.jsonConverters(false));
        config.put("name", TestNames.unique("pg-tls"));
        config.put("connector.class", PostgresCdcSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("database.hostname", pg.host());
        config.put("database.port", Integer.toString(pg.port()));
        config.put("database.user", pg.user());
        config.put("database.password", pg.password());
        config.put("database.dbname", db);
        config.put("topic.prefix", TestNames.unique("tls"));
        config.put("slot.name", db);
        config.put("publication.name", db);
        return config;
    }

    private static Map<String, List<String>> errors(ConfigInfos infos) {
        return infos.configs().stream().map(ConfigInfo::configValue).filter(value -> !value.errors().isEmpty())
                .collect(Collectors.toMap(value -> value.name(), value -> value.errors()));
    }
}
