package dev.tiered.connect.transforms;

import static dev.tiered.connect.transforms.TestRecords.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.transforms.routing.FakeClock;
import dev.tiered.connect.transforms.routing.FakeLagSource;

class PriorityRouterMetricsTest {

    /** The tags a Connect worker gives a transformation's metrics. */
    private static final Map<String, String> WORKER_TAGS = Map.of("connector", "events", "task", "0",
            "transformation", "route");

    private final Metrics registry = new Metrics();
    private final PluginMetricsImpl pluginMetrics = new PluginMetricsImpl(registry, WORKER_TAGS);
    private final FakeClock clock = new FakeClock();
    private final FakeLagSource lagSource = new FakeLagSource();
    private final PriorityRouter<SourceRecord> router = new PriorityRouter<>(clock, (g, a, t) -> lagSource);

    @AfterEach
    void close() throws Exception {
        router.close();
        pluginMetrics.close();
        registry.close();
    }

    private static Map<String, String> config(String... extra) {
        Map<String, String> props = new HashMap<>();
        props.put("score.field", "priority");
        props.put("rules", "fraud,big_payment");
        props.put("rules.fraud.when", "event_type == 'fraud_signal'");
        props.put("rules.fraud.score", "1");
        props.put("rules.big_payment.when", "payload.amount > 1000");
        props.put("rules.big_payment.score", "0.95");
        props.put("hot.max.records.per.second", "1");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return props;
    }

    private double metric(String name, String... tags) {
        Map<String, String> allTags = new LinkedHashMap<>(WORKER_TAGS);
        for (int i = 0; i < tags.length; i += 2) {
            allTags.put(tags[i], tags[i + 1]);
        }
        KafkaMetric metric = registry.metric(new MetricName(name, "plugins", "", allTags));
        assertThat(metric).as(name + allTags).isNotNull();
        return (Double) metric.metricValue();
    }

    private void routeTheReferenceMix() {
        router.apply(TestRecords.withValue(TestRecords.event("fraud_signal", 0.1)));
        router.apply(TestRecords.withValue(TestRecords.event("payment", 0.1)));
        router.apply(TestRecords.withValue(TestRecords.event("payment", 0.1)));
        router.apply(TestRecords.withValue(map("priority", 0.1)));
        router.apply(TestRecords.withValue(map("priority", "high")));
        router.apply(TestRecords.withKeyAndValue("k", null));
    }

    @Test
    void publishesCountsUnderTheWorkersTags() {
        router.configure(config());
        router.withPluginMetrics(pluginMetrics);
        routeTheReferenceMix();
        assertThat(metric("records-scored-total")).isEqualTo(4);
        assertThat(metric("records-routed-hot-total")).isEqualTo(2);
        assertThat(metric("records-routed-cold-total")).isEqualTo(4);
        assertThat(metric("records-demoted-total", "reason", "rate")).isEqualTo(1);
        assertThat(metric("records-demoted-total", "reason", "lag")).isZero();
        assertThat(metric("rule-matches-total", "rule", "fraud")).isEqualTo(1);
        assertThat(metric("rule-matches-total", "rule", "big_payment")).isEqualTo(3);
        assertThat(metric("evaluation-errors-total")).isEqualTo(1);
    }

    @Test
    void registersOnceTheRulesAreKnownWhicheverComesFirst() {
        router.withPluginMetrics(pluginMetrics);
        router.configure(config());
        router.apply(TestRecords.withValue(TestRecords.event("fraud_signal", 0.1)));
        assertThat(metric("rule-matches-total", "rule", "fraud")).isEqualTo(1);
    }

    @Test
    void publishesTheHotLagWhenTheLagProbeIsOn() {
        router.configure(config("hot.lag.consumer.group", "hot-readers", "hot.lag.admin.bootstrap.servers", "b:9092"));
        router.withPluginMetrics(pluginMetrics);
        assertThat(metric("hot-lag-records")).isEqualTo(-1);
        assertThat(metric("hot-lag-exceeded")).isZero();
    }

    @Test
    void publishesNoHotLagWithoutTheLagProbe() {
        router.configure(config());
        router.withPluginMetrics(pluginMetrics);
        assertThat(registry.metrics().keySet()).extracting(MetricName::name).doesNotContain("hot-lag-records");
    }

    @Test
    void countsWithoutAWorkerAskingForMetrics() {
        router.configure(config());
        routeTheReferenceMix();
        assertThat(router.metrics().scored.sum()).isEqualTo(4);
        assertThat(router.metrics().ruleMatches("big_payment")).isEqualTo(3);
        assertThat(router.metrics().evaluationErrors.sum()).isEqualTo(1);
    }
}
