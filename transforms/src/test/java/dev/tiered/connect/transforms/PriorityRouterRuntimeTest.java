package dev.tiered.connect.transforms;

import dev.tiered.connect.common.config.ConnectorPluginValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.runtime.AbstractHerder;
import org.apache.kafka.connect.runtime.ConnectMetrics;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.runtime.TransformationStage;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.transforms.predicates.RecordMatches;

/**
 * The plugins against the Connect 4.3.1 runtime's own classes, in this JVM and without a cluster: how the runtime
 * finds them (KIP-898 service files), validates their configuration (ConnectorConfig.enrich, as the REST validate
 * call does) and builds a task's transformation chain (ConnectorConfig.transformationStages, which configures them
 * and hands them their KIP-877 metrics).
 */
class PriorityRouterRuntimeTest {

    private static final String CONNECTOR_CLASS = "org.apache.kafka.connect.runtime.SampleSourceConnector";

    private static Plugins plugins;
    private static ConnectMetrics connectMetrics;

    @BeforeAll
    static void startRuntimePieces() {
        plugins = new Plugins(Map.of("plugin.discovery", "service_load"));
        connectMetrics = new ConnectMetrics("worker-1", new StandaloneConfig(Map.of(
                "bootstrap.servers", "localhost:9092",
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "offset.storage.file.filename", "unused.offsets")), Time.SYSTEM, "cluster-1");
    }

    @AfterAll
    static void stopRuntimePieces() {
        connectMetrics.stop();
    }

    private static Map<String, String> connectorConfig(String... keysAndValues) {
        Map<String, String> props = new TreeMap<>();
        props.put("name", "events");
        props.put("connector.class", CONNECTOR_CLASS);
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

    private static Map<String, ConfigValue> validate(Map<String, String> props) {
        ConfigDef enriched = ConnectorConfig.enrich(plugins, SourceConnectorConfig.configDef(), props, false);
        return enriched.validateAll(props);
    }

    @Test
    void findsThePluginsThroughTheirServiceFiles() {
        assertThat(plugins.transformations()).anyMatch(desc -> desc.className().equals(PriorityRouter.class.getName()));
        assertThat(plugins.predicates()).anyMatch(desc -> desc.className().equals(RecordMatches.class.getName()));
    }

    @Test
    void reportsStaticKeyErrorsOnValidate() {
        Map<String, ConfigValue> values = validate(connectorConfig("transforms.route.score.field", "payload..priority",
                "transforms.route.hot.threshold", "2"));
        assertThat(values.get("transforms.route.score.field").errorMessages())
                .containsExactly("score.field: expected a field name after '.' at position 9 but found '.'");
        assertThat(values.get("transforms.route.hot.threshold").errorMessages()).singleElement().asString()
                .contains("must be between 0.0 and 1.0");
    }

    @Test
    void validatesRuleKeysOnlyThroughTheConnector() {
        Map<String, String> props = connectorConfig("transforms.route.rules.fraud.when", "event_type ==");
        assertThat(validate(props)).doesNotContainKey("transforms.route.rules.fraud.when");
        assertThat(ConnectorPluginValidation.validateAttachedPlugins(props))
                .filteredOn(value -> value.name().equals("transforms.route.rules.fraud.when"))
                .singleElement()
                .satisfies(value -> assertThat(value.errorMessages()).containsExactly("rules.fraud.when: expected a"
                        + " value (a field, a string, a number, true, false or null) at position 14 but found end of"
                        + " input"));
    }

    @Test
    void reportsRuleKeyErrorsInTheRestResponseWhenTheConnectorAddsThem() {
        Map<String, String> props = connectorConfig("transforms.route.rules.fraud.when", "(amount > 5 or",
                "transforms.route.hot.lag.consumer.group", "hot-readers");
        ConfigDef enriched = ConnectorConfig.enrich(plugins, SourceConnectorConfig.configDef(), props, false);
        // AbstractHerder.validateConnectorPluginSpecifiedConfigs: Connect's results, then the connector's validate().
        List<ConfigValue> values = new ArrayList<>(enriched.validateAll(props).values());
        values.addAll(ConnectorPluginValidation.validateAttachedPlugins(props));
        ConfigInfos response = AbstractHerder.generateResult(CONNECTOR_CLASS, enriched.configKeys(), values,
                enriched.groups());
        assertThat(response.errorCount()).isEqualTo(2);
        assertThat(response.configs()).extracting(ConfigInfo::configValue)
                .filteredOn(value -> !value.errors().isEmpty())
                .extracting(value -> value.name() + " -> " + value.errors())
                .containsExactlyInAnyOrder(
                        "transforms.route.rules.fraud.when -> [rules.fraud.when: expected a condition at position 15"
                                + " but found end of input]",
                        "transforms.route.hot.lag.admin.bootstrap.servers -> [hot.lag.admin.bootstrap.servers is"
                                + " required when hot.lag.consumer.group is set: the Kafka cluster whose hot topics"
                                + " the lag is measured on]");
    }

    @Test
    void reportsPredicateConditionErrorsOnValidate() {
        Map<String, ConfigValue> values = validate(connectorConfig("predicates", "big",
                "predicates.big.type", RecordMatches.class.getName(),
                "predicates.big.condition", "amount >> 5",
                "transforms.route.predicate", "big"));
        assertThat(values.get("predicates.big.condition").errorMessages())
                .containsExactly("condition: expected a value (a field, a string, a number, true, false or null) at"
                        + " position 9 but found '>'");
    }

    @Test
    void configuresTheRouterAndGivesItMetricsWhenBuildingATask() throws Exception {
        ConnectorConfig config = new ConnectorConfig(plugins, connectorConfig());
        List<TransformationStage<SourceRecord>> stages =
                config.transformationStages(plugins, new ConnectorTaskId("events", 0), connectMetrics);
        try {
            SourceRecord routed = stages.get(0).apply(TestRecords.withValue(TestRecords.event("fraud_signal", 0)));
            assertThat(routed.topic()).isEqualTo("events.hot");
            MetricName hot = new MetricName("records-routed-hot-total", "plugins", "",
                    Map.of("connector", "events", "task", "0", "transformation", "route"));
            KafkaMetric metric = connectMetrics.metrics().metric(hot);
            assertThat(metric).isNotNull();
            assertThat(metric.metricValue()).isEqualTo(1.0);
        } finally {
            stages.forEach(TransformationStage::close);
        }
    }
}
