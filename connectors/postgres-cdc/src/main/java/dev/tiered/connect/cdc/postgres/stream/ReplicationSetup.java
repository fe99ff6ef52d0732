package dev.tiered.connect.cdc.postgres.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the publication (per {@code publication.autocreate.mode}, as Debezium's
 * {@code PostgresReplicationConnection.initPublication}) and the pgoutput slot when missing.
 */
public final class ReplicationSetup {

    private static final Logger log = LoggerFactory.getLogger(ReplicationSetup.class);

    private ReplicationSetup() {
    }

    public static void ensurePublication(Connection connection, String publication, PublicationMode mode,
            TableFilter filter) throws SQLException {
        Boolean allTables = null;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT puballtables FROM pg_publication WHERE pubname = ?")) {
            select.setString(1, publication);
            try (ResultSet result = select.executeQuery()) {
                if (result.next()) {
                    allTables = result.getBoolean(1);
                }
            }
        }
        String name = quote(publication);
        try (Statement statement = connection.createStatement()) {
            if (allTables == null) {
                switch (mode) {
                    case DISABLED -> throw new ConnectException("Publication '" + publication + "' does not exist and"
                            + " publication.autocreate.mode=disabled: create it, then restart the connector");
                    case ALL_TABLES -> execute(statement, "CREATE PUBLICATION " + name + " FOR ALL TABLES");
                    case NO_TABLES -> execute(statement, "CREATE PUBLICATION " + name);
                    case FILTERED -> {
                        List<String> tables = capturedTables(connection, filter);
                        execute(statement, "CREATE PUBLICATION " + name
                                + (tables.isEmpty() ? "" : " FOR TABLE " + String.join(", ", tables)));
                    }
                    default -> throw new IllegalStateException(mode.toString());
                }
            } else if (mode == PublicationMode.FILTERED) {
                if (allTables) {
                    throw new ConnectException("Publication '" + publication + "' is FOR ALL TABLES and cannot be"
                            + " altered to the filtered tables of publication.autocreate.mode=filtered");
                }
                List<String> tables = capturedTables(connection, filter);
                if (!tables.isEmpty()) {
                    execute(statement, "ALTER PUBLICATION " + name + " SET TABLE " + String.join(", ", tables));
                }
            }
        }
    }

    /** A slot's state: restart_lsn (null if unset) and whether it was invalidated ({@code wal_status = 'lost'}). */
    public record SlotState(Long restartLsn, boolean lost) { }

    /**
     * The slot's state, or null when it does not exist.
     *
     * @throws ConnectException when it exists for another plugin or database
     */
    public static SlotState slotState(Connection connection, String slot, String database) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT plugin, database, restart_lsn::text,"
                + " wal_status FROM pg_replication_slots WHERE slot_name = ?")) {
            select.setString(1, slot);
            try (ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                if (!"pgoutput".equals(result.getString(1)) || !database.equals(result.getString(2))) {
                    throw new ConnectException("Replication slot '" + slot + "' exists for plugin '"
                            + result.getString(1) + "' on database '" + result.getString(2) + "'; slot.name must"
                            + " name a pgoutput slot of database '" + database + "' or a new one");
                }
                String restart = result.getString(3);
                return new SlotState(restart == null ? null : LogSequenceNumber.valueOf(restart).asLong(),
                        "lost".equals(result.getString(4)));
            }
        }
    }

    /** Drops the slot if it exists; true if it did. */
    public static boolean dropSlotIfExists(Connection connection, String slot) throws SQLException {
        try (PreparedStatement drop = connection.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            drop.setString(1, slot);
            try (ResultSet result = drop.executeQuery()) {
                return result.next();
            }
        }
    }

    /** Creates the logical slot with pgoutput unless it exists; fails if it exists for another plugin or database. */
    public static void ensureSlot(Connection connection, String slot, String database) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT plugin, database FROM pg_replication_slots WHERE slot_name = ?")) {
            select.setString(1, slot);
            try (ResultSet result = select.executeQuery()) {
                if (result.next()) {
                    if (!"pgoutput".equals(result.getString(1)) || !database.equals(result.getString(2))) {
                        throw new ConnectException("Replication slot '" + slot + "' exists for plugin '"
                                + result.getString(1) + "' on database '" + result.getString(2) + "'; slot.name must"
                                + " name a pgoutput slot of database '" + database + "' or a new one");
                    }
                    return;
                }
            }
        }
        try (PreparedStatement create = connection.prepareStatement(
                "SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
            create.setString(1, slot);
            create.execute();
            log.info("Created replication slot '{}' (pgoutput)", slot);
        }
    }

    private static List<String> capturedTables(Connection connection, TableFilter filter) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT n.nspname, c.relname FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                        + " AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2")) {
            while (result.next()) {
                if (filter.captures(result.getString(1), result.getString(2))) {
                    tables.add(quote(result.getString(1)) + "." + quote(result.getString(2)));
                }
            }
        }
        return tables;
    }

    private static void execute(Statement statement, String sql) throws SQLException {
        log.info("Publication setup: {}", sql);
        statement.execute(sql);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
