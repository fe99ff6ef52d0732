package dev.tiered.connect.transforms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tiered.connect.common.config.Validators;
import dev.tiered.connect.transforms.condition.Condition;
import dev.tiered.connect.transforms.condition.ConditionCompiler;
import dev.tiered.connect.transforms.condition.ConditionParseException;
import dev.tiered.connect.transforms.record.FieldPath;
import dev.tiered.connect.transforms.routing.ScoreField;
import dev.tiered.connect.transforms.routing.ScoringRule;
import dev.tiered.connect.transforms.routing.TopicTemplate;

/**
 * The configuration of {@link PriorityRouter}: its {@link #CONFIG_DEF}, and everything parsed and compiled once.
 *
 * <p>Rules are configured with keys whose names depend on other values ({@code rules=fraud} then
 * {@code rules.fraud.when} and {@code rules.fraud.score}), which a {@link ConfigDef} cannot declare. They are
 * validated here, on construction (so a task fails to start with the key and the position of the problem), and by
 * {@link #validate(Map)} and {@link #validateConnectorTransforms(Map)}, which report them key by key.
 */
public final class PriorityRouterConfig extends AbstractConfig {

    private static final Logger log = LoggerFactory.getLogger(PriorityRouterConfig.class);

    public static final String SCORE_FIELD_CONFIG = "score.field";
    public static final String SCORE_DEFAULT_CONFIG = "score.default";
    public static final String RULES_CONFIG = "rules";
    public static final String RULES_PREFIX = "rules.";
    public static final String RULE_WHEN_SUFFIX = ".when";
    public static final String RULE_SCORE_SUFFIX = ".score";

    public static final String HOT_THRESHOLD_CONFIG = "hot.threshold";
    public static final String HOT_TOPIC_CONFIG = "hot.topic";
    public static final String COLD_TOPIC_CONFIG = "cold.topic";
    public static final String TOMBSTONE_ROUTE_CONFIG = "tombstone.route";
    public static final String ENVELOPE_DETECTION_CONFIG = "envelope.detection";

    public static final String HEADERS_ENABLED_CONFIG = "headers.enabled";
    public static final String HEADERS_SCORE_CONFIG = "headers.score";
    public static final String HEADERS_ROUTE_CONFIG = "headers.route";
    public static final String HEADERS_DEMOTED_CONFIG = "headers.demoted";
    public static final String HEADERS_ERROR_CONFIG = "headers.error";

    public static final String HOT_MAX_RECORDS_PER_SECOND_CONFIG = "hot.max.records.per.second";
    public static final String HOT_BURST_RECORDS_CONFIG = "hot.burst.records";
    public static final String CRITICAL_THRESHOLD_CONFIG = "critical.threshold";

    public static final String HOT_LAG_CONSUMER_GROUP_CONFIG = "hot.lag.consumer.group";
    public static final String HOT_LAG_MAX_CONFIG = "hot.lag.max";
    public static final String HOT_LAG_CHECK_INTERVAL_MS_CONFIG = "hot.lag.check.interval.ms";
    public static final String HOT_LAG_ADMIN_PREFIX = "hot.lag.admin.";
    public static final String HOT_LAG_ADMIN_BOOTSTRAP_SERVERS_CONFIG =
            HOT_LAG_ADMIN_PREFIX + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG;

    public static final String ON_ERROR_CONFIG = "on.error";

    public static final String ROUTE_HOT = "hot";
    public static final String ROUTE_COLD = "cold";
    public static final String ENVELOPE_AUTO = "auto";
    public static final String ENVELOPE_NONE = "none";
    public static final String ON_ERROR_COLD = "cold";
    public static final String ON_ERROR_FAIL = "fail";

