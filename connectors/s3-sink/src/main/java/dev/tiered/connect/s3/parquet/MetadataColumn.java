package dev.tiered.connect.s3.parquet;

import java.util.Locale;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Kafka coordinates that can be stored beside the value ({@code kafka.metadata.columns}). Keys and header values are
 * stored as text: strings as they are, anything else as JSON text.
 */
public enum MetadataColumn {
    TOPIC("_kafka_topic", Schema.STRING_SCHEMA),
    PARTITION("_kafka_partition", Schema.INT32_SCHEMA),
    OFFSET("_kafka_offset", Schema.INT64_SCHEMA),
    TIMESTAMP("_kafka_timestamp", Timestamp.builder().optional().build()),
    KEY("_kafka_key", Schema.OPTIONAL_STRING_SCHEMA),
    HEADERS("_kafka_headers",
            SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build());

    private final String columnName;
    private final Schema schema;

    MetadataColumn(String columnName, Schema schema) {
        this.columnName = columnName;
        this.schema = schema;
    }

    public String columnName() {
        return columnName;
    }

    Schema schema() {
        return schema;
    }

    /** The name used in configuration: {@code topic}, {@code partition}, ... */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MetadataColumn fromConfig(String value) {
        for (MetadataColumn column : values()) {
            if (column.configName().equalsIgnoreCase(value.trim())) {
                return column;
            }
        }
        throw new IllegalArgumentException("Unknown Kafka metadata column '" + value + "'");
    }
}
