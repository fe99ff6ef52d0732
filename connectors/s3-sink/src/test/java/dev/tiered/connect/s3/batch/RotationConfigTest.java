package dev.tiered.connect.s3.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RotationConfigTest {

    static RotationConfig config(Map<String, String> props) {
        return new RotationConfig(new AbstractConfig(RotationConfig.addTo(new ConfigDef(), "Batching"), props));
    }

    @Test
    void defaults() {
        RotationSettings s = config(Map.of()).settings();
        assertThat(s).isEqualTo(new RotationSettings(100_000, 128L * 1024 * 1024, -1, 600_000));
        assertThat(s.recordTimeRotation()).isFalse();
        assertThat(s.scheduledRotation()).isTrue();
    }

    @Test
    void parsesEveryKey() {
        RotationConfig c = config(Map.of("flush.size", "10", "flush.size.bytes", "2048", "rotate.interval.ms", "5000",
                "rotate.schedule.interval.ms", "-1"));
        assertThat(c.settings()).isEqualTo(new RotationSettings(10, 2048, 5000, -1));
        assertThat(c.policy(new ManualClock(0)).settings().scheduledRotation()).isFalse();
    }

    @Test
    void everyKeyIsFullyDocumented() {
        ConfigDef def = RotationConfig.addTo(new ConfigDef(), "Batching");
        assertThat(def.configKeys()).containsOnlyKeys("flush.size", "flush.size.bytes", "rotate.interval.ms",
                "rotate.schedule.interval.ms");
        def.configKeys().values().forEach(key -> {
            assertThat(key.documentation).as(key.name).isNotBlank().endsWith(".");
            assertThat(key.displayName).isNotBlank();
            assertThat(key.validator).isNotNull();
        });
    }

    @ParameterizedTest
    @CsvSource({"flush.size, 0", "flush.size, -1", "flush.size.bytes, 0", "rotate.interval.ms, 0",
        "rotate.interval.ms, -2", "rotate.schedule.interval.ms, 0", "rotate.schedule.interval.ms, -100",
        "flush.size, lots"})
    void invalidValuesNameTheKey(String key, String value) {
        assertThatThrownBy(() -> config(Map.of(key, value)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(key);
    }
}
