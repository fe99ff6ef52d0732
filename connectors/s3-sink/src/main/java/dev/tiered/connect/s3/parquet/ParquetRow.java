package dev.tiered.connect.s3.parquet;

/**
 * One record ready to write: column values in the order of {@link RowSchema#fields()}. A value may be a Connect
 * {@code Struct} or a {@code Map} for STRUCT columns, a {@code List} for ARRAY, a {@code Map} for MAP, and the usual
 * Connect Java types for primitives.
 */
public final class ParquetRow {

    private final RowSchema schema;
    private final Object[] values;
    private final boolean checked;

    ParquetRow(RowSchema schema, Object[] values) {
        this(schema, values, false);
    }

    /** @param checked the values are known to fit the schema (see {@link #checked()}) */
    ParquetRow(RowSchema schema, Object[] values, boolean checked) {
        this.schema = schema;
        this.values = values;
        this.checked = checked;
    }

    public RowSchema schema() {
        return schema;
    }

    Object[] values() {
        return values;
    }

    /**
     * Whether the converter already checked every value against the schema, as the schemaless path does when a value
     * {@link SchemalessSchema#fits fits} the open file's inferred schema, so the writer need not walk it again.
     */
    boolean checked() {
        return checked;
    }
}
