package dev.tiered.connect.common.config;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validators the pack's {@code ConfigDef}s share. Each failure is a {@link ConfigException} naming the key, so that
 * Connect's {@code validate} shows the message next to the key the user has to fix.
 */
public final class Validators {

    // Kafka's own rule for topic names (org.apache.kafka.common.internals.Topic, which is not public API).
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static final ConfigDef.Validator FINITE = ConfigDef.LambdaValidator.with((name, value) -> {
        if (!Double.isFinite((Double) value)) {
            throw new ConfigException(name, value, "must be a finite number");
        }
    }, () -> "a finite number");

    public static final ConfigDef.Validator NON_BLANK = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(name, value, "must not be empty");
        }
    }, () -> "a non-empty string");

    public static final ConfigDef.Validator TOPIC_NAME = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value == null) {
            return; // ConfigDef itself reports a missing required value
        }
        String topic = value.toString().trim();
        if (topic.isEmpty()) {
            throw new ConfigException(name, value, "must name a topic");
        }
        if (!LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new ConfigException(name, value, "is not a legal topic name: up to 249 of the characters"
                    + " a-z, A-Z, 0-9, '.', '_' and '-'");
        }
    }, () -> "a topic name");

    private Validators() {
    }

    /** A DOUBLE in [min, max]. */
    public static ConfigDef.Validator between(double min, double max) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            double number = (Double) value;
            if (!(number >= min && number <= max)) {
                throw new ConfigException(name, value, "must be between " + min + " and " + max);
            }
        }, () -> "[" + min + ",...," + max + "]");
    }

    /** A finite DOUBLE of at least min. */
    public static ConfigDef.Validator atLeastFinite(double min) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            double number = (Double) value;
            if (!(number >= min) || !Double.isFinite(number)) {
                throw new ConfigException(name, value, "must be a finite number of at least " + min);
            }
        }, () -> "[" + min + ",...]");
    }
}
