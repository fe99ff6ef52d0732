package dev.tiered.connect.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The routing decision every router in the benchmark makes, written once in plain Java (the reference the routers
 * are checked against) and in each router's own language: PriorityRouter's rules, a Groovy topic expression for
 * Debezium's ContentBasedRouter.
 *
 * <p>Score = the highest of {@code priority} and the scores of the matching rules; hot when the score is at least
 * {@value #HOT_THRESHOLD}:
 * <pre>
 *   fraud        event_type == 'fraud_signal'                                                  1.0
 *   surge        event_type == 'surge_price' and payload.geo.country in ('US', 'GB', 'DE')     0.95
 *   big_payment  event_type == 'payment' and payload.payment.amount &gt;= 300                      0.95
 *   vip          user_id matches 'u-1[0-9]{3}'                                                 0.9
 *   failures     payload.login.success == false or header.x-retry exists                       0.5
 * </pre>
 * The fields are those of the generator's reference events ({@code dev.tiered.connect.datagen.ReferenceEventSchema}):
 * {@code payload.payment} and {@code payload.login} are present only on {@code payment} and {@code login} events
 * (absent from the Map, null in the Struct), so 'failures' also exercises the missing-field path on every other
 * record. Payment amounts are baskets of one to four catalogue items, mostly below 300 (about a fifth at or above);
 * the users {@code u-1000} to {@code u-1999} ('vip') have about 1.5% of the events.
 */
public final class RoutingRules {

    public static final double HOT_THRESHOLD = 0.9;
    public static final String HOT_SUFFIX = ".hot";
    public static final String COLD_SUFFIX = ".cold";
    public static final String RETRY_HEADER = "x-retry";

    /** The amount at or above which a payment is big. */
    static final int BIG_PAYMENT = 300;

    private static final Set<String> SURGE_COUNTRIES = Set.of("US", "GB", "DE");
    private static final Pattern VIP = Pattern.compile("u-1[0-9]{3}");

    private RoutingRules() {
    }

    /** PriorityRouter's configuration for these rules, with or without its score/route headers. */
    public static Map<String, String> priorityRouterConfig(boolean headers) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("score.field", "priority");
        config.put("rules", "fraud,surge,big_payment,vip,failures");
        config.put("rules.fraud.when", "event_type == 'fraud_signal'");
        config.put("rules.fraud.score", "1.0");
        config.put("rules.surge.when", "event_type == 'surge_price' and payload.geo.country in ('US', 'GB', 'DE')");
        config.put("rules.surge.score", "0.95");
        config.put("rules.big_payment.when", "event_type == 'payment' and payload.payment.amount >= "
                + BIG_PAYMENT);
        config.put("rules.big_payment.score", "0.95");
        config.put("rules.vip.when", "user_id matches 'u-1[0-9]{3}'");
        config.put("rules.vip.score", "0.9");
        config.put("rules.failures.when", "payload.login.success == false or header." + RETRY_HEADER + " exists");
        config.put("rules.failures.score", "0.5");
        config.put("hot.threshold", Double.toString(HOT_THRESHOLD));
        config.put("hot.topic", "${topic}" + HOT_SUFFIX);
        config.put("cold.topic", "${topic}" + COLD_SUFFIX);
        config.put("headers.enabled", Boolean.toString(headers));
        return config;
    }

    /**
     * The same decision as a Groovy {@code topic.expression} for Debezium's ContentBasedRouter, which binds
     * {@code value}, {@code key}, {@code topic}, {@code header} (a Map of name to RecordHeader) and the schemas.
     * Property access works on both Map values and Struct values (Groovy falls back to {@code Struct.get(String)}).
     * Like PriorityRouter, it evaluates every rule and computes the score, then compares it with the threshold.
     *
     * @param parseJson whether {@code value} is JSON text (byte[]) to parse first, with Groovy's JsonSlurper
     */
    public static String groovyTopicExpression(boolean parseJson) {
        String v = parseJson ? "def v = new groovy.json.JsonSlurper().parse(value)\n" : "def v = value\n";
        return v
                + "def p = v.payload\n"
                + "def t = v.event_type\n"
                + "double s = v.priority == null ? 0.0d : (v.priority as double)\n"
                + "if (t == 'fraud_signal') s = Math.max(s, 1.0d)\n"
                + "if (t == 'surge_price' && p.geo.country in ['US', 'GB', 'DE']) s = Math.max(s, 0.95d)\n"
                + "if (t == 'payment' && p.payment.amount >= " + BIG_PAYMENT + ") s = Math.max(s, 0.95d)\n"
                + "if (v.user_id ==~ /u-1[0-9]{3}/) s = Math.max(s, 0.9d)\n"
                + "if (p.login?.success == false || header['" + RETRY_HEADER + "'] != null) s = Math.max(s, 0.5d)\n"
                + "s >= " + HOT_THRESHOLD + "d ? topic + '" + HOT_SUFFIX + "' : topic + '" + COLD_SUFFIX + "'\n";
    }

    /**
     * The reference score of an event in the generator's schemaless form ({@code ReferenceEvent.toMap()}), computed
     * in plain Java.
     */
    @SuppressWarnings("unchecked")
    static double score(Map<String, Object> event, boolean retryHeader) {
        Map<String, Object> payload = (Map<String, Object>) event.get("payload");
        Map<String, Object> geo = (Map<String, Object>) payload.get("geo");
        Map<String, Object> payment = (Map<String, Object>) payload.get("payment");
        Map<String, Object> login = (Map<String, Object>) payload.get("login");
        String type = (String) event.get("event_type");

        double score = (Double) event.get("priority");
        if (type.equals("fraud_signal")) {
            score = Math.max(score, 1.0);
        }
        if (type.equals("surge_price") && SURGE_COUNTRIES.contains((String) geo.get("country"))) {
            score = Math.max(score, 0.95);
        }
        if (type.equals("payment") && (Double) payment.get("amount") >= BIG_PAYMENT) {
            score = Math.max(score, 0.95);
        }
        if (VIP.matcher((String) event.get("user_id")).matches()) {
            score = Math.max(score, 0.9);
        }
        if (login != null && Boolean.FALSE.equals(login.get("success")) || retryHeader) {
            score = Math.max(score, 0.5);
        }
        return score;
    }

    static boolean isHot(double score) {
        return score >= HOT_THRESHOLD;
    }
}
