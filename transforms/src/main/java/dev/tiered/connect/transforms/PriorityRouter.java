package dev.tiered.connect.transforms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.common.config.SelfValidatingPlugin;
import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.RecordView;
import dev.tiered.connect.transforms.routing.AdminLagSource;
import dev.tiered.connect.transforms.routing.HotLagMonitor;
import dev.tiered.connect.transforms.routing.LagSource;
import dev.tiered.connect.transforms.routing.PriorityScorer;
import dev.tiered.connect.transforms.routing.RoutingPolicy;
import dev.tiered.connect.transforms.routing.RoutingPolicy.Decision;
import dev.tiered.connect.transforms.routing.ScoringRule;
import dev.tiered.connect.transforms.routing.TokenBucket;
import dev.tiered.connect.transforms.routing.TopicTemplate;

/**
 * Scores each record from rules over its fields, headers, topic and (for Debezium change events) envelope, and
 * routes it to a hot or a cold topic; when the hot path is overloaded, demotes non-critical records to the cold
 * path instead.
 *
 * <p>An instance serves one task thread, as Connect uses transformations.
 *
 * @see PriorityRouterConfig the settings
 * @see dev.tiered.connect.transforms.condition.ConditionCompiler the condition language
 */
public class PriorityRouter<R extends ConnectRecord<R>>
        implements Transformation<R>, Versioned, Monitorable, SelfValidatingPlugin {

    public static final String OVERVIEW_DOC = "Scores each record's priority from rules over its fields, headers, topic"
            + " and, for Debezium change events, before/after/op/source, then routes it to a hot topic (score at or"
            + " above hot.threshold) or a cold topic, keeping its partition, key, value, schemas and timestamp. The"
            + " score is the highest of the base score (score.field) and the scores of the matching rules"
            + " (rules=<name>,..., rules.<name>.when=<condition>, rules.<name>.score=<0..1>). When the hot path is"
            + " overloaded (hot.max.records.per.second, or the hot consumer group's lag above hot.lag.max),"
            + " records below critical.threshold are demoted to the cold topic. Headers record the score, the"
            + " route, demotions and errors.";

    static final int MAX_ERROR_HEADER_LENGTH = 500;
    // A measurement may take longer than a short check interval; it runs on its own thread, so nothing waits.
    private static final Duration MIN_LAG_MEASUREMENT_TIMEOUT = Duration.ofSeconds(5);
    private static final String ROUTE_HOT = "hot";
    private static final String ROUTE_COLD = "cold";

    private static final Logger log = LoggerFactory.getLogger(PriorityRouter.class);

    /** Creates the hot-path lag source; replaced in tests. */
    @FunctionalInterface
    interface LagSourceFactory {
        LagSource create(String consumerGroup, Map<String, Object> adminConfig, Duration timeout);
    }

    private final LongSupplier nanoClock;
    private final LagSourceFactory lagSourceFactory;
    private final PriorityRouterMetrics metrics = new PriorityRouterMetrics();

    private RecordView view;
    private PriorityScorer scorer;
    private RoutingPolicy policy;
    private TopicTemplate hotTopic;
    private TopicTemplate coldTopic;
    private HotLagMonitor lagMonitor;
    private boolean tombstonesHot;
    private boolean failOnError;
    private boolean headersEnabled;
    private String scoreHeader;
    private String routeHeader;
    private String demotedHeader;
    private String errorHeader;

    public PriorityRouter() {
        this(System::nanoTime, AdminLagSource::new);
    }

    PriorityRouter(LongSupplier nanoClock, LagSourceFactory lagSourceFactory) {
        this.nanoClock = nanoClock;
        this.lagSourceFactory = lagSourceFactory;
    }

    @Override
    public void configure(Map<String, ?> props) {
        PriorityRouterConfig config = new PriorityRouterConfig(props);
        closeLagMonitor();
        view = new RecordView(config.detectEnvelopes());
        hotTopic = config.hotTopic();
        coldTopic = config.coldTopic();
        tombstonesHot = config.tombstonesHot();
        failOnError = config.failOnError();
        headersEnabled = config.headersEnabled();
        scoreHeader = config.scoreHeader();
        routeHeader = config.routeHeader();
        demotedHeader = config.demotedHeader();
        errorHeader = config.errorHeader();

        String group = config.hotLagConsumerGroup();
        if (group != null) {
            Duration interval = config.hotLagCheckInterval();
            Duration timeout = interval.compareTo(MIN_LAG_MEASUREMENT_TIMEOUT) < 0 ? MIN_LAG_MEASUREMENT_TIMEOUT
                    : interval;
            LagSource source;
            try {
                source = lagSourceFactory.create(group, config.hotLagAdminConfig(), timeout);
            } catch (KafkaException e) {
                throw new ConfigException(PriorityRouterConfig.HOT_LAG_ADMIN_PREFIX + "*: cannot create the Admin"
                        + " client that measures the lag of " + group + ": " + withRootCause(e));
            }
            lagMonitor = new HotLagMonitor(source, hotTopic::renderedNames, config.hotLagMax(), interval, nanoClock);
            lagMonitor.start();
        }
        HotLagMonitor monitor = lagMonitor;
        BooleanSupplier lagging = monitor == null ? () -> false : monitor::lagging;
        double rate = config.hotMaxRecordsPerSecond();
        TokenBucket rateLimit = rate > 0 ? new TokenBucket(rate, config.hotBurstRecords(), nanoClock) : null;
        policy = new RoutingPolicy(config.hotThreshold(), config.criticalThreshold(), rateLimit, lagging);

        List<ScoringRule> rules = config.rules();
        scorer = new PriorityScorer(config.scoreField(), config.scoreDefault(), rules, metrics);
        List<String> ruleNames = new ArrayList<>();
        rules.forEach(rule -> ruleNames.add(rule.name()));
        metrics.configure(ruleNames, lagMonitor);

        log.info("PriorityRouter routing to {} / {}: score field {}, rules {}, hot threshold {}, critical threshold {},"
                        + " hot rate limit {}, hot lag limit {}", hotTopic, coldTopic,
                config.scoreField() == null ? "none" : config.scoreField(), ruleNames, config.hotThreshold(),
                config.criticalThreshold(), rate > 0 ? rate + "/s" : "none",
                group == null ? "none" : config.hotLagMax() + " records for group " + group);
    }

    @Override
    public R apply(R record) {
        if (record.value() == null) {
            return routeTombstone(record);
        }
        view.reset(record);
        try {
            double score;
            try {
                score = scorer.score(view);
            } catch (EvaluationException e) {
                return routeUnscored(record, e);
            }
            metrics.scored.increment();
            Decision decision = policy.decide(score);
            String topic;
            if (policy.scoresHot(score)) {
                // Rendered even when demoted: the lag monitor measures every topic hot records are meant for.
                String hot = hotTopic.render(record.topic());
                topic = decision.isHot() ? hot : coldTopic.render(record.topic());
            } else {
                topic = coldTopic.render(record.topic());
            }
            metrics.routed(decision);
            if (log.isTraceEnabled()) {
                log.trace("Record from {} partition {} scored {}: {} to {}", record.topic(), record.kafkaPartition(),
                        score, decision, topic);
            }
            return route(record, topic, decision, score, null);
        } finally {
            view.reset(null);
        }
    }

    private R routeTombstone(R record) {
        Decision decision = tombstonesHot ? Decision.HOT : Decision.COLD;
        String topic = tombstonesHot ? hotTopic.render(record.topic()) : coldTopic.render(record.topic());
        metrics.routed(decision);
        if (log.isTraceEnabled()) {
            log.trace("Tombstone from {} partition {}: {} to {}", record.topic(), record.kafkaPartition(), decision,
                    topic);
        }
        return route(record, topic, decision, Double.NaN, null);
    }

    private R routeUnscored(R record, EvaluationException error) {
        metrics.evaluationErrors.increment();
        if (failOnError) {
            throw new DataException("PriorityRouter cannot score " + describe(record) + ": " + error.getMessage());
        }
        metrics.routed(Decision.COLD);
        String topic = coldTopic.render(record.topic());
        if (log.isTraceEnabled()) {
            log.trace("Record from {} partition {} could not be scored, routed to {}: {}", record.topic(),
                    record.kafkaPartition(), topic, error.getMessage());
        }
        return route(record, topic, Decision.COLD, Double.NaN, error);
    }

    private R route(R record, String topic, Decision decision, double score, EvaluationException error) {
        if (!headersEnabled) {
            return record.newRecord(topic, record.kafkaPartition(), record.keySchema(), record.key(),
                    record.valueSchema(), record.value(), record.timestamp());
        }
        Headers headers = record.headers().duplicate();
        // Headers from an earlier hop (e.g. mirrored records) would contradict this decision.
        headers.remove(scoreHeader).remove(routeHeader).remove(demotedHeader).remove(errorHeader);
        if (!Double.isNaN(score)) {
            headers.addDouble(scoreHeader, score);
        }
        headers.addString(routeHeader, decision.isHot() ? ROUTE_HOT : ROUTE_COLD);
        if (decision.demotionReason() != null) {
            headers.addString(demotedHeader, decision.demotionReason());
        }
        if (error != null) {
            headers.addString(errorHeader, errorHeaderValue(error));
        }
        return record.newRecord(topic, record.kafkaPartition(), record.keySchema(), record.key(), record.valueSchema(),
                record.value(), record.timestamp(), headers);
    }

    private static String withRootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? error.getMessage() : error.getMessage() + " (" + root.getMessage() + ")";
    }

    static String errorHeaderValue(Exception error) {
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        return text.length() <= MAX_ERROR_HEADER_LENGTH ? text : text.substring(0, MAX_ERROR_HEADER_LENGTH - 3) + "...";
    }

    private static String describe(ConnectRecord<?> record) {
        String where = "a record from topic '" + record.topic() + "' partition " + record.kafkaPartition();
        return record instanceof SinkRecord sink ? where + " offset " + sink.kafkaOffset() : where;
    }

    @Override
    public ConfigDef config() {
        return PriorityRouterConfig.CONFIG_DEF;
    }

    @Override
    public Collection<ConfigValue> validateBeyondConfigDef(Map<String, String> props) {
        return PriorityRouterConfig.validateBeyondConfigDef(props);
    }

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void withPluginMetrics(PluginMetrics pluginMetrics) {
        metrics.withPluginMetrics(pluginMetrics);
    }

    /** Stops the lag monitor, if any. Safe to call more than once. */
    @Override
    public void close() {
        closeLagMonitor();
    }

    private void closeLagMonitor() {
        HotLagMonitor monitor = lagMonitor;
        lagMonitor = null;
        if (monitor != null) {
            monitor.close();
        }
    }

    PriorityRouterMetrics metrics() {
        return metrics;
    }

    HotLagMonitor lagMonitor() {
        return lagMonitor;
    }
}
