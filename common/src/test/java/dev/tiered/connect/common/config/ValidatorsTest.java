package dev.tiered.connect.common.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    @Test
    void betweenIsInclusiveAndNamesTheKey() {
        assertThatCode(() -> Validators.between(0, 1).ensureValid("hot.share", 1.0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Validators.between(0, 1).ensureValid("hot.share", 1.5))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hot.share").hasMessageContaining("between");
    }

    @Test
    void atLeastFiniteRejectsInfinityAndNaN() {
        assertThatCode(() -> Validators.atLeastFinite(0).ensureValid("rate", 0.0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Validators.atLeastFinite(0).ensureValid("rate", Double.POSITIVE_INFINITY))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rate");
        assertThatThrownBy(() -> Validators.atLeastFinite(0).ensureValid("rate", Double.NaN))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Validators.atLeastFinite(0).ensureValid("rate", -1.0))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void finiteRejectsNaN() {
        assertThatThrownBy(() -> Validators.FINITE.ensureValid("score.default", Double.NaN))
                .isInstanceOf(ConfigException.class).hasMessageContaining("score.default");
    }

    @Test
    void nonBlankRejectsWhitespace() {
        assertThatThrownBy(() -> Validators.NON_BLANK.ensureValid("rules.a.when", "  "))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rules.a.when");
    }

    @Test
    void topicNameFollowsKafkasRules() {
        assertThatCode(() -> Validators.TOPIC_NAME.ensureValid("topic", "events.cold_1-a")).doesNotThrowAnyException();
        assertThatCode(() -> Validators.TOPIC_NAME.ensureValid("topic", null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Validators.TOPIC_NAME.ensureValid("topic", "events/cold"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("legal topic name");
        assertThatThrownBy(() -> Validators.TOPIC_NAME.ensureValid("topic", ".."))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Validators.TOPIC_NAME.ensureValid("topic", " "))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must name a topic");
    }
}