    private static final String SCORING_GROUP = "Scoring";
    private static final String ROUTING_GROUP = "Routing";
    private static final String HEADERS_GROUP = "Headers";
    private static final String OVERLOAD_GROUP = "Overload";
    private static final String LAG_GROUP = "Hot-path lag";

    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SCORE_FIELD_CONFIG, Type.STRING, "", RouterValidators.FIELD_PATH_OR_EMPTY, Importance.HIGH,
                    "The field whose numeric value (a number, or text holding one) is the base score, in the condition"
                            + " language's path syntax such as 'priority', 'payload.priority' or 'header.x-priority';"
                            + " empty for no base score.",
                    SCORING_GROUP, 1, Width.MEDIUM, "Score field")
            .define(SCORE_DEFAULT_CONFIG, Type.DOUBLE, 0.0, Validators.FINITE, Importance.LOW,
                    "The base score of a record whose score field is missing or null, and of every record when no"
                            + " score field is set.",
                    SCORING_GROUP, 2, Width.SHORT, "Default score")
            .define(RULES_CONFIG, Type.LIST, "", RouterValidators.RULE_NAMES, Importance.HIGH,
                    "Names of the scoring rules; each rule <name> needs 'rules.<name>.when' (a condition) and"
                            + " 'rules.<name>.score' (the score in [0, 1] a match gives), and a record's score is the"
                            + " highest of the base score and the scores of the rules it matches.",
                    SCORING_GROUP, 3, Width.LONG, "Rules")
            .define(HOT_THRESHOLD_CONFIG, Type.DOUBLE, 0.9, Validators.between(0.0, 1.0), Importance.HIGH,
                    "Records scoring at or above this threshold go to the hot topic, all others to the cold topic.",
                    ROUTING_GROUP, 1, Width.SHORT, "Hot threshold")
            .define(HOT_TOPIC_CONFIG, Type.STRING, TopicTemplate.TOPIC_PLACEHOLDER + ".hot", RouterValidators.TOPIC_TEMPLATE,
                    Importance.HIGH,
                    "The topic hot records are routed to, where ${topic} stands for the record's topic.",
                    ROUTING_GROUP, 2, Width.MEDIUM, "Hot topic")
            .define(COLD_TOPIC_CONFIG, Type.STRING, TopicTemplate.TOPIC_PLACEHOLDER + ".cold",
                    RouterValidators.TOPIC_TEMPLATE, Importance.HIGH,
                    "The topic cold records are routed to, where ${topic} stands for the record's topic.",
                    ROUTING_GROUP, 3, Width.MEDIUM, "Cold topic")
            .define(TOMBSTONE_ROUTE_CONFIG, Type.STRING, ROUTE_COLD,
                    ConfigDef.CaseInsensitiveValidString.in(ROUTE_COLD, ROUTE_HOT), Importance.MEDIUM,
                    "Where records with a null value (tombstones) go, without being scored: 'cold' or 'hot'.",
                    ROUTING_GROUP, 4, Width.SHORT, "Tombstone route")
            .define(ENVELOPE_DETECTION_CONFIG, Type.STRING, ENVELOPE_AUTO,
                    ConfigDef.CaseInsensitiveValidString.in(ENVELOPE_AUTO, ENVELOPE_NONE), Importance.MEDIUM,
                    "With 'auto', Debezium change events have plain field paths resolve against 'after' ('before' for"
                            + " deletes) and JSON text in JsonConverter's schema/payload wrapper is unwrapped; 'none'"
                            + " takes every value as it is.",
                    ROUTING_GROUP, 5, Width.SHORT, "Envelope detection")
            .define(ON_ERROR_CONFIG, Type.STRING, ON_ERROR_COLD,
                    ConfigDef.CaseInsensitiveValidString.in(ON_ERROR_COLD, ON_ERROR_FAIL), Importance.MEDIUM,
                    "What to do with a record that cannot be scored (a field of an unexpected type, a non-numeric"
                            + " score, unparseable JSON): 'cold' routes it cold with an error header, 'fail' fails it"
                            + " with a DataException for the connector's error handling.",
                    ROUTING_GROUP, 6, Width.SHORT, "On error")
            .define(HEADERS_ENABLED_CONFIG, Type.BOOLEAN, true, null, Importance.LOW,
                    "Whether to add the score, route, demotion and error headers to routed records.",
                    HEADERS_GROUP, 1, Width.SHORT, "Add headers")
            .define(HEADERS_SCORE_CONFIG, Type.STRING, "tiered.score", Validators.NON_BLANK, Importance.LOW,
                    "The name of the header holding the record's score as a double.",
                    HEADERS_GROUP, 2, Width.MEDIUM, "Score header")
            .define(HEADERS_ROUTE_CONFIG, Type.STRING, "tiered.route", Validators.NON_BLANK, Importance.LOW,
                    "The name of the header holding the route taken, 'hot' or 'cold'.",
                    HEADERS_GROUP, 3, Width.MEDIUM, "Route header")
            .define(HEADERS_DEMOTED_CONFIG, Type.STRING, "tiered.demoted", Validators.NON_BLANK, Importance.LOW,
                    "The name of the header added to hot records demoted to the cold path, holding why: 'rate' or"
                            + " 'lag'.",
                    HEADERS_GROUP, 4, Width.MEDIUM, "Demotion header")
            .define(HEADERS_ERROR_CONFIG, Type.STRING, "tiered.error", Validators.NON_BLANK, Importance.LOW,
                    "The name of the header added to records routed cold because they could not be scored, holding"
                            + " the error (never record contents).",
                    HEADERS_GROUP, 5, Width.MEDIUM, "Error header")
            .define(HOT_MAX_RECORDS_PER_SECOND_CONFIG, Type.DOUBLE, 0.0, Validators.atLeastFinite(0.0), Importance.MEDIUM,
                    "The most non-critical hot records per second each task sends hot before demoting the rest to the"
                            + " cold path; 0 for no limit.",
                    OVERLOAD_GROUP, 1, Width.SHORT, "Hot rate limit")
            .define(HOT_BURST_RECORDS_CONFIG, Type.DOUBLE, 0.0, Validators.atLeastFinite(0.0), Importance.LOW,
                    "How many hot records a task may send at once above the rate limit after a quiet period; 0 for"
                            + " one second's worth of the rate (and never less than 1).",
                    OVERLOAD_GROUP, 2, Width.SHORT, "Hot burst")
            .define(CRITICAL_THRESHOLD_CONFIG, Type.DOUBLE, 1.0, Validators.atLeastFinite(0.0), Importance.MEDIUM,
                    "Hot records scoring at or above this threshold are never demoted, by the rate limit or the lag"
                            + " limit; set it above 1 to let every hot record be demoted.",
                    OVERLOAD_GROUP, 3, Width.SHORT, "Critical threshold")
            .define(HOT_LAG_CONSUMER_GROUP_CONFIG, Type.STRING, "", null, Importance.MEDIUM,
                    "The consumer group reading the hot topics; when set, non-critical hot records are demoted while"
                            + " its lag on this task's hot topics exceeds hot.lag.max, and empty turns this off.",
                    LAG_GROUP, 1, Width.MEDIUM, "Hot consumer group")
            .define(HOT_LAG_MAX_CONFIG, Type.LONG, 100_000L, ConfigDef.Range.atLeast(0L), Importance.MEDIUM,
                    "The hot consumer group's lag, in records summed over the hot topics' partitions, above which"
                            + " non-critical hot records are demoted.",
                    LAG_GROUP, 2, Width.SHORT, "Max hot lag")
            .define(HOT_LAG_CHECK_INTERVAL_MS_CONFIG, Type.LONG, 5_000L, ConfigDef.Range.atLeast(100L),
                    Importance.LOW,
                    "How often, in milliseconds, a background thread measures the hot consumer group's lag.",
                    LAG_GROUP, 3, Width.SHORT, "Lag check interval")
            .define(HOT_LAG_ADMIN_BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "", null, Importance.MEDIUM,
                    "The Kafka cluster of the hot topics, required when hot.lag.consumer.group is set; any other Admin"
                            + " client setting (security, timeouts) goes under the same 'hot.lag.admin.' prefix.",
                    LAG_GROUP, 4, Width.LONG, "Lag admin bootstrap servers");

    private final FieldPath scoreField;
    private final List<ScoringRule> rules;
    private final TopicTemplate hotTopic;
    private final TopicTemplate coldTopic;
    private final Map<String, Object> lagAdminConfig;

    public PriorityRouterConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        String scoreFieldText = getString(SCORE_FIELD_CONFIG).trim();
        scoreField = scoreFieldText.isEmpty() ? null : ConditionCompiler.compilePath(scoreFieldText);
        hotTopic = TopicTemplate.parse(getString(HOT_TOPIC_CONFIG));
        coldTopic = TopicTemplate.parse(getString(COLD_TOPIC_CONFIG));

        Map<String, ConfigValue> problems = new LinkedHashMap<>();
        rules = Collections.unmodifiableList(parseRules(getList(RULES_CONFIG), originals(), problems));
        warnAboutStrayRuleKeys(getList(RULES_CONFIG), originals());
        checkCrossKeyRules(this, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(describe(problems));
        }
        Map<String, Object> admin = originalsWithPrefix(HOT_LAG_ADMIN_PREFIX);
        lagAdminConfig = Collections.unmodifiableMap(admin);
    }

    /** The base score field, or null for none. */
    public ScoreField scoreField() {
        return scoreField == null ? null : new ScoreField(scoreField, scoreDefault());
    }

    public double scoreDefault() {
        return getDouble(SCORE_DEFAULT_CONFIG);
    }

    public List<ScoringRule> rules() {
        return rules;
    }

    public double hotThreshold() {
        return getDouble(HOT_THRESHOLD_CONFIG);
    }

    public double criticalThreshold() {
        return getDouble(CRITICAL_THRESHOLD_CONFIG);
    }

    public TopicTemplate hotTopic() {
        return hotTopic;
    }

    public TopicTemplate coldTopic() {
        return coldTopic;
    }

    public boolean tombstonesHot() {
        return ROUTE_HOT.equalsIgnoreCase(getString(TOMBSTONE_ROUTE_CONFIG));
    }

    public boolean detectEnvelopes() {
        return ENVELOPE_AUTO.equalsIgnoreCase(getString(ENVELOPE_DETECTION_CONFIG));
    }

    public boolean failOnError() {
        return ON_ERROR_FAIL.equalsIgnoreCase(getString(ON_ERROR_CONFIG));
    }

    public boolean headersEnabled() {
        return getBoolean(HEADERS_ENABLED_CONFIG);
    }

    public String scoreHeader() {
        return getString(HEADERS_SCORE_CONFIG);
    }

    public String routeHeader() {
        return getString(HEADERS_ROUTE_CONFIG);
    }

    public String demotedHeader() {
        return getString(HEADERS_DEMOTED_CONFIG);
    }

    public String errorHeader() {
        return getString(HEADERS_ERROR_CONFIG);
    }

    /** Hot records per second, or 0 for no limit. */
    public double hotMaxRecordsPerSecond() {
        return getDouble(HOT_MAX_RECORDS_PER_SECOND_CONFIG);
    }

    /** The token bucket's capacity: the configured burst, or one second's worth; at least 1. */
    public double hotBurstRecords() {
        double burst = getDouble(HOT_BURST_RECORDS_CONFIG);
        return Math.max(1.0, burst > 0 ? burst : hotMaxRecordsPerSecond());
    }

    /** The hot consumer group, or null when lag-driven demotion is off. */
    public String hotLagConsumerGroup() {
        String group = getString(HOT_LAG_CONSUMER_GROUP_CONFIG).trim();
        return group.isEmpty() ? null : group;
    }

    public long hotLagMax() {
        return getLong(HOT_LAG_MAX_CONFIG);
    }

    public Duration hotLagCheckInterval() {
        return Duration.ofMillis(getLong(HOT_LAG_CHECK_INTERVAL_MS_CONFIG));
    }

    /** The Admin client settings, without their {@value #HOT_LAG_ADMIN_PREFIX} prefix. */
    public Map<String, Object> hotLagAdminConfig() {
        return lagAdminConfig;
    }

    /**
     * Validates a PriorityRouter configuration completely, the rule keys {@code rules.<name>.when} and
     * {@code rules.<name>.score} and the settings that depend on each other included.
     *
     * @param props the transformation's settings, without the {@code transforms.<alias>.} prefix
     * @return one entry per key: every key of {@link #CONFIG_DEF} and every rule key, with its errors
     */
    public static Map<String, ConfigValue> validate(Map<String, String> props) {
        Map<String, ConfigValue> values = new LinkedHashMap<>(CONFIG_DEF.validateAll(props));
        values.putAll(validateBeyondConfigDef(props, values));
        return values;
    }

    /**
     * Validates what Connect's own validation cannot see: the rule keys and the settings that depend on each other.
     * The pack's connectors add these findings to their own {@code validate(Map)} through
     * {@code ConnectorPluginValidation}, because Connect 4.x validates a transformation only against the keys its
     * {@code config()} declares, one key at a time, on an instance it never configures.
     *
     * @param props the transformation's settings, without the {@code transforms.<alias>.} prefix
     * @return one entry per rule key, plus an entry with all its errors for each declared key that has a cross-key
     *     error (such as {@code hot.lag.admin.bootstrap.servers}); Connect keeps the last entry it is given for a
     *     declared key, so that one replaces its own
     */
    public static Collection<ConfigValue> validateBeyondConfigDef(Map<String, String> props) {
        return validateBeyondConfigDef(props, CONFIG_DEF.validateAll(props)).values();
    }

    /** Rule keys, plus the ConfigDef keys that get cross-key errors (with all their errors). */
    private static Map<String, ConfigValue> validateBeyondConfigDef(Map<String, String> props,
                                                                   Map<String, ConfigValue> known) {
        Map<String, ConfigValue> results = new LinkedHashMap<>();
        ConfigValue rulesValue = known.get(RULES_CONFIG);
        if (rulesValue != null && rulesValue.errorMessages().isEmpty() && rulesValue.value() instanceof List<?> names) {
            List<String> ruleNames = new ArrayList<>();
            names.forEach(name -> ruleNames.add(String.valueOf(name)));
            Map<String, ConfigValue> ruleProblems = new LinkedHashMap<>();
            parseRules(ruleNames, props, ruleProblems);
            for (String name : ruleNames) {
                for (String key : List.of(RULES_PREFIX + name + RULE_WHEN_SUFFIX, RULES_PREFIX + name + RULE_SCORE_SUFFIX)) {
                    ConfigValue value = ruleProblems.getOrDefault(key, new ConfigValue(key, props.get(key),
                            new ArrayList<>(), new ArrayList<>()));
                    results.put(key, value);
                }
            }
        }
        boolean everyKeyParsed = known.values().stream().allMatch(value -> value.errorMessages().isEmpty());
        if (everyKeyParsed) {
            Map<String, ConfigValue> crossKeyProblems = new LinkedHashMap<>();
            checkCrossKeyRules(new AbstractConfig(CONFIG_DEF, props, false), crossKeyProblems);
            crossKeyProblems.forEach((key, problem) -> {
                ConfigValue original = known.get(key);
                ConfigValue merged = original == null ? problem : new ConfigValue(key, original.value(),
                        original.recommendedValues(), new ArrayList<>(original.errorMessages()));
                if (original != null) {
                    problem.errorMessages().forEach(merged::addErrorMessage);
                }
                results.put(key, merged);
            });
        }
        return results;
    }

    /**
     * Compiles each rule's condition and checks its score, adding a {@link ConfigValue} with the error for each bad
     * key to {@code problems}.
     */
    private static List<ScoringRule> parseRules(List<String> names, Map<String, ?> originals,
                                                Map<String, ConfigValue> problems) {
        List<ScoringRule> rules = new ArrayList<>();
        for (String name : names) {
            String whenKey = RULES_PREFIX + name + RULE_WHEN_SUFFIX;
            String scoreKey = RULES_PREFIX + name + RULE_SCORE_SUFFIX;
            Object when = originals.get(whenKey);
            Object score = originals.get(scoreKey);
            Condition condition = null;
            if (when == null || String.valueOf(when).isBlank()) {
                problem(problems, whenKey, when, whenKey + " is required: the condition under which rule '" + name
                        + "' applies");
            } else {
                try {
                    condition = ConditionCompiler.compile(String.valueOf(when));
                } catch (ConditionParseException e) {
                    problem(problems, whenKey, when, whenKey + ": " + e.getMessage());
                }
            }
            Double scoreValue = null;
            if (score == null || String.valueOf(score).isBlank()) {
                problem(problems, scoreKey, score, scoreKey + " is required: the score in [0, 1] that rule '" + name
                        + "' gives");
            } else {
                try {
                    scoreValue = (Double) ConfigDef.parseType(scoreKey, score, Type.DOUBLE);
                    if (!(scoreValue >= 0.0 && scoreValue <= 1.0)) {
                        problem(problems, scoreKey, score, scoreKey + " must be between 0 and 1, but is " + score);
                        scoreValue = null;
                    }
                } catch (ConfigException e) {
                    problem(problems, scoreKey, score, scoreKey + " must be a number between 0 and 1, but is '"
                            + score + "'");
                }
            }
            if (condition != null && scoreValue != null) {
                rules.add(new ScoringRule(name, condition, String.valueOf(when).trim(), scoreValue));
            }
        }
        return rules;
    }

    private static void warnAboutStrayRuleKeys(List<String> names, Map<String, ?> originals) {
        Set<String> expected = new HashSet<>();
        for (String name : names) {
            expected.add(RULES_PREFIX + name + RULE_WHEN_SUFFIX);
            expected.add(RULES_PREFIX + name + RULE_SCORE_SUFFIX);
        }
        Set<String> stray = new TreeSet<>();
        for (Object key : originals.keySet()) {
            String name = String.valueOf(key);
            if (name.startsWith(RULES_PREFIX) && !expected.contains(name)) {
                stray.add(name);
            }
        }
        if (!stray.isEmpty()) {
            log.warn("Ignoring {}: not a setting of a rule listed in '{}' ({})", stray, RULES_CONFIG,
                    names);
        }
    }

    /** Rules between keys, which no single-key validator can check. */
    private static void checkCrossKeyRules(AbstractConfig config, Map<String, ConfigValue> problems) {
        String group = config.getString(HOT_LAG_CONSUMER_GROUP_CONFIG).trim();
        if (!group.isEmpty() && config.getString(HOT_LAG_ADMIN_BOOTSTRAP_SERVERS_CONFIG).isBlank()) {
            problem(problems, HOT_LAG_ADMIN_BOOTSTRAP_SERVERS_CONFIG, "",
                    HOT_LAG_ADMIN_BOOTSTRAP_SERVERS_CONFIG + " is required when " + HOT_LAG_CONSUMER_GROUP_CONFIG
                            + " is set: the Kafka cluster whose hot topics the lag is measured on");
        }
        String hot = TopicTemplate.parse(config.getString(HOT_TOPIC_CONFIG)).format("t");
        String cold = TopicTemplate.parse(config.getString(COLD_TOPIC_CONFIG)).format("t");
        if (hot.equals(cold)) {
            problem(problems, COLD_TOPIC_CONFIG, config.getString(COLD_TOPIC_CONFIG),
                    COLD_TOPIC_CONFIG + " must differ from " + HOT_TOPIC_CONFIG + ", or nothing is routed");
        }
    }

    private static void problem(Map<String, ConfigValue> problems, String key, Object value, String message) {
        problems.computeIfAbsent(key, k -> new ConfigValue(k, value, new ArrayList<>(), new ArrayList<>()))
                .addErrorMessage(message);
    }

    private static String describe(Map<String, ConfigValue> problems) {
        List<String> messages = new ArrayList<>();
        problems.values().forEach(value -> messages.addAll(value.errorMessages()));
        return String.join("; ", messages);
    }

    /** Validators for single keys. */
    static final class RouterValidators {

        static final ConfigDef.Validator FIELD_PATH_OR_EMPTY = ConfigDef.LambdaValidator.with((name, value) -> {
            String text = value == null ? "" : value.toString().trim();
            if (!text.isEmpty()) {
                try {
                    ConditionCompiler.compilePath(text);
                } catch (ConditionParseException e) {
                    throw new ConfigException(name + ": " + e.getMessage());
                }
            }
        }, () -> "a field path such as priority, payload.priority or header.x-priority, or empty");

        static final ConfigDef.Validator RULE_NAMES = ConfigDef.LambdaValidator.with((name, value) -> {
            Set<String> seen = new HashSet<>();
            for (Object item : (List<?>) value) {
                String rule = String.valueOf(item);
                if (!RULE_NAME.matcher(rule).matches()) {
                    throw new ConfigException(name, value, "rule names may only contain letters, digits, '_' and '-',"
                            + " but '" + rule + "' does not");
                }
                if (!seen.add(rule.toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(name, value, "rule '" + rule + "' is listed twice");
                }
            }
        }, () -> "comma-separated rule names of letters, digits, '_' and '-'");

        static final ConfigDef.Validator TOPIC_TEMPLATE = ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                TopicTemplate.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }, () -> "a topic name, where " + TopicTemplate.TOPIC_PLACEHOLDER + " stands for the record's topic");

        private RouterValidators() {
        }

    }
}
