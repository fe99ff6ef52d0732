package dev.tiered.connect.cdc.postgres.event;

/**
 * The seam through which {@link TableSchema} gets each column's converter and learns whether the column is a field
 * of the row (value) struct. The built-in mapping is {@link ValueConverters}; {@link ColumnMapping} adds Debezium's
 * custom converters ({@code converters}) and column filter ({@code column.include.list}/{@code column.exclude.list}).
 */
public interface ColumnConverterFactory {

    /** Every column, converted by {@link ValueConverters} with Debezium's default type-handling modes. */
    ColumnConverterFactory BUILT_IN = builtIn(TypeSettings.DEFAULTS);

    /** Every column, converted by {@link ValueConverters} with the given type-handling modes. */
    static ColumnConverterFactory builtIn(TypeSettings types) {
        return column -> ValueConverters.find(column, types);
    }

    /**
     * The converter of a column (called for row columns and key columns only, once per schema), or null for a type
     * without a mapping.
     */
    ColumnConverter forColumn(ColumnDefinition column);

    /** Whether the column is a field of the row struct (before/after); key columns are in the key regardless. */
    default boolean inValue(ColumnDefinition column) {
        return true;
    }
}
