package dev.tiered.connect.cdc.postgres.stream;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How to reach the database: plain JDBC connections (catalog, setup) and replication connections
 * ({@code replication=database}). {@link #toString()} leaves the password out.
 */
public record PostgresConnections(String host, int port, String database, String user, String password) {

    private static final String APPLICATION_NAME = "tiered-connect-postgres-cdc";

    public String url() {
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    /** A plain connection, auto-commit. */
    public Connection open() throws SQLException {
        return DriverManager.getConnection(url(), properties(false));
    }

    /** A logical replication connection to {@link #database()}. */
    public Connection openReplication() throws SQLException {
        return DriverManager.getConnection(url(), properties(true));
    }

    private Properties properties(boolean replication) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("connectTimeout", "30");
        properties.setProperty("tcpKeepAlive", "true");
        if (replication) {
            properties.setProperty("replication", "database");
            properties.setProperty("preferQueryMode", "simple");
            properties.setProperty("assumeMinServerVersion", "10");
        }
        return properties;
    }

    /** {@code message} with the password, should a driver ever echo it, masked. */
    public String redact(String message) {
        if (message == null || password == null || password.isEmpty()) {
            return message;
        }
        return message.replace(password, "********");
    }

    @Override
    public String toString() {
        return user + "@" + url();
    }
}
