package dev.tiered.connect.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.common.PackVersion;

class EventGeneratorSourceConnectorTest {

    private static Map<String, String> config(String... keyValues) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", EventGeneratorSourceConnector.class.getName());
        config.put("tasks.max", "4");
        config.put("topic", "events");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void versionIsThePacksVersion() {
        assertThat(new EventGeneratorSourceConnector().version()).isEqualTo(PackVersion.get()).isNotBlank();
    }

    @Test
    void isListedForServiceLoading() {
        assertThat(ServiceLoader.load(SourceConnector.class).stream().map(ServiceLoader.Provider::type))
                .contains(EventGeneratorSourceConnector.class);
    }

    @Test
    void everyTaskGetsTheConfigWithItsIdAndTheTaskCount() {
        EventGeneratorSourceConnector connector = new EventGeneratorSourceConnector();
        connector.start(config("seed", "3"));
        List<Map<String, String>> tasks = connector.taskConfigs(4);
        assertThat(tasks).hasSize(4);
        for (int task = 0; task < 4; task++) {
            assertThat(tasks.get(task)).containsEntry("task.id", Integer.toString(task))
                    .containsEntry("task.count", "4")
                    .containsEntry("seed", "3")
                    .containsEntry("topic", "events");
        }
        assertThat(connector.taskClass()).isEqualTo(EventGeneratorSourceTask.class);
        assertThat(connector.config()).isSameAs(EventGeneratorConfig.CONFIG_DEF);
    }

    @Test
    void maxEventsAndTheRateAreSharedExactly() {
        for (long maxEvents : new long[] {0, 1, 2, 3, 1_000, 1_003, 999_999_999_999L}) {
            for (int tasks = 1; tasks <= 7; tasks++) {
                long sum = 0;
                for (int task = 0; task < tasks; task++) {
                    long share = TaskShares.maxEventsOfTask(maxEvents, tasks, task);
                    assertThat(share).isBetween(maxEvents / tasks, maxEvents / tasks + 1);
                    sum += share;
                }
                assertThat(sum).as("%s events over %s tasks", maxEvents, tasks).isEqualTo(maxEvents);
            }
        }
        assertThat(TaskShares.maxEventsOfTask(10, 4, 1)).isEqualTo(3);
        assertThat(TaskShares.maxEventsOfTask(10, 4, 2)).isEqualTo(2);
        assertThat(TaskShares.maxEventsOfTask(-1, 4, 2)).isEqualTo(-1);
        assertThat(TaskShares.eventsPerSecondOfTask(50_000, 4)).isEqualTo(12_500);
        assertThat(TaskShares.eventsPerSecondOfTask(0, 4)).isZero();
        assertThatThrownBy(() -> TaskShares.maxEventsOfTask(10, 4, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validateReportsBadValuesUnderTheirKeys() {
        Config result = new EventGeneratorSourceConnector().validate(config("hot.share", "2", "batch.size", "-5"));
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : result.configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        assertThat(errors).containsOnlyKeys("hot.share", "batch.size");
        assertThat(errors.get("hot.share").get(0)).contains("hot.share");
    }

    @Test
    void startRejectsAnInvalidConfig() {
        assertThatThrownBy(() -> new EventGeneratorSourceConnector().start(config("value.format", "xml")))
                .hasMessageContaining("value.format");
    }

    @Test
    void supportsExactlyOnce() {
        assertThat(new EventGeneratorSourceConnector().exactlyOnceSupport(config()))
                .isEqualTo(ExactlyOnceSupport.SUPPORTED);
    }

    @Test
    void acceptsOffsetsOfItsOwnFormOnly() {
        EventGeneratorSourceConnector connector = new EventGeneratorSourceConnector();
        Map<Map<String, ?>, Map<String, ?>> valid = new HashMap<>();
        valid.put(Map.of("seed", 42, "task", 0), Map.of("seq", 1_000));
        valid.put(Map.of("seed", 42L, "task", 1L), null);
        assertThat(connector.alterOffsets(config(), valid)).isTrue();

        assertThatThrownBy(() -> connector.alterOffsets(config(),
                Map.of(Map.of("seed", 42, "task", 0), Map.of("seq", -1))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> connector.alterOffsets(config(),
                Map.of(Map.of("seed", 42, "task", 0), Map.of("seq", "ten"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> connector.alterOffsets(config(),
                Map.of(Map.of("file", "x"), Map.of("seq", 1))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("task");
    }

    @Test
    void thePartitionIteratesInTheOrderOfTheMapsConnectReadsBack() {
        // Connect stores offsets under the JSON of the partition and re-serializes the partitions it reads back.
        org.apache.kafka.connect.json.JsonConverter converter = new org.apache.kafka.connect.json.JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), true);
        byte[] stored = converter.fromConnectData("offsets", null, SourceOffsets.partition(42, 3));
        Object readBack = converter.toConnectData("offsets", stored).value();
        assertThat(converter.fromConnectData("offsets", null, readBack)).isEqualTo(stored);
        assertThat(SourceOffsets.nextSequence(null)).isZero();
        assertThat(SourceOffsets.nextSequence(Map.of("seq", 41L))).isEqualTo(42);
    }
}
