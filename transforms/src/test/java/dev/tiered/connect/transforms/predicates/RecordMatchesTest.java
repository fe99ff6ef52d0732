package dev.tiered.connect.transforms.predicates;

import static dev.tiered.connect.transforms.TestRecords.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Filter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.transforms.TestRecords;

class RecordMatchesTest {

    private final RecordMatches<SourceRecord> predicate = new RecordMatches<>();

    @AfterEach
    void close() {
        predicate.close();
    }

    private RecordMatches<SourceRecord> configured(String... keysAndValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        predicate.configure(props);
        return predicate;
    }

    @Test
    void holdsForRecordsSatisfyingTheCondition() {
        configured("condition", "event_type in ('payment', 'fraud_signal') and payload.amount > 1000");
        assertThat(predicate.test(TestRecords.withValue(TestRecords.event("payment", 0.1)))).isTrue();
        assertThat(predicate.test(TestRecords.withValue(TestRecords.event("page_view", 0.1)))).isFalse();
    }

    @Test
    void resolvesChangeEventsAgainstTheirRow() {
        configured("condition", "status == 'paid' and source.table == 'payments'");
        SourceRecord update = TestRecords.withValue(TestRecords.debeziumMap("u", null, map("status", "paid"), "payments"));
        assertThat(predicate.test(update)).isTrue();
    }

    @Test
    void canLeaveChangeEventsWrapped() {
        configured("condition", "after.status == 'paid' and status == null", "envelope.detection", "none");
        SourceRecord update = TestRecords.withValue(TestRecords.debeziumMap("u", null, map("status", "paid"), "payments"));
        assertThat(predicate.test(update)).isTrue();
    }

    @Test
    void answersFalseForRecordsItCannotEvaluateByDefault() {
        configured("condition", "amount > 5");
        assertThat(predicate.test(TestRecords.withValue(map("amount", "many")))).isFalse();
        assertThat(predicate.errors()).isEqualTo(1);
    }

    @Test
    void answersTrueForRecordsItCannotEvaluateWhenAskedTo() {
        configured("condition", "amount > 5", "on.error", "TRUE");
        assertThat(predicate.test(TestRecords.withValue(map("amount", "many")))).isTrue();
    }

    @Test
    void failsRecordsItCannotEvaluateWhenAskedTo() {
        configured("condition", "amount > 5", "on.error", "fail");
        assertThatThrownBy(() -> predicate.test(TestRecords.withValue(map("amount", "t0ps3cret"))))
                .isInstanceOf(DataException.class)
                .hasMessage("RecordMatches cannot evaluate 'amount > 5' on a record from topic 'events' partition 3:"
                        + " amount: expected a number but found a value of type String")
                .message().doesNotContain("t0ps3cret");
    }

    @Test
    void rejectsABrokenConditionWithItsPosition() {
        assertThatThrownBy(() -> configured("condition", "amount > 5 and"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("condition: expected a condition at position 15 but found end of input");
    }

    @Test
    void requiresACondition() {
        assertThatThrownBy(() -> configured()).isInstanceOf(ConfigException.class).hasMessageContaining("condition");
    }

    @Test
    void reportsABrokenConditionOnValidation() {
        List<ConfigValue> values = RecordMatchesConfig.CONFIG_DEF.validate(Map.of("condition", "a in 1"));
        assertThat(values).filteredOn(value -> value.name().equals("condition")).singleElement()
                .satisfies(value -> assertThat(value.errorMessages())
                        .containsExactly("condition: expected '(' after 'in' at position 6 but found '1'"));
    }

    @Test
    void drivesKafkasOwnTransformations() {
        configured("condition", "priority < 0.5");
        Filter<SourceRecord> filter = new Filter<>();
        filter.configure(Map.of());
        SourceRecord low = TestRecords.withValue(map("priority", 0.1));
        SourceRecord high = TestRecords.withValue(map("priority", 0.9));
        assertThat(predicate.test(low) ? filter.apply(low) : low).isNull();
        assertThat(predicate.test(high) ? filter.apply(high) : high).isSameAs(high);
        filter.close();
    }

    @Test
    void publishesItsCounts() throws Exception {
        configured("condition", "priority >= 0.9");
        try (Metrics registry = new Metrics();
             PluginMetricsImpl metrics = new PluginMetricsImpl(registry, Map.of("predicate", "hot"))) {
            predicate.withPluginMetrics(metrics);
            predicate.test(TestRecords.withValue(map("priority", 0.95)));
            predicate.test(TestRecords.withValue(map("priority", 0.1)));
            predicate.test(TestRecords.withValue(map("priority", "x")));
            LinkedHashMap<String, String> tags = new LinkedHashMap<>(Map.of("predicate", "hot"));
            assertThat(registry.metric(new MetricName("records-tested-total", "plugins", "", tags)).metricValue())
                    .isEqualTo(3.0);
            assertThat(registry.metric(new MetricName("records-matched-total", "plugins", "", tags)).metricValue())
                    .isEqualTo(1.0);
            assertThat(registry.metric(new MetricName("evaluation-errors-total", "plugins", "", tags)).metricValue())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void reportsThePackVersion() {
        assertThat(predicate.version()).isEqualTo(PackVersion.get());
        assertThat(predicate.config()).isSameAs(RecordMatchesConfig.CONFIG_DEF);
    }
}
