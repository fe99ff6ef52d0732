package dev.tiered.connect.s3.parquet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * The Parquet format's configuration keys, as a fragment the connector config adds to its {@link ConfigDef}
 * ({@link #addTo}) and reads back with typed getters.
 */
public final class ParquetFormatConfig {

    public static final String CODEC = "parquet.codec";
    public static final String ROW_GROUP_SIZE_BYTES = "parquet.row.group.size.bytes";
    public static final String PAGE_SIZE_BYTES = "parquet.page.size.bytes";
    public static final String VALUE_FORMAT_MODE = "value.format.mode";
    public static final String JSON_COLUMN_NAME = "json.column.name";
    public static final String JSON_EXTRACT_FIELDS = "json.extract.fields";
    public static final String DEBEZIUM_UNWRAP = "debezium.unwrap";
    public static final String KAFKA_METADATA_COLUMNS = "kafka.metadata.columns";

    public static final String CODEC_DEFAULT = ParquetCodec.SNAPPY.configName();
    public static final long ROW_GROUP_SIZE_DEFAULT = ParquetWriterSettings.DEFAULT_ROW_GROUP_BYTES;
    public static final int PAGE_SIZE_DEFAULT = ParquetWriterSettings.DEFAULT_PAGE_BYTES;
    public static final String VALUE_FORMAT_MODE_DEFAULT = ValueFormatMode.COLUMNS.configName();
    public static final String JSON_COLUMN_NAME_DEFAULT = "payload";

    private static final long MIB = 1024L * 1024;

    private final AbstractConfig config;

    public ParquetFormatConfig(AbstractConfig config) {
        this.config = config;
    }

    public static ConfigDef addTo(ConfigDef def, String group) {
        int order = 0;
        return def
                .define(CODEC, Type.STRING, CODEC_DEFAULT, new OneOf(names(ParquetCodec.values())),
                        Importance.MEDIUM, "Compression of Parquet pages: snappy, zstd, gzip or none.",
                        group, ++order, Width.SHORT, "Parquet codec")
                .define(ROW_GROUP_SIZE_BYTES, Type.LONG, ROW_GROUP_SIZE_DEFAULT,
                        ConfigDef.Range.between(MIB, 1024 * MIB), Importance.LOW,
                        "Target Parquet row-group size in bytes; a row group is buffered in memory per open file "
                                + "before it is streamed out, so this also bounds memory per file.",
                        group, ++order, Width.MEDIUM, "Parquet row group size")
                .define(PAGE_SIZE_BYTES, Type.INT, PAGE_SIZE_DEFAULT,
                        ConfigDef.Range.between(8 * 1024, (int) (64 * MIB)), Importance.LOW,
                        "Target Parquet page size in bytes (also the dictionary page limit).",
                        group, ++order, Width.MEDIUM, "Parquet page size")
                .define(VALUE_FORMAT_MODE, Type.STRING, VALUE_FORMAT_MODE_DEFAULT,
                        new OneOf(names(ValueFormatMode.values())), Importance.MEDIUM,
                        "How values become columns: 'columns' makes one column per top-level field (inferred for "
                                + "schemaless values), 'json' stores the whole value as JSON text in one column.",
                        group, ++order, Width.SHORT, "Value format mode")
                .define(JSON_COLUMN_NAME, Type.STRING, JSON_COLUMN_NAME_DEFAULT, new ColumnName(),
                        Importance.LOW, "Name of the column holding the value's JSON text in 'json' mode.",
                        group, ++order, Width.SHORT, "JSON column name")
                .define(JSON_EXTRACT_FIELDS, Type.LIST, "", new ExtractFields(), Importance.MEDIUM,
                        "In 'json' mode, dotted paths copied into their own typed columns, as 'path' (column named "
                                + "after the path, dots as underscores) or 'column=path'.",
                        group, ++order, Width.LONG, "Extracted JSON fields")
                .define(DEBEZIUM_UNWRAP, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Store Debezium change events as their row (after, or before for deletes) plus __op, "
                                + "__source_ts_ms and __source_lsn columns.",
                        group, ++order, Width.SHORT, "Unwrap Debezium events")
                .define(KAFKA_METADATA_COLUMNS, Type.LIST, "", new OneOfEach(names(MetadataColumn.values())),
                        Importance.MEDIUM, "Kafka metadata to store as _kafka_* columns, any of: topic, partition, "
                                + "offset, timestamp, key, headers.",
                        group, ++order, Width.LONG, "Kafka metadata columns");
    }

    public ParquetCodec codec() {
        return ParquetCodec.fromConfig(config.getString(CODEC));
    }

    public long rowGroupSizeBytes() {
        return config.getLong(ROW_GROUP_SIZE_BYTES);
    }

    public int pageSizeBytes() {
        return config.getInt(PAGE_SIZE_BYTES);
    }

    public ValueFormatMode valueFormatMode() {
        return ValueFormatMode.fromConfig(config.getString(VALUE_FORMAT_MODE));
    }

    public String jsonColumnName() {
        return config.getString(JSON_COLUMN_NAME).trim();
    }

    public List<String> jsonExtractFields() {
        return config.getList(JSON_EXTRACT_FIELDS).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean debeziumUnwrap() {
        return config.getBoolean(DEBEZIUM_UNWRAP);
    }

    public List<MetadataColumn> kafkaMetadataColumns() {
        List<MetadataColumn> columns = new ArrayList<>();
        for (String name : config.getList(KAFKA_METADATA_COLUMNS)) {
            if (!name.isBlank()) {
                MetadataColumn column = MetadataColumn.fromConfig(name);
                if (!columns.contains(column)) {
                    columns.add(column);
                }
            }
        }
        return columns;
    }

    public ParquetWriterSettings writerSettings() {
        return new ParquetWriterSettings(codec(), rowGroupSizeBytes(), pageSizeBytes(), true);
    }

    public RowConversionOptions conversionOptions() {
        return new RowConversionOptions(valueFormatMode(), jsonColumnName(), jsonExtractFields(), debeziumUnwrap(),
                kafkaMetadataColumns());
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** Case-insensitive choice; the error names the key and the choices. */
    private static final class OneOf implements ConfigDef.Validator {
        private final List<String> allowed;

        OneOf(List<String> allowed) {
            this.allowed = allowed;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !allowed.contains(value.toString().trim().toLowerCase(java.util.Locale.ROOT))) {
                throw new ConfigException(name, value, name + " must be one of " + allowed);
            }
        }

        @Override
        public String toString() {
            return String.join(", ", allowed);
        }
    }

    private static final class OneOfEach implements ConfigDef.Validator {
        private final List<String> allowed;

        OneOfEach(List<String> allowed) {
            this.allowed = allowed;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            for (Object item : (List<?>) value) {
                String entry = item.toString().trim().toLowerCase(java.util.Locale.ROOT);
                if (!entry.isEmpty() && !allowed.contains(entry)) {
                    throw new ConfigException(name, value, name + " entries must be among " + allowed
                            + "; '" + item + "' is not");
                }
            }
        }

        @Override
        public String toString() {
            return "any of " + String.join(", ", allowed);
        }
    }

    private static final class ColumnName implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank() || value.toString().contains(".")) {
                throw new ConfigException(name, value, name + " must be a non-empty column name without dots");
            }
        }

        @Override
        public String toString() {
            return "non-empty column name";
        }
    }

    private static final class ExtractFields implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            List<String> columns = new ArrayList<>();
            for (Object item : (List<?>) value) {
                String spec = item.toString().trim();
                if (spec.isEmpty()) {
                    continue;
                }
                int eq = spec.indexOf('=');
                String path = eq < 0 ? spec : spec.substring(eq + 1).trim();
                String column = eq < 0 ? path.replace('.', '_') : spec.substring(0, eq).trim();
                if (path.isEmpty() || column.isEmpty() || path.startsWith(".") || path.endsWith(".")
                        || path.contains("..")) {
                    throw new ConfigException(name, value, name + " entry '" + spec
                            + "' must be 'path' or 'column=path' with a dotted path");
                }
                if (columns.contains(column)) {
                    throw new ConfigException(name, value, name + " names column '" + column + "' twice");
                }
                columns.add(column);
            }
        }

        @Override
        public String toString() {
            return "list of 'path' or 'column=path'";
        }
    }

}
