package dev.tiered.connect.cdc.postgres.stream;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How to reach the database: plain JDBC connections (catalog, setup) and replication connections
 * ({@code replication=database}), both with the same TLS settings. {@link #toString()} leaves the passwords out.
 */
public record PostgresConnections(String host, int port, String database, String user, String password, Tls tls) {

    /**
     * pgjdbc's TLS properties ({@code sslmode}, {@code sslrootcert}, ...); null fields are left to pgjdbc's defaults.
     * {@link #toString()} leaves the key password out.
     */
    public record Tls(String mode, String rootCert, String cert, String key, String keyPassword, String factory) {

        /** pgjdbc's default, plain connections allowed. */
        public static final Tls PREFER = new Tls("prefer", null, null, null, null, null);

        void addTo(Properties properties) {
            properties.setProperty("sslmode", mode);
            setIfPresent(properties, "sslrootcert", rootCert);
            setIfPresent(properties, "sslcert", cert);
            setIfPresent(properties, "sslkey", key);
            setIfPresent(properties, "sslpassword", keyPassword);
            setIfPresent(properties, "sslfactory", factory);
        }

        private static void setIfPresent(Properties properties, String name, String value) {
            if (value != null) {
                properties.setProperty(name, value);
            }
        }

        @Override
        public String toString() {
            return "sslmode=" + mode + (rootCert == null ? "" : ", sslrootcert=" + rootCert);
        }
    }

    public PostgresConnections {
        tls = tls == null ? Tls.PREFER : tls;
    }

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
        tls.addTo(properties);
        if (replication) {
            properties.setProperty("replication", "database");
            properties.setProperty("preferQueryMode", "simple");
            properties.setProperty("assumeMinServerVersion", "10");
        }
        return properties;
    }

    /** {@code message} with the passwords, should a driver echo them, masked; the longer first (it may hold one). */
    public String redact(String message) {
        String keyPassword = tls.keyPassword();
        boolean keyPasswordFirst = keyPassword != null
                && (password == null || keyPassword.length() > password.length());
        return keyPasswordFirst ? mask(mask(message, keyPassword), password)
                : mask(mask(message, password), keyPassword);
    }

    /**
     * The redacted message of a failed connection or statement, with the messages of its causes that say more (pgjdbc
     * reports a wrong client-key password as "Could not find a java cryptographic algorithm"; its cause says it).
     */
    public String describe(SQLException e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        int causes = 0;
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause() && causes < 3;
                cause = cause.getCause()) {
            if (cause.getMessage() != null && message.indexOf(cause.getMessage()) < 0) {
                message.append(causes++ == 0 ? " (cause: " : "; ").append(cause.getMessage());
            }
        }
        return redact(causes == 0 ? message.toString() : message.append(')').toString());
    }

    private static String mask(String message, String secret) {
        if (message == null || secret == null || secret.isEmpty()) {
            return message;
        }
        return message.replace(secret, "********");
    }

    @Override
    public String toString() {
        return user + "@" + url();
    }
}
