package dev.tiered.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiered.connect.cdc.postgres.event.TypeSettings;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.BinaryMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.DecimalMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.HstoreMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.IntervalMode;
import dev.tiered.connect.cdc.postgres.event.TypeSettings.TimePrecisionMode;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The type-handling keys: Debezium's names, defaults and values, handed to the mapping via StreamSettings. */
class TypeHandlingConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("database.hostname", "db.example");
        props.put("database.user", "cdc");
        props.put("database.dbname", "shop");
        props.put("topic.prefix", "shop");
        return props;
    }

    @Test
    void defaultsAreDebeziums() {
        PostgresCdcConfig config = new PostgresCdcConfig(minimal());
        assertThat(config.typeSettings()).isEqualTo(TypeSettings.DEFAULTS);
        assertThat(config.streamSettings().types()).isEqualTo(TypeSettings.DEFAULTS);
    }

    @Test
    void everyModeIsAccepted() {
        Map<String, String> props = minimal();
        props.put("decimal.handling.mode", "STRING");
        props.put("time.precision.mode", "adaptive_time_microseconds");
        props.put("binary.handling.mode", "base64-url-safe");
        props.put("interval.handling.mode", "string");
        props.put("hstore.handling.mode", "map");
        props.put("money.fraction.digits", "4");
        assertThat(new PostgresCdcConfig(props).typeSettings()).isEqualTo(new TypeSettings(DecimalMode.STRING,
                TimePrecisionMode.ADAPTIVE_TIME_MICROSECONDS, BinaryMode.BASE64_URL_SAFE, IntervalMode.STRING,
                HstoreMode.MAP, 4));
    }

    @Test
    void unknownModesAreRejectedNamingTheKey() {
        Map<String, String> props = minimal();
        props.put("time.precision.mode", "nanoseconds");
        assertThatThrownBy(() -> new PostgresCdcConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("time.precision.mode");
    }
}
