package dev.tiered.connect.cdc.postgres.catalog;

import dev.tiered.connect.cdc.postgres.event.PgType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a type OID through {@code pg_type} to what the mapping needs, as Debezium's {@code TypeRegistry} does:
 * name, kind, array element type, enum labels ({@code pg_enum} in sort order); a domain resolves to its base type
 * (Debezium maps a domain column by its root type). Nothing is cached across lookups: enum labels can change
 * (ALTER TYPE ... ADD VALUE), and a table's types are read again with the table.
 */
final class TypeResolver {

    private static final String TYPE = "SELECT t.typname, t.typtype, t.typelem::int AS typelem,"
            + " t.typbasetype::int AS typbasetype, t.typcategory FROM pg_type t WHERE t.oid = ?::oid";
    private static final String ENUM_LABELS = "SELECT enumlabel FROM pg_enum WHERE enumtypid = ?::oid"
            + " ORDER BY enumsortorder";

    private final Connection connection;
    private final Map<Integer, PgType> resolved = new HashMap<>();

    TypeResolver(Connection connection) {
        this.connection = connection;
    }

    PgType resolve(int oid) throws SQLException {
        PgType type = read(oid);
        resolved.clear();
        return type;
    }

    private PgType read(int oid) throws SQLException {
        PgType known = resolved.get(oid);
        if (known != null) {
            return known;
        }
        String name;
        char kind;
        int element;
        int base;
        char category;
        try (PreparedStatement statement = connection.prepareStatement(TYPE)) {
            statement.setString(1, Integer.toUnsignedString(oid));
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return PgType.builtin(oid);
                }
                name = row.getString("typname");
                kind = row.getString("typtype").charAt(0);
                element = row.getInt("typelem");
                base = row.getInt("typbasetype");
                category = row.getString("typcategory").charAt(0);
            }
        }
        PgType type;
        if (kind == 'd' && base != 0) {
            type = read(base);
        } else if (category == 'A' && element != 0) {
            type = new PgType(oid, name, kind, read(element), List.of());
        } else if (kind == 'e') {
            type = new PgType(oid, name, kind, null, enumLabels(oid));
        } else {
            type = new PgType(oid, name, kind, null, List.of());
        }
        resolved.put(oid, type);
        return type;
    }

    private List<String> enumLabels(int oid) throws SQLException {
        List<String> labels = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(ENUM_LABELS)) {
            statement.setString(1, Integer.toUnsignedString(oid));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    labels.add(row.getString(1));
                }
            }
        }
        return labels;
    }
}
