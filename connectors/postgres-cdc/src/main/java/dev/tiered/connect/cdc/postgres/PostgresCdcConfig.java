package dev.tiered.connect.cdc.postgres;

import dev.tiered.connect.cdc.postgres.event.ColumnFilter;
import dev.tiered.connect.cdc.postgres.event.ColumnMapping;
import dev.tiered.connect.cdc.postgres.event.CustomConverters;
import dev.tiered.connect.cdc.postgres.event.Op;
import dev.tiered.connect.cdc.postgres.event.TypeSettings;
import dev.tiered.connect.cdc.postgres.snapshot.SnapshotMode;
import dev.tiered.connect.cdc.postgres.stream.PostgresConnections;
import dev.tiered.connect.cdc.postgres.stream.PublicationMode;
import dev.tiered.connect.cdc.postgres.stream.StreamSettings;
import dev.tiered.connect.cdc.postgres.stream.TableFilter;
import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.common.config.Validators;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration of {@link PostgresCdcSourceConnector} and its task, with Debezium's PostgreSQL connector key
 * names, defaults and rules ({@code PostgresConnectorConfig}, {@code CommonConnectorConfig}).
 */
public final class PostgresCdcConfig extends AbstractConfig {

    public static final String HOSTNAME_CONFIG = "database.hostname";
    public static final String PORT_CONFIG = "database.port";
    public static final String USER_CONFIG = "database.user";
    public static final String PASSWORD_CONFIG = "database.password";
    public static final String DBNAME_CONFIG = "database.dbname";
    public static final String SSL_MODE_CONFIG = "database.sslmode";
    public static final String SSL_ROOT_CERT_CONFIG = "database.sslrootcert";
    public static final String SSL_CERT_CONFIG = "database.sslcert";
    public static final String SSL_KEY_CONFIG = "database.sslkey";
    public static final String SSL_PASSWORD_CONFIG = "database.sslpassword";
    public static final String SSL_FACTORY_CONFIG = "database.sslfactory";
    /** Debezium's (and libpq's) SSL modes, passed to pgjdbc as its {@code sslmode}. */
    public static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");
    public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
    public static final String SLOT_NAME_CONFIG = "slot.name";
    public static final String PUBLICATION_NAME_CONFIG = "publication.name";
    public static final String PUBLICATION_AUTOCREATE_MODE_CONFIG = "publication.autocreate.mode";
    public static final String TABLE_INCLUDE_LIST_CONFIG = "table.include.list";
    public static final String TABLE_EXCLUDE_LIST_CONFIG = "table.exclude.list";
    public static final String TOMBSTONES_ON_DELETE_CONFIG = "tombstones.on.delete";
    public static final String SKIPPED_OPERATIONS_CONFIG = "skipped.operations";
    public static final String HEARTBEAT_INTERVAL_MS_CONFIG = "heartbeat.interval.ms";
    public static final String SNAPSHOT_MODE_CONFIG = "snapshot.mode";
    public static final String SNAPSHOT_FETCH_SIZE_CONFIG = "snapshot.fetch.size";
    public static final String SNAPSHOT_LOCK_TIMEOUT_MS_CONFIG = "snapshot.lock.timeout.ms";
    public static final String MAX_QUEUE_SIZE_CONFIG = "max.queue.size";
    public static final String MAX_BATCH_SIZE_CONFIG = "max.batch.size";
    public static final String POLL_INTERVAL_MS_CONFIG = "poll.interval.ms";

    /** Debezium's snapshot modes; all but configuration_based and custom run ({@link SnapshotMode}). */
    public static final List<String> SNAPSHOT_MODES = List.of("initial", "always", "no_data", "initial_only",
            "when_needed", "configuration_based", "custom");
    public static final String SNAPSHOT_NO_DATA = "no_data";
    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 60_000;

