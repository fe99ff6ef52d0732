package dev.tiered.connect.cdc.postgres.catalog;

import dev.tiered.connect.cdc.postgres.event.ColumnDefinition;
import dev.tiered.connect.cdc.postgres.event.TableDefinition;
import java.util.List;

/**
 * A table as pg_catalog describes it: its OID (pgoutput's relation id), schema, name, replica identity
 * ({@code pg_class.relreplident}: {@code d} default, {@code n} nothing, {@code f} full, {@code i} index), live columns
 * in attribute order, and the key columns of its events: the primary key or, for a table without one, the first
 * (by index name) unique index on plain columns, as Debezium's pgoutput decoder falls back to
 * ({@code PgOutputMessageDecoder.handleRelationMessage} → {@code JdbcConnection.readTableUniqueIndices}).
 */
public record CatalogTable(int relationId, String schema, String table, char replicaIdentity,
        List<CatalogColumn> columns, List<String> keyColumns) {

    public CatalogTable {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
    }

    /** The column named {@code name}, or null. */
    public CatalogColumn column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** The definition events are built from: all columns (nullable unless NOT NULL) and the key columns. */
    public TableDefinition toDefinition() {
        return new TableDefinition(schema, table, columns.stream()
                .map(c -> new ColumnDefinition(c.name(), c.typeOid(), c.typeModifier(), !c.notNull(), c.type(),
                        c.defaultExpression()))
                .toList(), keyColumns);
    }
}
