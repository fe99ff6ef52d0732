package dev.tiered.connect.cdc.postgres.event;

import java.util.List;

/**
 * A captured table: schema, name, columns in attribute order and primary-key column names in key order (empty when the
 * table has no primary key). The key of Debezium's events is the primary key from the catalog, not the replica
 * identity that pgoutput marks (for replica identity FULL every column is marked).
 */
public record TableDefinition(String schema, String table, List<ColumnDefinition> columns, List<String> primaryKey) {
    public TableDefinition {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        for (String key : primaryKey) {
            if (columns.stream().noneMatch(c -> c.name().equals(key))) {
                throw new IllegalArgumentException("primary-key column " + key + " is not a column of " + schema + "."
                        + table);
            }
        }
    }
}
