package dev.tiered.connect.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventGeneratorConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> config = new HashMap<>();
        config.put("topic", "events");
        return config;
    }

    @Test
    void defaults() {
        EventGeneratorConfig config = new EventGeneratorConfig(minimal());
        assertThat(config.topic()).isEqualTo("events");
        assertThat(config.structValues()).isFalse();
        assertThat(config.batchSize()).isEqualTo(500);
        assertThat(config.eventsPerSecond()).isEqualTo(1000.0);
        assertThat(config.maxEvents()).isEqualTo(-1L);
        assertThat(config.seed()).isEqualTo(42L);
        assertThat(config.hotShare()).isEqualTo(0.05);
        assertThat(config.hotThreshold()).isEqualTo(0.9);
        assertThat(config.eventTypeMix()).isEqualTo(EventTypeMix.defaults());
        assertThat(config.eventTimeStart()).isNull();
        assertThat(config.eventTimeStepMillis()).isEqualTo(1.0);
        assertThat(config.eventClock(() -> 0L).isSynthetic()).isFalse();
    }

    @Test
    void everyKeyIsFullyDocumented() {
        for (ConfigDef.ConfigKey key : EventGeneratorConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(key.documentation).as("doc of %s", key.name).isNotBlank().endsWith(".");
            assertThat(key.group).as("group of %s", key.name).isNotBlank();
            assertThat(key.orderInGroup).as("order of %s", key.name).isPositive();
            assertThat(key.displayName).as("display name of %s", key.name).isNotBlank();
            assertThat(key.width).as("width of %s", key.name).isNotNull();
            assertThat(key.importance).as("importance of %s", key.name).isNotNull();
            assertThat(key.validator).as("validator of %s", key.name).isNotNull();
        }
        assertThat(EventGeneratorConfig.CONFIG_DEF.names()).containsExactlyInAnyOrder("topic", "value.format",
                "batch.size", "events.per.second", "max.events", "seed", "hot.share", "hot.threshold",
                "event.type.weights", "event.time.start", "event.time.step.ms");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("topic", ""),
                Arguments.of("topic", "   "),
                Arguments.of("topic", "no spaces allowed"),
                Arguments.of("topic", "a".repeat(250)),
                Arguments.of("value.format", "avro"),
                Arguments.of("batch.size", "0"),
                Arguments.of("batch.size", "many"),
                Arguments.of("events.per.second", "-1"),
                Arguments.of("events.per.second", "Infinity"),
                Arguments.of("max.events", "-2"),
                Arguments.of("seed", "forty-two"),
                Arguments.of("hot.share", "1.01"),
                Arguments.of("hot.share", "-0.1"),
                Arguments.of("hot.share", "NaN"),
                Arguments.of("hot.threshold", "0"),
                Arguments.of("hot.threshold", "1.5"),
                Arguments.of("event.type.weights", "payment"),
                Arguments.of("event.type.weights", "purchase:5"),
                Arguments.of("event.type.weights", "payment:-3"),
                Arguments.of("event.time.start", "yesterday"),
                Arguments.of("event.time.start", "2026-01-01"),
                Arguments.of("event.time.step.ms", "-1"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void badValuesFailValidationNamingTheKey(String key, String value) {
        Map<String, String> props = minimal();
        props.put(key, value);
        Map<String, ConfigValue> results = EventGeneratorConfig.CONFIG_DEF.validateAll(props);
        List<String> errors = results.get(key).errorMessages();
        assertThat(errors).as("errors of %s", key).isNotEmpty();
        assertThat(errors).allSatisfy(error -> assertThat(error).contains(key));
        results.forEach((other, result) -> {
            if (!other.equals(key)) {
                assertThat(result.errorMessages()).as("errors of %s", other).isEmpty();
            }
        });
        assertThatThrownBy(() -> new EventGeneratorConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    @Test
    void aMissingTopicIsNamed() {
        Map<String, ConfigValue> results = EventGeneratorConfig.CONFIG_DEF.validateAll(Map.of());
        assertThat(results.get("topic").errorMessages()).singleElement().asString().contains("topic");
        assertThatThrownBy(() -> new EventGeneratorConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("topic");
    }

    @Test
    void syntheticTimeAndTypeWeightsAreParsed() {
        Map<String, String> props = minimal();
        props.put("event.time.start", "2026-01-01T00:00:00Z");
        props.put("event.time.step.ms", "0.25");
        props.put("event.type.weights", "fraud_signal:10, page_view:0");
        props.put("value.format", "Struct");
        EventGeneratorConfig config = new EventGeneratorConfig(props);
        assertThat(config.eventTimeStart()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        EventClock clock = config.eventClock(() -> 0L);
        assertThat(clock.isSynthetic()).isTrue();
        assertThat(clock.eventTimeMillis(8)).isEqualTo(Instant.parse("2026-01-01T00:00:00.002Z").toEpochMilli());
        assertThat(config.eventTypeMix().share(EventType.PAGE_VIEW)).isZero();
        assertThat(config.structValues()).isTrue();
    }

    @Test
    void aTaskConfigHasItsIdAndCount() {
        Map<String, String> props = minimal();
        props.put("task.id", "2");
        props.put("task.count", "3");
        EventGeneratorConfig config = EventGeneratorConfig.forTask(props);
        assertThat(config.taskId()).isEqualTo(2);
        assertThat(config.taskCount()).isEqualTo(3);
        assertThat(EventGeneratorConfig.CONFIG_DEF.names()).doesNotContain("task.id", "task.count");
    }
}
