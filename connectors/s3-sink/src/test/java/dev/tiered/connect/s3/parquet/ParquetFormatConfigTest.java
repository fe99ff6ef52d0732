package dev.tiered.connect.s3.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ParquetFormatConfigTest {

    static ParquetFormatConfig config(Map<String, String> props) {
        ConfigDef def = ParquetFormatConfig.addTo(new ConfigDef(), "Format");
        return new ParquetFormatConfig(new AbstractConfig(def, props));
    }

    @Test
    void defaults() {
        ParquetFormatConfig c = config(Map.of());
        assertThat(c.codec()).isEqualTo(ParquetCodec.SNAPPY);
        assertThat(c.rowGroupSizeBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.pageSizeBytes()).isEqualTo(1024 * 1024);
        assertThat(c.valueFormatMode()).isEqualTo(ValueFormatMode.COLUMNS);
        assertThat(c.jsonColumnName()).isEqualTo("payload");
        assertThat(c.jsonExtractFields()).isEmpty();
        assertThat(c.debeziumUnwrap()).isFalse();
        assertThat(c.kafkaMetadataColumns()).isEmpty();
    }

    @Test
    void parsesEveryKey() {
        ParquetFormatConfig c = config(Map.of(
                "parquet.codec", "ZSTD",
                "parquet.row.group.size.bytes", "8388608",
                "parquet.page.size.bytes", "65536",
                "value.format.mode", "json",
                "json.column.name", "doc",
                "json.extract.fields", "event_id, time=meta.ts",
                "debezium.unwrap", "true",
                "kafka.metadata.columns", "topic,partition,offset,headers"));
        assertThat(c.writerSettings())
                .isEqualTo(new ParquetWriterSettings(ParquetCodec.ZSTD, 8_388_608L, 65_536, true));
        RowConversionOptions options = c.conversionOptions();
        assertThat(options.mode()).isEqualTo(ValueFormatMode.JSON);
        assertThat(options.jsonColumn()).isEqualTo("doc");
        assertThat(options.extractFields()).containsExactly("event_id", "time=meta.ts");
        assertThat(options.debeziumUnwrap()).isTrue();
        assertThat(options.metadataColumns()).containsExactly(MetadataColumn.TOPIC, MetadataColumn.PARTITION,
                MetadataColumn.OFFSET, MetadataColumn.HEADERS);
    }

    @Test
    void everyKeyIsDocumentedAndGrouped() {
        ConfigDef def = ParquetFormatConfig.addTo(new ConfigDef(), "Format");
        assertThat(def.configKeys()).hasSize(8);
        def.configKeys().values().forEach(key -> {
            assertThat(key.documentation).as(key.name).isNotBlank().endsWith(".");
            assertThat(key.group).isEqualTo("Format");
            assertThat(key.displayName).isNotBlank();
        });
    }

    @Test
    void validationErrorsNameTheKey() {
        for (Map<String, String> bad : List.of(
                Map.of("parquet.codec", "lzo"),
                Map.of("parquet.row.group.size.bytes", "1000"),
                Map.of("parquet.page.size.bytes", "10"),
                Map.of("value.format.mode", "avro"),
                Map.of("json.column.name", " "),
                Map.of("json.extract.fields", "a..b"),
                Map.of("json.extract.fields", "a_b,a.b"),
                Map.of("kafka.metadata.columns", "topic,leader"))) {
            String key = bad.keySet().iterator().next();
            assertThatThrownBy(() -> config(bad)).as(key).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(key);
        }
    }
}
