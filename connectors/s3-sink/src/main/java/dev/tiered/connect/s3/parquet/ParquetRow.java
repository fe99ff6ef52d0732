package dev.tiered.connect.s3.parquet;

/**
 * One record ready to write: column values in the order of {@link RowSchema#fields()}. A value may be a Connect
 * {@code Struct} or a {@code Map} for STRUCT columns, a {@code List} for ARRAY, a {@code Map} for MAP, and the usual
 * Connect Java types for primitives.
 */
public final class ParquetRow {

    private final RowSchema schema;
    private final Object[] values;

    ParquetRow(RowSchema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    public RowSchema schema() {
        return schema;
    }

    Object[] values() {
        return values;
    }
}
