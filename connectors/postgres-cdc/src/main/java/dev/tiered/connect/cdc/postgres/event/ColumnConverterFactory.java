package dev.tiered.connect.cdc.postgres.event;

/**
 * The seam through which {@link TableSchema} gets each column's converter and learns whether the column is a field
 * of the row (value) struct. The built-in mapping is {@link ValueConverters}; {@link ColumnMapping} adds Debezium's
 * custom converters ({@code converters}) and column filter ({@code column.include.list}/{@code column.exclude.list}).
 */
public interface ColumnConverterFactory {

    /** Every column, converted by {@link ValueConverters}. */
    ColumnConverterFactory BUILT_IN = ValueConverters::forColumn;

    /** The converter of a column (called for row columns and key columns only, once per schema). */
    ColumnConverter forColumn(ColumnDefinition column);

    /** Whether the column is a field of the row struct (before/after); key columns are in the key regardless. */
    default boolean inValue(ColumnDefinition column) {
        return true;
    }
}
