package dev.tiered.connect.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ConnectorPluginValidationTest {

    /** Reports every setting it is given, with an error when the value is "bad". */
    public static class EchoingPlugin implements SelfValidatingPlugin {
        @Override
        public Collection<ConfigValue> validateBeyondConfigDef(Map<String, String> props) {
            List<ConfigValue> values = new ArrayList<>();
            props.forEach((key, value) -> {
                List<String> errors = "bad".equals(value) ? List.of(key + " is bad") : List.of();
                values.add(new ConfigValue(key, value, List.of(), new ArrayList<>(errors)));
            });
            return values;
        }
    }

    @Test
    void reportsAttachedTransformFindingsUnderTheirFullKeys() {
        Map<String, String> config = new HashMap<>();
        config.put("transforms", "route, other");
        config.put("transforms.route.type", EchoingPlugin.class.getName());
        config.put("transforms.route.rules.fraud.when", "bad");
        config.put("transforms.other.type", "org.apache.kafka.connect.transforms.RegexRouter");
        config.put("transforms.other.regex", "bad");

        List<ConfigValue> values = ConnectorPluginValidation.validateAttachedPlugins(config);

        assertThat(values).extracting(ConfigValue::name)
                .containsExactlyInAnyOrder("transforms.route.type", "transforms.route.rules.fraud.when");
        assertThat(values).filteredOn(value -> value.name().equals("transforms.route.rules.fraud.when"))
                .singleElement()
                .satisfies(value -> assertThat(value.errorMessages()).containsExactly("rules.fraud.when is bad"));
    }

    @Test
    void checksPredicatesToo() {
        Map<String, String> config = Map.of(
                "predicates", "isHot",
                "predicates.isHot.type", EchoingPlugin.class.getName(),
                "predicates.isHot.condition", "bad");

        assertThat(ConnectorPluginValidation.validateAttachedPlugins(config))
                .filteredOn(value -> !value.errorMessages().isEmpty())
                .extracting(ConfigValue::name)
                .containsExactly("predicates.isHot.condition");
    }

    @Test
    void leavesUnknownAndMissingPluginClassesToConnect() {
        Map<String, String> config = Map.of(
                "transforms", "a,b",
                "transforms.a.type", "com.example.DoesNotExist");

        assertThat(ConnectorPluginValidation.validateAttachedPlugins(config)).isEmpty();
    }

    @Test
    void addsFindingsToTheConnectorsOwnValidation() {
        Config connectorValidation = new Config(new ArrayList<>(List.of(new ConfigValue("topic"))));
        Map<String, String> config = Map.of(
                "transforms", "route",
                "transforms.route.type", EchoingPlugin.class.getName(),
                "transforms.route.x", "bad");

        Config combined = ConnectorPluginValidation.withAttachedPlugins(connectorValidation, config);

        assertThat(combined.configValues()).extracting(ConfigValue::name)
                .startsWith("topic")
                .containsExactlyInAnyOrder("topic", "transforms.route.type", "transforms.route.x");
    }
}
