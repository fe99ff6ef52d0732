package dev.tiered.connect.bench;

import java.util.Map;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

import dev.tiered.connect.transforms.PriorityRouter;
import io.debezium.transforms.ContentBasedRouter;

/** The routers under comparison, configured for {@link RoutingRules}. */
public final class Routers {

    private Routers() {
    }

    /** The PriorityRouter SMT; with {@code headers}, it also adds its {@code tiered.score}/{@code tiered.route}. */
    public static Transformation<SourceRecord> priorityRouter(boolean headers) {
        PriorityRouter<SourceRecord> router = new PriorityRouter<>();
        router.configure(RoutingRules.priorityRouterConfig(headers));
        return router;
    }

    /**
     * Debezium's ContentBasedRouter with {@code language=jsr223.groovy} and the rules as a Groovy topic expression.
     *
     * @param parseJson whether the values are JSON text (byte[]) the expression must parse first
     */
    public static Transformation<SourceRecord> contentBasedRouter(boolean parseJson) {
        ContentBasedRouter<SourceRecord> router = new ContentBasedRouter<>();
        router.configure(Map.of(
                "language", "jsr223.groovy",
                "topic.expression", RoutingRules.groovyTopicExpression(parseJson)));
        return router;
    }

    /** Kafka's Filter + RegexRouter chain routing on the producer's header: {@link KafkaTransformChain#nearestEquivalent()}. */
    public static Transformation<SourceRecord> kafkaChain() {
        return KafkaTransformChain.nearestEquivalent();
    }
}
