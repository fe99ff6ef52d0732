package dev.tiered.connect.cdc.postgres.event;

import dev.tiered.connect.cdc.postgres.catalog.CatalogColumn;
import java.util.function.Function;

/**
 * How captured columns become fields: the column filter ({@code column.include.list}/{@code column.exclude.list})
 * decides which columns are fields of the row struct, custom converters ({@code converters}) replace the built-in
 * mapping of the columns they register for, {@link ValueConverters} maps the rest.
 *
 * <p>As Debezium's {@code TableSchemaBuilder.create}: key columns stay in the key whatever the filter says, and
 * converters are only asked about key columns and kept row columns. A key column the filter drops from the row is
 * refused, because our key is taken from the row: Debezium's snapshot refuses it too ({@code TableEditorImpl}: "is
 * referenced as PRIMARY KEY, but a matching column is not defined"), only its streaming keeps such a column in the key.
 */
public record ColumnMapping(ColumnFilter filter, CustomConverters converters) {

    public static ColumnMapping builtIn() {
        return new ColumnMapping(ColumnFilter.all(), CustomConverters.none());
    }

    /**
     * The converter factory of one table.
     *
     * @param catalog the catalog's description of a column by name, null for a column it does not know
     */
    public ColumnConverterFactory forTable(String schema, String table, Function<String, CatalogColumn> catalog) {
        return forTable(schema, table, catalog, TypeSettings.DEFAULTS);
    }

    /**
     * The converter factory of one table, the built-in mapping with the type-handling modes of {@code types}.
     *
     * @param catalog the catalog's description of a column by name, null for a column it does not know
     */
    public ColumnConverterFactory forTable(String schema, String table, Function<String, CatalogColumn> catalog,
            TypeSettings types) {
        return new ColumnConverterFactory() {
            @Override
            public ColumnConverter forColumn(ColumnDefinition column) {
                return converters.converterFor(schema, table, column, catalog.apply(column.name()))
                        .orElseGet(() -> ValueConverters.find(column, types));
            }

            @Override
            public boolean inValue(ColumnDefinition column) {
                return filter.includes(schema, table, column.name());
            }
        };
    }
}
