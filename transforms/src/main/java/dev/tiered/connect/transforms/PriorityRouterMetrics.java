package dev.tiered.connect.transforms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tiered.connect.transforms.routing.HotLagMonitor;
import dev.tiered.connect.transforms.routing.PriorityScorer;
import dev.tiered.connect.transforms.routing.RoutingPolicy.Decision;

/**
 * PriorityRouter's counters. They count whether or not a worker asks for metrics (KIP-877 {@code Monitorable});
 * when it does, they are published in the {@code plugins} group under the worker's tags ({@code connector},
 * {@code task}, {@code transformation}) plus the tags below. Counting is one uncontended {@link LongAdder}
 * increment per event.
 */
final class PriorityRouterMetrics implements PriorityScorer.MatchListener {

    private static final Logger LOG = LoggerFactory.getLogger(PriorityRouterMetrics.class);

    static final String RECORDS_SCORED = "records-scored-total";
    static final String RECORDS_ROUTED_HOT = "records-routed-hot-total";
    static final String RECORDS_ROUTED_COLD = "records-routed-cold-total";
    static final String RECORDS_DEMOTED = "records-demoted-total";
    static final String RULE_MATCHES = "rule-matches-total";
    static final String EVALUATION_ERRORS = "evaluation-errors-total";
    static final String HOT_LAG = "hot-lag-records";
    static final String HOT_LAG_EXCEEDED = "hot-lag-exceeded";
    static final String REASON_TAG = "reason";
    static final String RULE_TAG = "rule";

    final LongAdder scored = new LongAdder();
    final LongAdder routedHot = new LongAdder();
    final LongAdder routedCold = new LongAdder();
    final LongAdder demotedByRate = new LongAdder();
    final LongAdder demotedByLag = new LongAdder();
    final LongAdder evaluationErrors = new LongAdder();

    private List<String> ruleNames = List.of();
    private LongAdder[] ruleMatches = new LongAdder[0];
    private HotLagMonitor lagMonitor;
    private PluginMetrics pluginMetrics;
    private boolean configured;
    private boolean registered;

    /** Called once the rules are known. */
    synchronized void configure(List<String> rules, HotLagMonitor monitor) {
        ruleNames = List.copyOf(rules);
        ruleMatches = new LongAdder[rules.size()];
        for (int i = 0; i < ruleMatches.length; i++) {
            ruleMatches[i] = new LongAdder();
        }
        lagMonitor = monitor;
        configured = true;
        registerIfReady();
    }

    /** Called by the worker, normally after configure; either order works. */
    synchronized void withPluginMetrics(PluginMetrics metrics) {
        pluginMetrics = metrics;
        registerIfReady();
    }

    @Override
    public void ruleMatched(int ruleIndex) {
        ruleMatches[ruleIndex].increment();
    }

    void routed(Decision decision) {
        if (decision.isHot()) {
            routedHot.increment();
            return;
        }
        routedCold.increment();
        if (decision == Decision.DEMOTED_BY_RATE) {
            demotedByRate.increment();
        } else if (decision == Decision.DEMOTED_BY_LAG) {
            demotedByLag.increment();
        }
    }

    long ruleMatches(String rule) {
        int index = ruleNames.indexOf(rule);
        if (index < 0) {
            throw new IllegalArgumentException("No rule " + rule);
        }
        return ruleMatches[index].sum();
    }

    private void registerIfReady() {
        if (!configured || pluginMetrics == null || registered) {
            return;
        }
        registered = true;
        add(RECORDS_SCORED, "Records scored (tombstones and records that could not be scored are not).", scored);
        add(RECORDS_ROUTED_HOT, "Records routed to the hot topic.", routedHot);
        add(RECORDS_ROUTED_COLD, "Records routed to the cold topic, demoted and failed ones included.", routedCold);
        add(RECORDS_DEMOTED, "Hot records demoted to the cold topic because the hot rate limit was spent.",
                demotedByRate, REASON_TAG, "rate");
        add(RECORDS_DEMOTED, "Hot records demoted to the cold topic because the hot consumers lagged.",
                demotedByLag, REASON_TAG, "lag");
        add(EVALUATION_ERRORS, "Records that could not be scored (type mismatch, non-numeric score, bad JSON).",
                evaluationErrors);
        for (int i = 0; i < ruleMatches.length; i++) {
            add(RULE_MATCHES, "Records that matched the rule (counted for records that scored without error).",
                    ruleMatches[i], RULE_TAG, ruleNames.get(i));
        }
        HotLagMonitor monitor = lagMonitor;
        if (monitor != null) {
            register(name(HOT_LAG, "The hot consumer group's last measured lag on this task's hot"
                    + " topics, in records; -1 before the first measurement.", null, null),
                    (Measurable) (config, now) -> monitor.lastLag());
            register(name(HOT_LAG_EXCEEDED, "1 while the hot consumer group's lag exceeds hot.lag.max,"
                    + " otherwise 0.", null, null),
                    (Measurable) (config, now) -> monitor.lagging() ? 1.0 : 0.0);
        }
    }

    private void add(String metric, String description, LongAdder counter) {
        add(metric, description, counter, null, null);
    }

    private void add(String metric, String description, LongAdder counter, String tag, String tagValue) {
        register(name(metric, description, tag, tagValue), (Measurable) (config, now) -> counter.sum());
    }

    /**
     * Publishes one metric. A previous instance of this task on the same worker whose graceful stop timed out still
     * holds the same names until it closes; the task must start anyway, so its metrics are then not published.
     */
    private void register(MetricName name, MetricValueProvider<?> value) {
        try {
            pluginMetrics.addMetric(name, value);
        } catch (IllegalArgumentException e) {
            LOG.warn("PriorityRouter metric {} {} not published: a previous instance of this task on this worker"
                    + " (not stopped yet) still holds it ({})", name.name(), name.tags(), e.getMessage());
        }
    }

    private MetricName name(String metric, String description, String tag, String tagValue) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        if (tag != null) {
            tags.put(tag, tagValue);
        }
        return pluginMetrics.metricName(metric, description, tags);
    }
}
