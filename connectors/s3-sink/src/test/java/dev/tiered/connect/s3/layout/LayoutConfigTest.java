package dev.tiered.connect.s3.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayoutConfigTest {

    static AbstractConfig raw(Map<String, String> props) {
        return new AbstractConfig(LayoutConfig.addTo(new ConfigDef(), "Layout"), props);
    }

    @Test
    void defaults() {
        LayoutConfig c = new LayoutConfig(raw(Map.of()));
        assertThat(c.topicsDir()).isEqualTo("topics");
        assertThat(c.partitionerType()).isEqualTo(PartitionerType.DEFAULT);
        assertThat(c.timestampExtractorType()).isEqualTo(TimestampExtractorType.RECORD);
        assertThat(c.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(c.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(c.partitionFields()).isEmpty();
        assertThat(LayoutConfig.crossFieldValidation(raw(Map.of()))).allMatch(v -> v.errorMessages().isEmpty());
    }

    @Test
    void everyKeyIsFullyDocumented() {
        ConfigDef def = LayoutConfig.addTo(new ConfigDef(), "Layout");
        assertThat(def.configKeys()).containsOnlyKeys("topics.dir", "partitioner.class", "path.format",
                "partition.field.name", "partition.duration.ms", "timestamp.extractor", "timestamp.field", "timezone",
                "locale");
        def.configKeys().values().forEach(key -> {
            assertThat(key.documentation).as(key.name).isNotBlank().endsWith(".");
            assertThat(key.group).isEqualTo("Layout");
            assertThat(key.displayName).isNotBlank();
            assertThat(key.orderInGroup).isPositive();
        });
    }

    @ParameterizedTest
    @CsvSource({
        "default, DEFAULT", "DefaultPartitioner, DEFAULT", "io.confluent.connect.storage.partitioner.FieldPartitioner, FIELD",
        "TIME, TIME", "io.confluent.connect.storage.partitioner.TimeBasedPartitioner, TIME",
        "io.confluent.connect.storage.partitioner.HourlyPartitioner, HOURLY", "DailyPartitioner, DAILY",
        "time_field, TIME_FIELD", "dev.tiered.connect.s3.layout.TimeAndFieldPartitioner, TIME_FIELD"})
    void partitionerNames(String name, PartitionerType type) {
        assertThat(PartitionerType.parse(name)).contains(type);
    }

    @ParameterizedTest
    @CsvSource({"Record, RECORD", "recordfield, RECORD_FIELD", "Wallclock, WALLCLOCK",
        "io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordFieldTimestampExtractor, RECORD_FIELD",
        "io.confluent.connect.storage.partitioner.TimeBasedPartitioner$WallclockTimestampExtractor, WALLCLOCK"})
    void extractorNames(String name, TimestampExtractorType type) {
        assertThat(TimestampExtractorType.parse(name)).contains(type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "partitioner.class|nope",
        "timestamp.extractor|Kafka",
        "timezone|Mars/Olympus",
        "timezone|' '",
        "locale|'!!'",
        "topics.dir|/",
        "topics.dir|a/../b",
        "topics.dir|a//b",
        "partition.duration.ms|-5",
        "partition.field.name|a..b",
    })
    void singleKeyErrorsNameTheKey(String key, String value) {
        assertThatThrownBy(() -> raw(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    @Test
    void topicsDirLengthIsCapped() {
        assertThatThrownBy(() -> raw(Map.of("topics.dir", "x".repeat(201))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topics.dir");
    }

    @Test
    void timePartitionerRequiresPathFormat() {
        AbstractConfig config = raw(Map.of("partitioner.class", "time"));
        assertThat(errors(config, "path.format")).singleElement().asString().contains("path.format", "time");
        assertThatThrownBy(() -> LayoutConfig.ensureValid(config))
                .isInstanceOf(ConfigException.class).hasMessageContaining("path.format");
        assertThat(errors(raw(Map.of("partitioner.class", "hourly")), "path.format")).isEmpty();
    }

    @Test
    void invalidPathFormatsAreRejected() {
        for (String format : List.of("'dt'=YYYY//MM", "'..'", "'a'=CC", "'unterminated=YYYY", "'x'=YYYY/'%'",
                "'a:b'=YYYY")) {
            assertThat(errors(raw(Map.of("partitioner.class", "time", "path.format", format)), "path.format"))
                    .as(format).singleElement().asString().startsWith("path.format is invalid");
        }
    }

    @Test
    void fieldPartitionersRequireFields() {
        assertThat(errors(raw(Map.of("partitioner.class", "field")), "partition.field.name")).hasSize(1);
        assertThat(errors(raw(Map.of("partitioner.class", "time_field", "path.format", "'d'=dd")),
                "partition.field.name")).hasSize(1);
        assertThat(errors(raw(Map.of("partitioner.class", "field", "partition.field.name", "a")),
                "partition.field.name")).isEmpty();
    }

    @Test
    void partitionFieldColumnNamesMustBeDistinct() {
        assertThat(errors(raw(Map.of("partitioner.class", "field", "partition.field.name", "a.x,b.x")),
                "partition.field.name")).singleElement().asString().contains("distinct");
    }

    @Test
    void recordFieldExtractorRequiresTimestampField() {
        AbstractConfig config = raw(Map.of("timestamp.extractor", "RecordField"));
        assertThat(errors(config, "timestamp.field")).singleElement().asString().contains("timestamp.field");
        assertThatThrownBy(() -> new LayoutConfig(config).partitioner(java.time.Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("timestamp.field");
    }

    private static List<String> errors(AbstractConfig config, String key) {
        return LayoutConfig.crossFieldValidation(config).stream().filter(v -> v.name().equals(key))
                .map(ConfigValue::errorMessages).findFirst().orElseThrow();
    }
}
