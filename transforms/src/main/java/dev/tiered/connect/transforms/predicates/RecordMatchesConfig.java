package dev.tiered.connect.transforms.predicates;

import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import dev.tiered.connect.transforms.condition.Condition;
import dev.tiered.connect.transforms.condition.ConditionCompiler;
import dev.tiered.connect.transforms.condition.ConditionParseException;

/** The configuration of {@link RecordMatches}. */
public final class RecordMatchesConfig extends AbstractConfig {

    public static final String CONDITION_CONFIG = "condition";
    public static final String ON_ERROR_CONFIG = "on.error";
    public static final String ENVELOPE_DETECTION_CONFIG = "envelope.detection";

    public static final String ENVELOPE_AUTO = "auto";
    public static final String ENVELOPE_NONE = "none";

    /** What the predicate does with a record it cannot evaluate. */
    public enum OnError {
        /** The record does not match. */
        FALSE,
        /** The record matches. */
        TRUE,
        /** The record fails with a DataException, for the connector's error handling. */
        FAIL
    }

    private static final String GROUP = "Condition";

    private static final ConfigDef.Validator CONDITION_VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(name + ": a condition is required");
        }
        try {
            ConditionCompiler.compile(value.toString());
        } catch (ConditionParseException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
    }, () -> "a condition, e.g. event_type in ('payment', 'fraud_signal') and amount > 1000");

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(CONDITION_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, CONDITION_VALIDATOR, Importance.HIGH,
                    "The condition a record must satisfy, in the Tiered Connect condition language (the language of"
                            + " PriorityRouter's rules).",
                    GROUP, 1, Width.LONG, "Condition")
            .define(ON_ERROR_CONFIG, Type.STRING, "false",
                    ConfigDef.CaseInsensitiveValidString.in("false", "true", "fail"), Importance.MEDIUM,
                    "The answer for a record the condition cannot be evaluated on (a field of an unexpected type,"
                            + " unparseable JSON): 'false', 'true', or 'fail' to fail the record with a DataException.",
                    GROUP, 2, Width.SHORT, "On error")
            .define(ENVELOPE_DETECTION_CONFIG, Type.STRING, ENVELOPE_AUTO,
                    ConfigDef.CaseInsensitiveValidString.in(ENVELOPE_AUTO, ENVELOPE_NONE), Importance.LOW,
                    "With 'auto', Debezium change events have plain field paths resolve against 'after' ('before' for"
                            + " deletes); 'none' takes every value as it is.",
                    GROUP, 3, Width.SHORT, "Envelope detection");

    private final Condition condition;

    public RecordMatchesConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        condition = ConditionCompiler.compile(getString(CONDITION_CONFIG));
    }

    public Condition condition() {
        return condition;
    }

    public String conditionText() {
        return getString(CONDITION_CONFIG);
    }

    public OnError onError() {
        return OnError.valueOf(getString(ON_ERROR_CONFIG).toUpperCase(Locale.ROOT));
    }

    public boolean detectEnvelopes() {
        return ENVELOPE_AUTO.equalsIgnoreCase(getString(ENVELOPE_DETECTION_CONFIG));
    }
}
