package dev.tiered.connect.cdc.postgres.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads tables from pg_catalog over an ordinary (non-replication) JDBC connection, which the caller owns. Each lookup
 * runs three small queries (table, columns, key indexes); callers cache the result ({@link RelationCache}).
 */
public final class CatalogReader implements TableCatalog {

    private static final String TABLE_BY_OID = "SELECT c.oid::int AS oid, n.nspname, c.relname, c.relreplident"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?::oid";
    private static final String TABLE_BY_NAME = "SELECT c.oid::int AS oid, n.nspname, c.relname, c.relreplident"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?";
    private static final String COLUMNS = "SELECT a.attnum, a.attname, a.atttypid::int AS typid, t.typname,"
            + " a.atttypmod, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default_expr"
            + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
            + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    /** Key columns (not INCLUDE columns) of the primary key and of the unique indexes, primary key first. */
    private static final String KEY_INDEXES = "SELECT ic.relname AS index_name, i.indisprimary, k.ord, a.attname"
            + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
            + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
            + " LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0"
            + " WHERE i.indrelid = ?::oid AND (i.indisprimary OR i.indisunique) AND i.indisvalid"
            + " AND k.ord <= i.indnkeyatts ORDER BY i.indisprimary DESC, ic.relname, k.ord";

    private final Connection connection;
    private final TypeResolver types;

    public CatalogReader(Connection connection) {
        this.connection = connection;
        this.types = new TypeResolver(connection);
    }

    @Override
    public Optional<CatalogTable> table(int relationId) {
        return read(TABLE_BY_OID, Integer.toUnsignedString(relationId));
    }

    /** The table {@code schema.table} (exact, unquoted names), or empty. */
    public Optional<CatalogTable> table(String schema, String table) {
        return read(TABLE_BY_NAME, schema, table);
    }

    private Optional<CatalogTable> read(String sql, String... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int oid = row.getInt("oid");
                return Optional.of(new CatalogTable(oid, row.getString("nspname"), row.getString("relname"),
                        row.getString("relreplident").charAt(0), columns(oid), keyColumns(oid)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the catalog entry of table " + String.join(".", parameters)
                    + ": " + e.getMessage(), e);
        }
    }

    private List<CatalogColumn> columns(int oid) throws SQLException {
        List<CatalogColumn> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, Integer.toUnsignedString(oid));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    columns.add(new CatalogColumn(row.getInt("attnum"), row.getString("attname"), row.getInt("typid"),
                            row.getString("typname"), row.getInt("atttypmod"), row.getBoolean("attnotnull"),
                            row.getString("default_expr"), null));
                }
            }
        }
        List<CatalogColumn> typed = new ArrayList<>(columns.size());
        for (CatalogColumn c : columns) {
            typed.add(new CatalogColumn(c.position(), c.name(), c.typeOid(), c.typeName(), c.typeModifier(),
                    c.notNull(), c.defaultExpression(), types.resolve(c.typeOid())));
        }
        return typed;
    }

    /**
     * The primary key's columns; without one, the columns of the first unique index by name whose key columns are all
     * plain columns (an expression has attnum 0); empty when there is neither.
     */
    private List<String> keyColumns(int oid) throws SQLException {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        Map<String, Boolean> usable = new LinkedHashMap<>();
        String primary = null;
        try (PreparedStatement statement = connection.prepareStatement(KEY_INDEXES)) {
            statement.setString(1, Integer.toUnsignedString(oid));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String index = row.getString("index_name");
                    if (row.getBoolean("indisprimary")) {
                        primary = index;
                    }
                    String column = row.getString("attname");
                    indexes.computeIfAbsent(index, k -> new ArrayList<>()).add(column);
                    usable.merge(index, column != null, Boolean::logicalAnd);
                }
            }
        }
        if (primary != null) {
            return indexes.get(primary);
        }
        return indexes.entrySet().stream().filter(e -> usable.get(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(List.of());
    }
}
