package dev.tiered.connect.s3.parquet;

import java.util.List;

/**
 * What a record's row contains.
 *
 * @param mode            one column per value field, or the value as one JSON column
 * @param jsonColumn      the JSON column's name (JSON mode)
 * @param extractFields   JSON mode: dotted paths copied into their own columns; {@code name=path} picks the column
 *                        name, otherwise it is the path with dots replaced by underscores
 * @param debeziumUnwrap  unwrap Debezium change events to their row plus change columns
 * @param metadataColumns Kafka coordinates to add, in this order, before the value's columns
 */
public record RowConversionOptions(ValueFormatMode mode, String jsonColumn, List<String> extractFields,
                                   boolean debeziumUnwrap, List<MetadataColumn> metadataColumns) {

    public RowConversionOptions {
        extractFields = List.copyOf(extractFields);
        metadataColumns = List.copyOf(metadataColumns);
    }

    public static RowConversionOptions columns() {
        return new RowConversionOptions(ValueFormatMode.COLUMNS, "payload", List.of(), false, List.of());
    }

    public RowConversionOptions withMetadata(List<MetadataColumn> columns) {
        return new RowConversionOptions(mode, jsonColumn, extractFields, debeziumUnwrap, columns);
    }

    public RowConversionOptions withDebeziumUnwrap(boolean unwrap) {
        return new RowConversionOptions(mode, jsonColumn, extractFields, unwrap, metadataColumns);
    }

    public RowConversionOptions withJson(String column, List<String> extract) {
        return new RowConversionOptions(ValueFormatMode.JSON, column, extract, debeziumUnwrap, metadataColumns);
    }
}
