package dev.tiered.connect.cdc.postgres;

import dev.tiered.connect.cdc.postgres.stream.PostgresConnections;
import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.common.config.ConnectorPluginValidation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log-based change data capture from PostgreSQL (pgoutput over pgjdbc) emitting Debezium's change events. One task:
 * a logical replication slot is read by one session.
 *
 * <p>Exactly-once source support (KIP-618), as Debezium's: a restart resumes exactly after the last stored offset (a
 * poll never splits records sharing an offset, a restart skips what a cut-short transaction already delivered), so on
 * a worker with {@code exactly.once.source.support=enabled} every change is written once. Transaction boundaries are
 * Connect's ({@code transaction.boundary=poll} by default); the connector does not define its own.
 */
public class PostgresCdcSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(PostgresCdcSourceConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        PostgresCdcConfig config = new PostgresCdcConfig(props);
        config.requireSupportedSnapshotMode();
        this.props = Map.copyOf(props);
        log.info("PostgreSQL CDC of {} as '{}', slot '{}', publication '{}'", config.connections(),
                config.topicPrefix(), config.slotName(), config.publicationName());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PostgresCdcSourceTask.class;
    }

    /** One task whatever tasks.max says: a slot has one reader. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConfigDef config() {
        return PostgresCdcConfig.CONFIG_DEF;
    }

    /**
     * Connect's per-key checks, then rules over several keys, the snapshot mode, and, when all of that passes, a
     * connection to the database and its {@code wal_level}; errors name the key and the cause, never the password.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = ConnectorPluginValidation.withAttachedPlugins(super.validate(connectorConfigs),
                connectorConfigs);
        if (config.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
            return config;
        }
        PostgresCdcConfig parsed;
        try {
            parsed = new PostgresCdcConfig(connectorConfigs);
            parsed.requireSupportedSnapshotMode();
        } catch (ConfigException e) {
            addError(config, keyOf(e), e.getMessage());
            return config;
        }
        checkDatabase(parsed.connections()).ifPresent(problem -> addError(config, problem.key(), problem.message()));
        return config;
    }

    record Problem(String key, String message) { }

    /** Connects and checks {@code wal_level}; the problem names the key to fix. */
    static Optional<Problem> checkDatabase(PostgresConnections connections) {
        try (Connection connection = connections.open(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW wal_level")) {
            result.next();
            String level = result.getString(1);
            if (!"logical".equals(level)) {
                return Optional.of(new Problem(PostgresCdcConfig.HOSTNAME_CONFIG, "The server at "
                        + connections.url() + " has wal_level=" + level + "; logical decoding needs wal_level=logical"
                        + " (set it in postgresql.conf and restart the server)"));
            }
            return Optional.empty();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String key = switch (state) {
                case "28P01" -> PostgresCdcConfig.PASSWORD_CONFIG;
                case "28000" -> PostgresCdcConfig.USER_CONFIG;
                case "3D000" -> PostgresCdcConfig.DBNAME_CONFIG;
                default -> isTlsProblem(e) ? tlsKey(e, connections) : PostgresCdcConfig.HOSTNAME_CONFIG;
            };
            return Optional.of(new Problem(key, "Could not connect to " + connections + " (" + connections.tls()
                    + "): " + connections.describe(e)));
        }
    }

    /** A failed handshake or certificate check: pgjdbc wraps the JSSE exception, or says "SSL" itself. */
    private static boolean isTlsProblem(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException || cause instanceof java.security.GeneralSecurityException
                    || (cause.getMessage() != null && (cause.getMessage().contains("SSL")
                            || cause.getMessage().contains("hostname")))) {
                return true;
            }
        }
        return false;
    }

    /** The key to fix for a TLS problem: the client key's password, else the CA file when one is set, else the mode. */
    private static String tlsKey(SQLException e, PostgresConnections connections) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.security.UnrecoverableKeyException || (cause.getMessage() != null
                    && (cause.getMessage().contains("password was incorrect")
                            || cause.getMessage().contains("SSL key")))) {
                return PostgresCdcConfig.SSL_PASSWORD_CONFIG;
            }
        }
        return connections.tls().rootCert() != null ? PostgresCdcConfig.SSL_ROOT_CERT_CONFIG
                : PostgresCdcConfig.SSL_MODE_CONFIG;
    }

    private static String keyOf(ConfigException e) {
        String message = e.getMessage();
        for (ConfigDef.ConfigKey key : PostgresCdcConfig.CONFIG_DEF.configKeys().values()) {
            if (message != null && message.contains(" for configuration " + key.name + ":")) {
                return key.name;
            }
        }
        return PostgresCdcConfig.SNAPSHOT_MODE_CONFIG;
    }

    private static void addError(Config config, String key, String message) {
        for (ConfigValue value : config.configValues()) {
            if (value.name().equals(key)) {
                value.addErrorMessage(message);
                return;
            }
        }
        ConfigValue value = new ConfigValue(key);
        value.addErrorMessage(message);
        config.configValues().add(value);
    }
}
