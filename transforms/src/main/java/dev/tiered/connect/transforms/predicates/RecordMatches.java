package dev.tiered.connect.transforms.predicates;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.transforms.condition.Condition;
import dev.tiered.connect.transforms.predicates.RecordMatchesConfig.OnError;
import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.RecordView;

/**
 * A predicate that holds for records satisfying a condition in the Tiered Connect condition language, so any
 * transformation can be applied selectively: {@code transforms.x.predicate=big}, {@code predicates.big.type=}this
 * class, {@code predicates.big.condition=amount > 1000}.
 *
 * <p>An instance serves one task thread, as Connect uses predicates.
 */
public class RecordMatches<R extends ConnectRecord<R>> implements Predicate<R>, Versioned, Monitorable {

    public static final String OVERVIEW_DOC = "Holds for records that satisfy a condition (condition), written in the"
            + " language of PriorityRouter's rules: comparisons, in, matches and exists over value and key fields,"
            + " headers, the topic, the timestamp and Debezium envelopes, combined with and, or and not.";

    static final String RECORDS_TESTED = "records-tested-total";
    static final String RECORDS_MATCHED = "records-matched-total";
    static final String EVALUATION_ERRORS = "evaluation-errors-total";

    private static final Logger log = LoggerFactory.getLogger(RecordMatches.class);

    private final LongAdder tested = new LongAdder();
    private final LongAdder matched = new LongAdder();
    private final LongAdder errors = new LongAdder();

    private Condition condition;
    private String conditionText;
    private OnError onError;
    private RecordView view;

    @Override
    public void configure(Map<String, ?> props) {
        RecordMatchesConfig config = new RecordMatchesConfig(props);
        condition = config.condition();
        conditionText = config.conditionText();
        onError = config.onError();
        view = new RecordView(config.detectEnvelopes());
    }

    @Override
    public boolean test(R record) {
        tested.increment();
        view.reset(record);
        try {
            boolean result = condition.test(view);
            if (result) {
                matched.increment();
            }
            return result;
        } catch (EvaluationException e) {
            errors.increment();
            if (onError == OnError.FAIL) {
                throw new DataException("RecordMatches cannot evaluate '" + conditionText + "' on a record from topic '"
                        + record.topic() + "' partition " + record.kafkaPartition() + ": " + e.getMessage());
            }
            if (log.isTraceEnabled()) {
                log.trace("Record from {} partition {}: cannot evaluate '{}', answering {}: {}", record.topic(),
                        record.kafkaPartition(), conditionText, onError == OnError.TRUE, e.getMessage());
            }
            if (onError == OnError.TRUE) {
                matched.increment();
                return true;
            }
            return false;
        } finally {
            view.reset(null);
        }
    }

    @Override
    public ConfigDef config() {
        return RecordMatchesConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PackVersion.get();
    }

    @Override
    public void withPluginMetrics(PluginMetrics metrics) {
        LinkedHashMap<String, String> noTags = new LinkedHashMap<>();
        try {
            metrics.addMetric(metrics.metricName(RECORDS_TESTED, "Records the condition was evaluated on.", noTags),
                    (Measurable) (config, now) -> tested.sum());
            metrics.addMetric(metrics.metricName(RECORDS_MATCHED, "Records for which the predicate held.", noTags),
                    (Measurable) (config, now) -> matched.sum());
            metrics.addMetric(metrics.metricName(EVALUATION_ERRORS, "Records the condition could not be evaluated on.",
                    noTags), (Measurable) (config, now) -> errors.sum());
        } catch (IllegalArgumentException e) {
            // A previous instance of this task on this worker whose graceful stop timed out still holds the names
            // until it closes: the task must start anyway.
            log.warn("RecordMatches metrics not (all) published: a previous instance of this task on this worker"
                    + " (not stopped yet) still holds them ({})", e.getMessage());
        }
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    long errors() {
        return errors.sum();
    }
}