    public static final String COLUMN_INCLUDE_LIST_CONFIG = "column.include.list";
    public static final String COLUMN_EXCLUDE_LIST_CONFIG = "column.exclude.list";
    public static final String CONVERTERS_CONFIG = CustomConverters.CONVERTERS_CONFIG;
    public static final String HEARTBEAT_ACTION_QUERY_CONFIG = "heartbeat.action.query";
    public static final String EXTENDED_HEADERS_ENABLED_CONFIG = "extended.headers.enabled";
    public static final String DECIMAL_HANDLING_MODE_CONFIG = "decimal.handling.mode";
    public static final String TIME_PRECISION_MODE_CONFIG = "time.precision.mode";
    public static final String BINARY_HANDLING_MODE_CONFIG = "binary.handling.mode";
    public static final String INTERVAL_HANDLING_MODE_CONFIG = "interval.handling.mode";
    public static final String HSTORE_HANDLING_MODE_CONFIG = "hstore.handling.mode";
    public static final String MONEY_FRACTION_DIGITS_CONFIG = "money.fraction.digits";
    public static final String MAX_IN_FLIGHT_RECORDS_CONFIG = "max.in.flight.records";
    public static final int DEFAULT_MAX_IN_FLIGHT_RECORDS = 8192;

    private static final String CONNECTION_GROUP = "Connection";
    private static final String SSL_GROUP = "Connection TLS";
    private static final String REPLICATION_GROUP = "Replication";
    private static final String EVENTS_GROUP = "Events";
    private static final String COLUMNS_GROUP = "Columns";
    private static final String TYPES_GROUP = "Data types";
    private static final String TUNING_GROUP = "Tuning";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(HOSTNAME_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.NON_BLANK, Importance.HIGH,
                    "The host name or address of the PostgreSQL server.",
                    CONNECTION_GROUP, 1, Width.MEDIUM, "Host")
            .define(PORT_CONFIG, Type.INT, 5432, ConfigDef.Range.between(1, 65_535), Importance.HIGH,
                    "The port of the PostgreSQL server.",
                    CONNECTION_GROUP, 2, Width.SHORT, "Port")
            .define(USER_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.NON_BLANK, Importance.HIGH,
                    "The user to connect as; it needs the REPLICATION attribute (or superuser) and, unless the"
                            + " publication exists, the right to create it.",
                    CONNECTION_GROUP, 3, Width.MEDIUM, "User")
            .define(PASSWORD_CONFIG, Type.PASSWORD, null, null, Importance.HIGH,
                    "The password of database.user; never logged.",
                    CONNECTION_GROUP, 4, Width.MEDIUM, "Password")
            .define(DBNAME_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.NON_BLANK, Importance.HIGH,
                    "The database whose changes are captured (also source.db of every event).",
                    CONNECTION_GROUP, 5, Width.MEDIUM, "Database")
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.TOPIC_NAME,
                    Importance.HIGH,
                    "The logical name of the server: topics are <topic.prefix>.<schema>.<table>, and it is the"
                            + " source.name of events and the 'server' of the offsets' partition.",
                    CONNECTION_GROUP, 6, Width.MEDIUM, "Topic prefix")
            .define(SSL_MODE_CONFIG, Type.STRING, "prefer",
                    ConfigDef.CaseInsensitiveValidString.in(SSL_MODES.toArray(String[]::new)), Importance.MEDIUM,
                    "Whether every connection (queries and replication) is encrypted, as Debezium's and libpq's"
                            + " sslmode: 'disable' (never), 'allow' (plain first, then TLS), 'prefer' (TLS first, then"
                            + " plain), 'require' (TLS, no verification), 'verify-ca' (TLS, server certificate signed"
                            + " by database.sslrootcert), 'verify-full' (as verify-ca, and the certificate names"
                            + " database.hostname).",
                    SSL_GROUP, 1, Width.SHORT, "SSL mode")
            .define(SSL_ROOT_CERT_CONFIG, Type.STRING, null, ConfigValidators.READABLE_FILE, Importance.MEDIUM,
                    "The file of CA certificates (PEM) the server's certificate is verified against in verify-ca"
                            + " and verify-full modes; empty for pgjdbc's default (~/.postgresql/root.crt).",
                    SSL_GROUP, 2, Width.LONG, "SSL root certificate")
            .define(SSL_CERT_CONFIG, Type.STRING, null, ConfigValidators.READABLE_FILE, Importance.LOW,
                    "The file of the client certificate (PEM) sent to the server; empty for pgjdbc's default"
                            + " (~/.postgresql/postgresql.crt, sent only if it exists).",
                    SSL_GROUP, 3, Width.LONG, "SSL client certificate")
            .define(SSL_KEY_CONFIG, Type.STRING, null, ConfigValidators.READABLE_FILE, Importance.LOW,
                    "The file of the client certificate's private key: PKCS-8 DER (.pk8), or a PKCS-12 keystore"
                            + " (.p12, .pfx; key and certificate under the alias 'user') as pgjdbc reads them.",
                    SSL_GROUP, 4, Width.LONG, "SSL client key")
            .define(SSL_PASSWORD_CONFIG, Type.PASSWORD, null, null, Importance.LOW,
                    "The password of the client key in database.sslkey; never logged.",
                    SSL_GROUP, 5, Width.MEDIUM, "SSL client key password")
            .define(SSL_FACTORY_CONFIG, Type.STRING, null, null, Importance.LOW,
                    "A javax.net.ssl.SSLSocketFactory class pgjdbc creates TLS sockets with instead of its own"
                            + " (which implements the modes above); as pgjdbc's sslfactory.",
                    SSL_GROUP, 6, Width.LONG, "SSL socket factory")
            .define(SLOT_NAME_CONFIG, Type.STRING, "debezium", ConfigValidators.SLOT_NAME, Importance.MEDIUM,
                    "The logical replication slot (pgoutput) to stream from, created when missing; only lower-case"
                            + " letters, digits and underscores, at most 63 characters.",
                    REPLICATION_GROUP, 1, Width.MEDIUM, "Slot name")
            .define(PUBLICATION_NAME_CONFIG, Type.STRING, "dbz_publication", Validators.NON_BLANK,
                    Importance.MEDIUM,
                    "The publication whose tables pgoutput streams.",
                    REPLICATION_GROUP, 2, Width.MEDIUM, "Publication name")
            .define(PUBLICATION_AUTOCREATE_MODE_CONFIG, Type.STRING, PublicationMode.ALL_TABLES.value(),
                    ConfigDef.CaseInsensitiveValidString.in(PublicationMode.values_()), Importance.MEDIUM,
                    "What to do with the publication at start: 'all_tables' creates it FOR ALL TABLES when missing,"
                            + " 'disabled' requires it to exist, 'filtered' creates or alters it to hold exactly the"
                            + " tables the include/exclude lists select, 'no_tables' creates it empty when missing.",
                    REPLICATION_GROUP, 3, Width.SHORT, "Publication autocreate mode")
            .define(TABLE_INCLUDE_LIST_CONFIG, Type.LIST, "", ConfigValidators.REGEX_LIST, Importance.HIGH,
                    "Regular expressions matching whole <schema>.<table> names of the tables to capture; empty for"
                            + " all; not together with table.exclude.list.",
                    REPLICATION_GROUP, 4, Width.LONG, "Tables to include")
            .define(TABLE_EXCLUDE_LIST_CONFIG, Type.LIST, "", ConfigValidators.REGEX_LIST, Importance.MEDIUM,
                    "Regular expressions matching whole <schema>.<table> names of tables not to capture; not"
                            + " together with table.include.list.",
                    REPLICATION_GROUP, 5, Width.LONG, "Tables to exclude")
            .define(SNAPSHOT_MODE_CONFIG, Type.STRING, "initial",
                    ConfigDef.CaseInsensitiveValidString.in(SNAPSHOT_MODES.toArray(String[]::new)), Importance.HIGH,
                    "Debezium's snapshot modes: 'initial' (snapshot when there is no offset or the last snapshot did"
                            + " not finish, then stream), 'always' (snapshot at every start), 'no_data' (stream"
                            + " only), 'initial_only' (snapshot, then stop), 'when_needed' (as initial, and again when"
                            + " the slot no longer has the stored position). 'configuration_based' and 'custom' are"
                            + " not supported yet.",
                    REPLICATION_GROUP, 6, Width.SHORT, "Snapshot mode")
            .define(SNAPSHOT_FETCH_SIZE_CONFIG, Type.INT, 10_240, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Rows fetched per round trip while a snapshot reads a table (Debezium's default, 10240).",
                    REPLICATION_GROUP, 7, Width.SHORT, "Snapshot fetch size")
            .define(SNAPSHOT_LOCK_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "How long, in milliseconds, a snapshot waits for each table's ACCESS SHARE lock.",
                    REPLICATION_GROUP, 8, Width.SHORT, "Snapshot lock timeout (ms)")
            .define(TOMBSTONES_ON_DELETE_CONFIG, Type.BOOLEAN, true, null, Importance.MEDIUM,
                    "Whether each delete event is followed by a tombstone (same key, null value) for log compaction.",
                    EVENTS_GROUP, 1, Width.SHORT, "Tombstones on delete")
            .define(SKIPPED_OPERATIONS_CONFIG, Type.LIST, "t", ConfigValidators.SKIPPED_OPERATIONS,
                    Importance.LOW,
                    "Operations not emitted, from r (read), c (create), u (update), d (delete), t (truncate), or 'none'.",
                    EVENTS_GROUP, 2, Width.SHORT, "Skipped operations")
            .define(HEARTBEAT_INTERVAL_MS_CONFIG, Type.INT, DEFAULT_HEARTBEAT_INTERVAL_MS, ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    "How often, in milliseconds, a heartbeat record (topic __debezium-heartbeat.<topic.prefix>)"
                            + " carries the latest position, so offsets and the slot advance while the captured"
                            + " tables are idle; 0 turns heartbeats off (Debezium's default; ours is on).",
                    EVENTS_GROUP, 3, Width.SHORT, "Heartbeat interval (ms)")
            .define(MAX_QUEUE_SIZE_CONFIG, Type.INT, 8192, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "The most change records buffered between the replication stream and Connect; must be larger"
                            + " than max.batch.size.",
                    TUNING_GROUP, 1, Width.SHORT, "Max queue size")
            .define(MAX_BATCH_SIZE_CONFIG, Type.INT, 2048, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "The most records one poll returns.",
                    TUNING_GROUP, 2, Width.SHORT, "Max batch size")
            .define(POLL_INTERVAL_MS_CONFIG, Type.LONG, 500L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How long, in milliseconds, a poll waits for new change records before returning none.",
                    TUNING_GROUP, 3, Width.SHORT, "Poll interval (ms)")
            .define(COLUMN_INCLUDE_LIST_CONFIG, Type.LIST, "", ConfigValidators.REGEX_LIST, Importance.MEDIUM,
                    "Regular expressions matching whole <schema>.<table>.<column> names (case-insensitive) of the"
                            + " columns to keep in change events; empty for all; not together with"
                            + " column.exclude.list.",
                    COLUMNS_GROUP, 1, Width.LONG, "Columns to include")
            .define(COLUMN_EXCLUDE_LIST_CONFIG, Type.LIST, "", ConfigValidators.REGEX_LIST, Importance.MEDIUM,
                    "Regular expressions matching whole <schema>.<table>.<column> names (case-insensitive) of the"
                            + " columns to drop from change events; not together with column.include.list.",
                    COLUMNS_GROUP, 2, Width.LONG, "Columns to exclude")
            .define(CONVERTERS_CONFIG, Type.LIST, "", null, Importance.LOW,
                    "Names of Debezium custom converters (io.debezium.spi.converter.CustomConverter), each set"
                            + " up by <name>.type=<class> and configured with its <name>.<option> keys; the first"
                            + " that registers for a column replaces its built-in conversion.",
                    COLUMNS_GROUP, 3, Width.MEDIUM, "Custom converters")
            .define(HEARTBEAT_ACTION_QUERY_CONFIG, Type.STRING, null, null, Importance.LOW,
                    "A statement executed on the captured database with every heartbeat (e.g. an UPDATE of a"
                            + " heartbeat table), as Debezium's; empty runs none.",
                    EVENTS_GROUP, 20, Width.LONG, "Heartbeat action query")
            .define(EXTENDED_HEADERS_ENABLED_CONFIG, Type.BOOLEAN, true, null, Importance.LOW,
                    "Whether change records carry Debezium's context headers (__debezium.context.connectorName,"
                            + " connectorLogicalName, taskId, runId).",
                    EVENTS_GROUP, 21, Width.SHORT, "Extended headers")
            .define(DECIMAL_HANDLING_MODE_CONFIG, Type.STRING, "precise",
                    ConfigDef.CaseInsensitiveValidString.in("precise", "double", "string"), Importance.MEDIUM,
                    "How numeric, decimal and money values are represented: 'precise' as Connect Decimal"
                            + " (VariableScaleDecimal for numeric without scale), 'double', or 'string'.",
                    TYPES_GROUP, 1, Width.SHORT, "Decimal handling mode")
            .define(TIME_PRECISION_MODE_CONFIG, Type.STRING, "adaptive",
                    ConfigDef.CaseInsensitiveValidString.in("adaptive", "adaptive_time_microseconds", "connect"),
                    Importance.MEDIUM, "How time, date and timestamp values are represented: 'adaptive' by the"
                            + " column's precision, 'adaptive_time_microseconds' (time always in microseconds),"
                            + " or 'connect' (Kafka Connect's Date, Time and Timestamp, millisecond precision).",
                    TYPES_GROUP, 2, Width.SHORT, "Time precision mode")
            .define(BINARY_HANDLING_MODE_CONFIG, Type.STRING, "bytes",
                    ConfigDef.CaseInsensitiveValidString.in("bytes", "base64", "base64-url-safe", "hex"),
                    Importance.LOW, "How bytea values are represented: 'bytes', or a 'base64', 'base64-url-safe'"
                            + " or 'hex' string.",
                    TYPES_GROUP, 3, Width.SHORT, "Binary handling mode")
            .define(INTERVAL_HANDLING_MODE_CONFIG, Type.STRING, "numeric",
                    ConfigDef.CaseInsensitiveValidString.in("numeric", "string"), Importance.LOW,
                    "How interval values are represented: 'numeric' microseconds (MicroDuration) or an ISO 8601"
                            + " 'string' (io.debezium.time.Interval).",
                    TYPES_GROUP, 4, Width.SHORT, "Interval handling mode")
            .define(HSTORE_HANDLING_MODE_CONFIG, Type.STRING, "json",
                    ConfigDef.CaseInsensitiveValidString.in("json", "map"), Importance.LOW,
                    "How hstore values are represented: a 'json' string or a Connect 'map'.",
                    TYPES_GROUP, 5, Width.SHORT, "HStore handling mode")
            .define(MONEY_FRACTION_DIGITS_CONFIG, Type.INT, 2, ConfigDef.Range.between(0, 20), Importance.LOW,
                    "The scale of money values in 'precise' decimal handling mode.",
                    TYPES_GROUP, 6, Width.SHORT, "Money fraction digits")
            .define(MAX_IN_FLIGHT_RECORDS_CONFIG, Type.INT, DEFAULT_MAX_IN_FLIGHT_RECORDS,
                    ConfigDef.Range.atLeast(0), Importance.LOW,
                    "The most records handed to Connect and not yet acknowledged by Kafka; poll waits (up to"
                            + " poll.interval.ms) while that many are in flight, which bounds the heap Connect"
                            + " holds while the connector catches up on a backlog; 0 for no bound. With"
                            + " exactly-once and transaction.boundary=interval, records are acknowledged only"
                            + " when a transaction commits: set it above the records of one transaction, or 0.",
                    TUNING_GROUP, 10, Width.SHORT, "Max in-flight records");

    /** The column-key rules: include and exclude list exclusive, every converter has a loadable class. */
    private java.util.Optional<ConfigException> columnKeysProblem() {
        if (!getList(COLUMN_INCLUDE_LIST_CONFIG).isEmpty() && !getList(COLUMN_EXCLUDE_LIST_CONFIG).isEmpty()) {
            return java.util.Optional.of(new ConfigException(COLUMN_EXCLUDE_LIST_CONFIG,
                    getList(COLUMN_EXCLUDE_LIST_CONFIG), "cannot be used together with " + COLUMN_INCLUDE_LIST_CONFIG
                            + " (\"" + COLUMN_INCLUDE_LIST_CONFIG + "\" is already specified)"));
        }
        return CustomConverters.problem(originals())
                .map(problem -> new ConfigException(CONVERTERS_CONFIG, getList(CONVERTERS_CONFIG), problem));
    }

    /** The column filter and the custom converters, instantiated and configured anew on each call. */
    public ColumnMapping columnMapping() {
        ColumnFilter filter = ColumnFilter.of(getList(COLUMN_INCLUDE_LIST_CONFIG), getList(COLUMN_EXCLUDE_LIST_CONFIG));
        try {
            return new ColumnMapping(filter, CustomConverters.fromConfig(originals()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CONVERTERS_CONFIG, getList(CONVERTERS_CONFIG), e.getMessage());
        }
    }

    /** The heartbeat action statement, if one is configured. */
    public java.util.Optional<String> heartbeatActionQuery() {
        String query = getString(HEARTBEAT_ACTION_QUERY_CONFIG);
        return query == null || query.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(query.trim());
    }

    public boolean extendedHeadersEnabled() {
        return getBoolean(EXTENDED_HEADERS_ENABLED_CONFIG);
    }

    /** The type-handling modes the value mapping uses. */
    public TypeSettings typeSettings() {
        return new TypeSettings(
                TypeSettings.parse(TypeSettings.DecimalMode.class, getString(DECIMAL_HANDLING_MODE_CONFIG)),
                TypeSettings.parse(TypeSettings.TimePrecisionMode.class, getString(TIME_PRECISION_MODE_CONFIG)),
                TypeSettings.parse(TypeSettings.BinaryMode.class, getString(BINARY_HANDLING_MODE_CONFIG)),
                TypeSettings.parse(TypeSettings.IntervalMode.class, getString(INTERVAL_HANDLING_MODE_CONFIG)),
                TypeSettings.parse(TypeSettings.HstoreMode.class, getString(HSTORE_HANDLING_MODE_CONFIG)),
                getInt(MONEY_FRACTION_DIGITS_CONFIG));
    }

    /** The bound on records in flight in Connect; 0 for none. */
    public int maxInFlightRecords() {
        return getInt(MAX_IN_FLIGHT_RECORDS_CONFIG);
    }

    public PostgresCdcConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        crossCheck().ifPresent(problem -> {
            throw problem;
        });
    }

    /** Rules over several keys, as Debezium's field validators check them. */
    java.util.Optional<ConfigException> crossCheck() {
        if (maxQueueSize() <= maxBatchSize()) {
            return java.util.Optional.of(new ConfigException(MAX_QUEUE_SIZE_CONFIG, maxQueueSize(),
                    "must be larger than " + MAX_BATCH_SIZE_CONFIG + " (" + maxBatchSize() + ")"));
        }
        if (!getList(TABLE_INCLUDE_LIST_CONFIG).isEmpty() && !getList(TABLE_EXCLUDE_LIST_CONFIG).isEmpty()) {
            return java.util.Optional.of(new ConfigException(TABLE_EXCLUDE_LIST_CONFIG,
                    getList(TABLE_EXCLUDE_LIST_CONFIG), "cannot be used together with " + TABLE_INCLUDE_LIST_CONFIG));
        }
        return columnKeysProblem();
    }

    /** Fails unless the snapshot mode is one this version implements. */
    public void requireSupportedSnapshotMode() {
        if (SnapshotMode.of(snapshotMode()) == null) {
            throw new ConfigException(SNAPSHOT_MODE_CONFIG, snapshotMode(), "is not yet supported: use initial,"
                    + " always, no_data, initial_only or when_needed");
        }
    }

    /** The snapshot mode ({@link #requireSupportedSnapshotMode()} first). */
    public SnapshotMode snapshotModeValue() {
        return SnapshotMode.of(snapshotMode());
    }

    public int snapshotFetchSize() {
        return getInt(SNAPSHOT_FETCH_SIZE_CONFIG);
    }

    public Duration snapshotLockTimeout() {
        return Duration.ofMillis(getLong(SNAPSHOT_LOCK_TIMEOUT_MS_CONFIG));
    }

    public List<String> tableIncludeList() {
        return getList(TABLE_INCLUDE_LIST_CONFIG);
    }

    public String snapshotMode() {
        return getString(SNAPSHOT_MODE_CONFIG).toLowerCase(Locale.ROOT);
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX_CONFIG).trim();
    }

    public String database() {
        return getString(DBNAME_CONFIG).trim();
    }

    public PostgresConnections connections() {
        Password password = getPassword(PASSWORD_CONFIG);
        return new PostgresConnections(getString(HOSTNAME_CONFIG).trim(), getInt(PORT_CONFIG), database(),
                getString(USER_CONFIG).trim(), password == null ? null : password.value(), tls());
    }

    /** The TLS settings every connection is opened with. */
    public PostgresConnections.Tls tls() {
        Password keyPassword = getPassword(SSL_PASSWORD_CONFIG);
        return new PostgresConnections.Tls(getString(SSL_MODE_CONFIG).toLowerCase(Locale.ROOT),
                blankToNull(getString(SSL_ROOT_CERT_CONFIG)), blankToNull(getString(SSL_CERT_CONFIG)),
                blankToNull(getString(SSL_KEY_CONFIG)), keyPassword == null ? null : keyPassword.value(),
                blankToNull(getString(SSL_FACTORY_CONFIG)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String slotName() {
        return getString(SLOT_NAME_CONFIG);
    }

    public String publicationName() {
        return getString(PUBLICATION_NAME_CONFIG).trim();
    }

    public PublicationMode publicationMode() {
        return PublicationMode.of(getString(PUBLICATION_AUTOCREATE_MODE_CONFIG));
    }

    public TableFilter tableFilter() {
        return TableFilter.of(getList(TABLE_INCLUDE_LIST_CONFIG), getList(TABLE_EXCLUDE_LIST_CONFIG));
    }

    public Set<Op> skippedOperations() {
        Set<Op> skipped = EnumSet.noneOf(Op.class);
        for (String code : getList(SKIPPED_OPERATIONS_CONFIG)) {
            for (Op op : Op.values()) {
                if (op.code().equals(code.trim())) {
                    skipped.add(op);
                }
            }
        }
        return skipped;
    }

    public StreamSettings streamSettings() {
        return new StreamSettings(topicPrefix(), database(), PackVersion.get(),
                getBoolean(TOMBSTONES_ON_DELETE_CONFIG), skippedOperations(), columnMapping(), typeSettings());
    }

    /** Zero when heartbeats are off. */
    public Duration heartbeatInterval() {
        return Duration.ofMillis(getInt(HEARTBEAT_INTERVAL_MS_CONFIG));
    }

    public int maxQueueSize() {
        return getInt(MAX_QUEUE_SIZE_CONFIG);
    }

    public int maxBatchSize() {
        return getInt(MAX_BATCH_SIZE_CONFIG);
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS_CONFIG));
    }

    /** Validators for single keys; each message names the key (ConfigException does). */
    static final class ConfigValidators {

        private static final Pattern SLOT_NAME_PATTERN = Pattern.compile("[a-z0-9_]{1,63}");

        static final ConfigDef.Validator SLOT_NAME = ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null || !SLOT_NAME_PATTERN.matcher(value.toString()).matches()) {
                throw new ConfigException(name, value, "must contain only digits, lower-case letters and"
                        + " underscores, at most 63 characters");
            }
        }, () -> "[a-z0-9_]{1,63}");

        /** Empty, or a file the worker can read (a certificate or key for the TLS keys). */
        static final ConfigDef.Validator READABLE_FILE = ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            java.nio.file.Path file;
            try {
                file = java.nio.file.Path.of(value.toString().trim());
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(name, value, "is not a valid file path: " + e.getReason());
            }
            if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
                throw new ConfigException(name, value, "is not a readable file on this worker");
            }
        }, () -> "empty, or the path of a readable file");

        static final ConfigDef.Validator REGEX_LIST = ConfigDef.LambdaValidator.with((name, value) -> {
            @SuppressWarnings("unchecked")
            List<String> patterns = (List<String>) value;
            for (String pattern : patterns) {
                try {
                    Pattern.compile(pattern.trim());
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(name, value, "'" + pattern + "' is not a valid regular expression: "
                            + e.getDescription());
                }
            }
        }, () -> "comma-separated regular expressions over <schema>.<table>");

        static final ConfigDef.Validator SKIPPED_OPERATIONS = ConfigDef.LambdaValidator.with((name, value) -> {
            @SuppressWarnings("unchecked")
            List<String> operations = (List<String>) value;
            boolean none = false;
            boolean some = false;
            for (String operation : operations) {
                switch (operation.trim()) {
                    case "none" -> none = true;
                    case "r", "c", "u", "d", "t" -> some = true;
                    default -> throw new ConfigException(name, value, "'" + operation
                            + "' is not an operation: use r, c, u, d, t or none");
                }
            }
            if (none && some) {
                throw new ConfigException(name, value, "'none' cannot be combined with other operations");
            }
        }, () -> "r, c, u, d, t, or none");

        private ConfigValidators() {
        }
    }
}
