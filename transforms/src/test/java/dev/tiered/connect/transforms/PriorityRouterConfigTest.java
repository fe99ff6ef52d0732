package dev.tiered.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class PriorityRouterConfigTest {

    private static Map<String, String> props(String... keysAndValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    private static void configure(Map<String, String> props) {
        PriorityRouter<SourceRecord> router = new PriorityRouter<>();
        try {
            router.configure(props);
        } finally {
            router.close();
        }
    }

    private static Map<String, String> oneRule(String when, String score) {
        Map<String, String> props = props("rules", "fraud");
        if (when != null) {
            props.put("rules.fraud.when", when);
        }
        if (score != null) {
            props.put("rules.fraud.score", score);
        }
        return props;
    }

    @Test
    void acceptsTheDefaults() {
        PriorityRouterConfig config = new PriorityRouterConfig(Map.of());
        assertThat(config.scoreField()).isNull();
        assertThat(config.rules()).isEmpty();
        assertThat(config.hotThreshold()).isEqualTo(0.9);
        assertThat(config.criticalThreshold()).isEqualTo(1.0);
        assertThat(config.hotTopic().render("t")).isEqualTo("t.hot");
        assertThat(config.coldTopic().render("t")).isEqualTo("t.cold");
        assertThat(config.tombstonesHot()).isFalse();
        assertThat(config.detectEnvelopes()).isTrue();
        assertThat(config.failOnError()).isFalse();
        assertThat(config.headersEnabled()).isTrue();
        assertThat(config.scoreHeader()).isEqualTo("tiered.score");
        assertThat(config.routeHeader()).isEqualTo("tiered.route");
        assertThat(config.demotedHeader()).isEqualTo("tiered.demoted");
        assertThat(config.errorHeader()).isEqualTo("tiered.error");
        assertThat(config.hotMaxRecordsPerSecond()).isZero();
        assertThat(config.hotLagConsumerGroup()).isNull();
        assertThat(config.hotLagCheckInterval().toMillis()).isEqualTo(5000);
    }

    @Test
    void takesOneSecondOfTheRateAsTheDefaultBurst() {
        assertThat(new PriorityRouterConfig(props("hot.max.records.per.second", "250")).hotBurstRecords())
                .isEqualTo(250);
        assertThat(new PriorityRouterConfig(props("hot.max.records.per.second", "0.5")).hotBurstRecords())
                .isEqualTo(1);
    }

    @Test
    void acceptsScoresGivenAsNumbers() {
        Map<String, Object> props = new HashMap<>();
        props.put("rules", List.of("fraud"));
        props.put("rules.fraud.when", "event_type == 'fraud_signal'");
        props.put("rules.fraud.score", 0.75);
        assertThat(new PriorityRouterConfig(props).rules().get(0).score()).isEqualTo(0.75);
    }

    @Test
    void namesTheRuleAndPositionOfABrokenCondition() {
        assertThatThrownBy(() -> configure(oneRule("(amount > 1000 or risk == 'high'", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rules.fraud.when: expected ')' at position 33 but found end of input");
    }

    @Test
    void requiresACondition() {
        assertThatThrownBy(() -> configure(oneRule(null, "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rules.fraud.when is required: the condition under which rule 'fraud' applies");
        assertThatThrownBy(() -> configure(oneRule("  ", "1")))
                .hasMessageStartingWith("rules.fraud.when is required");
    }

    @Test
    void requiresAScore() {
        assertThatThrownBy(() -> configure(oneRule("a == 1", null)))
                .hasMessage("rules.fraud.score is required: the score in [0, 1] that rule 'fraud' gives");
    }

    @Test
    void requiresScoresBetweenZeroAndOne() {
        assertThatThrownBy(() -> configure(oneRule("a == 1", "1.5")))
                .hasMessage("rules.fraud.score must be between 0 and 1, but is 1.5");
        assertThatThrownBy(() -> configure(oneRule("a == 1", "-0.1")))
                .hasMessage("rules.fraud.score must be between 0 and 1, but is -0.1");
        assertThatThrownBy(() -> configure(oneRule("a == 1", "high")))
                .hasMessage("rules.fraud.score must be a number between 0 and 1, but is 'high'");
        assertThatThrownBy(() -> configure(oneRule("a == 1", "NaN")))
                .hasMessage("rules.fraud.score must be between 0 and 1, but is NaN");
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        Map<String, String> props = props("rules", "a,b", "rules.a.when", "x ==", "rules.a.score", "1",
                "rules.b.when", "y == 1");
        assertThatThrownBy(() -> configure(props))
                .hasMessage("rules.a.when: expected a value (a field, a string, a number, true, false or null) at"
                        + " position 5 but found end of input; rules.b.score is required: the score in [0, 1] that"
                        + " rule 'b' gives");
    }

    @Test
    void rejectsBadRuleNames() {
        assertThatThrownBy(() -> configure(props("rules", "fraud.v2")))
                .hasMessageContaining("rule names may only contain letters, digits, '_' and '-', but 'fraud.v2' does not");
        assertThatThrownBy(() -> configure(props("rules", "fraud,Fraud")))
                .hasMessageContaining("rule 'Fraud' is listed twice");
    }

    @Test
    void requiresTheLagAdminBootstrapServersWithAConsumerGroup() {
        assertThatThrownBy(() -> configure(props("hot.lag.consumer.group", "hot-readers")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("hot.lag.admin.bootstrap.servers is required when hot.lag.consumer.group is set: the Kafka"
                        + " cluster whose hot topics the lag is measured on");
    }

    @Test
    void namesTheAdminPrefixWhenTheAdminClientCannotBeCreated() {
        assertThatThrownBy(() -> configure(props("hot.lag.consumer.group", "hot-readers",
                "hot.lag.admin.bootstrap.servers", "broker-without-port")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("hot.lag.admin.*: cannot create the Admin client that measures the lag of"
                        + " hot-readers: ")
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void rejectsABrokenScoreField() {
        assertThatThrownBy(() -> configure(props("score.field", "payload.")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("score.field: expected a field name after '.' at position 9 but found end of input");
    }

    @Test
    void rejectsBadTopicTemplates() {
        assertThatThrownBy(() -> configure(props("hot.topic", "${topic}.${partition}")))
                .hasMessageContaining("hot.topic")
                .hasMessageContaining("unknown placeholder '${partition}'; only ${topic} is supported");
        assertThatThrownBy(() -> configure(props("hot.topic", "same", "cold.topic", "same")))
                .hasMessage("cold.topic must differ from hot.topic, or nothing is routed");
    }

    @Test
    void rejectsOutOfRangeNumbers() {
        assertThatThrownBy(() -> configure(props("hot.threshold", "1.5"))).hasMessageContaining("hot.threshold")
                .hasMessageContaining("must be between 0.0 and 1.0");
        assertThatThrownBy(() -> configure(props("hot.threshold", "NaN"))).hasMessageContaining("hot.threshold");
        assertThatThrownBy(() -> configure(props("hot.max.records.per.second", "-1")))
                .hasMessageContaining("hot.max.records.per.second");
        assertThatThrownBy(() -> configure(props("hot.lag.check.interval.ms", "10")))
                .hasMessageContaining("hot.lag.check.interval.ms");
        assertThatThrownBy(() -> configure(props("tombstone.route", "lukewarm"))).hasMessageContaining("tombstone.route");
    }

    @Test
    void declaresEveryKeyCompletely() {
        for (ConfigKey key : PriorityRouterConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank().endsWith(".");
            assertThat(key.group).as(key.name).isNotBlank();
            assertThat(key.displayName).as(key.name).isNotBlank();
            assertThat(key.orderInGroup).as(key.name).isPositive();
            assertThat(key.width).as(key.name).isNotEqualTo(ConfigDef.Width.NONE);
            assertThat(key.name).as(key.name).matches("[a-z]+(\\.[a-z]+)*");
        }
    }

    @Test
    void leavesTheKeysTheRuntimeOwnsAlone() {
        assertThat(PriorityRouterConfig.CONFIG_DEF.names()).doesNotContainAnyElementsOf(
                Set.of("type", "predicate", "negate", "plugin.version"));
    }
}
