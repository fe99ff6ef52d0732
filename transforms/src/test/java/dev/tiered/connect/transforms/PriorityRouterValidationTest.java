package dev.tiered.connect.transforms;

import dev.tiered.connect.common.config.ConnectorPluginValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/**
 * What {@code PUT /connector-plugins/{plugin}/config/validate} reports for PriorityRouter settings.
 *
 * <p>Connect 4.3.1 validates a transformation like this (AbstractHerder.validateConnectorConfig, through
 * ConnectorConfig.enrich): it instantiates the transformation without configuring it, copies the ConfigKeys of its
 * {@code config()} under {@code transforms.<alias>.}, and runs {@code ConfigDef.validateAll} over the whole connector
 * configuration, key by key. {@link #validateLikeConnect} does the same; {@link PriorityRouterRuntimeTest} checks it
 * against the runtime itself.
 */
class PriorityRouterValidationTest {

    private static Map<String, String> connectorConfig(String... keysAndValues) {
        Map<String, String> props = new TreeMap<>();
        props.put("name", "events");
        props.put("transforms", "route");
        props.put("transforms.route.type", PriorityRouter.class.getName());
        props.put("transforms.route.rules", "fraud");
        props.put("transforms.route.rules.fraud.when", "event_type == 'fraud_signal'");
        props.put("transforms.route.rules.fraud.score", "1.0");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    /** Connect's validation of a transformation's keys, reduced to what it does with the transformation. */
    static Map<String, ConfigValue> validateLikeConnect(Map<String, String> connectorConfig) {
        ConfigDef pluginDef = new ConfigDef();
        new PriorityRouter<>().config().configKeys().values().forEach(pluginDef::define);
        ConfigDef connectorDef = new ConfigDef();
        connectorDef.embed("transforms.route.", "Transforms: route", 0, pluginDef);
        return connectorDef.validateAll(connectorConfig);
    }

    private static List<String> errors(Map<String, ConfigValue> values, String key) {
        return values.get(key).errorMessages();
    }

    @Test
    void connectReportsABrokenScoreFieldWithItsPosition() {
        Map<String, ConfigValue> values = validateLikeConnect(connectorConfig("transforms.route.score.field",
                "payload..priority"));
        assertThat(errors(values, "transforms.route.score.field"))
                .containsExactly("score.field: expected a field name after '.' at position 9 but found '.'");
    }

    @Test
    void connectReportsBadRuleNames() {
        Map<String, ConfigValue> values = validateLikeConnect(connectorConfig("transforms.route.rules", "a.b"));
        assertThat(errors(values, "transforms.route.rules")).singleElement().asString()
                .contains("rule names may only contain letters, digits, '_' and '-', but 'a.b' does not");
    }

    @Test
    void connectCannotSeeRuleKeys() {
        Map<String, ConfigValue> values = validateLikeConnect(connectorConfig("transforms.route.rules.fraud.when",
                "event_type == "));
        assertThat(values).doesNotContainKey("transforms.route.rules.fraud.when");
        assertThat(values.values()).allSatisfy(value -> assertThat(value.errorMessages()).isEmpty());
    }

    @Test
    void validatesRuleKeysForAConnectorsOwnValidation() {
        List<ConfigValue> values = ConnectorPluginValidation.validateAttachedPlugins(connectorConfig(
                "transforms.route.rules.fraud.when", "(amount > 1000 and"));
        assertThat(values).extracting(ConfigValue::name)
                .containsExactly("transforms.route.rules.fraud.when", "transforms.route.rules.fraud.score");
        assertThat(values.get(0).errorMessages()).containsExactly(
                "rules.fraud.when: expected a condition at position 19 but found end of input");
        assertThat(values.get(0).value()).isEqualTo("(amount > 1000 and");
        assertThat(values.get(1).errorMessages()).isEmpty();
    }

    @Test
    void validatesMissingRuleKeys() {
        Map<String, String> config = connectorConfig("transforms.route.rules", "fraud,vip");
        List<ConfigValue> values = ConnectorPluginValidation.validateAttachedPlugins(config);
        assertThat(values).filteredOn(value -> !value.errorMessages().isEmpty()).extracting(ConfigValue::name)
                .containsExactly("transforms.route.rules.vip.when", "transforms.route.rules.vip.score");
    }

    @Test
    void validatesSettingsThatDependOnEachOther() {
        List<ConfigValue> values = ConnectorPluginValidation.validateAttachedPlugins(connectorConfig(
                "transforms.route.hot.lag.consumer.group", "hot-readers"));
        assertThat(values).filteredOn(value -> !value.errorMessages().isEmpty())
                .singleElement()
                .satisfies(value -> {
                    assertThat(value.name()).isEqualTo("transforms.route.hot.lag.admin.bootstrap.servers");
                    assertThat(value.errorMessages()).singleElement().asString()
                            .startsWith("hot.lag.admin.bootstrap.servers is required when hot.lag.consumer.group is set");
                });
    }

    @Test
    void findsNothingWrongWithAGoodConfiguration() {
        List<ConfigValue> values = ConnectorPluginValidation.validateAttachedPlugins(connectorConfig());
        assertThat(values).allSatisfy(value -> assertThat(value.errorMessages()).isEmpty());
    }

    @Test
    void ignoresOtherTransformations() {
        Map<String, String> config = connectorConfig("transforms", "route,mask",
                "transforms.mask.type", "org.apache.kafka.connect.transforms.MaskField$Value",
                "transforms.mask.rules.x.when", "broken ==");
        assertThat(ConnectorPluginValidation.validateAttachedPlugins(config)).extracting(ConfigValue::name)
                .allMatch(name -> name.startsWith("transforms.route."));
    }

    @Test
    void validatesEverythingForOneTransformation() {
        Map<String, ConfigValue> values = PriorityRouterConfig.validate(Map.of("rules", "fraud",
                "rules.fraud.when", "a ==", "rules.fraud.score", "2", "hot.threshold", "3"));
        assertThat(values.get("rules.fraud.when").errorMessages()).singleElement().asString()
                .startsWith("rules.fraud.when: expected a value").contains("at position 5");
        assertThat(values.get("rules.fraud.score").errorMessages())
                .containsExactly("rules.fraud.score must be between 0 and 1, but is 2");
        assertThat(values.get("hot.threshold").errorMessages()).singleElement().asString()
                .contains("must be between 0.0 and 1.0");
        assertThat(values.get("cold.topic").errorMessages()).isEmpty();
    }
}
