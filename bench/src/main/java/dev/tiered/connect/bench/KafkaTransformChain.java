package dev.tiered.connect.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.apache.kafka.connect.transforms.predicates.TopicNameMatches;

/**
 * A chain of Kafka's built-in transformations, each with an optional predicate, applied the way the Connect
 * runtime's {@code TransformationChain} applies its {@code TransformationStage}s: a stage transforms the record when
 * it has no predicate or when {@code negate ^ predicate.test(record)}, and the chain stops at the first stage that
 * returns null (a filtered record). What the runtime adds around each stage (swapping the plugin class loader,
 * retry-with-tolerance) is left out here, as it is for every router in the benchmark.
 */
public final class KafkaTransformChain<R extends ConnectRecord<R>> implements Transformation<R> {

    /** One {@code transforms.<alias>} entry: a transformation and its optional, optionally negated, predicate. */
    private static final class Stage<R extends ConnectRecord<R>> {
        private final Transformation<R> transformation;
        private final Predicate<R> predicate;
        private final boolean negate;

        Stage(Transformation<R> transformation, Predicate<R> predicate, boolean negate) {
            this.transformation = transformation;
            this.predicate = predicate;
            this.negate = negate;
        }

        R apply(R record) {
            if (predicate == null || negate ^ predicate.test(record)) {
                return transformation.apply(record);
            }
            return record;
        }

        void close() {
            transformation.close();
            if (predicate != null) {
                predicate.close();
            }
        }
    }

    private final List<Stage<R>> stages = new ArrayList<>();

    /**
     * The Kafka-only "nearest equivalent" of the PriorityRouter: Kafka's transformations cannot score by content,
     * so the producer has to classify records itself (header {@value EventFixture#HOT_HEADER}) and the chain only
     * routes on that, as this connector configuration would:
     * <pre>
     * transforms=dropTest,toHot,toCold
     * transforms.dropTest.type=org.apache.kafka.connect.transforms.Filter
     * transforms.dropTest.predicate=isTest                      # HasHeaderKey name=x-test
     * transforms.toHot.type=org.apache.kafka.connect.transforms.RegexRouter
     * transforms.toHot.regex=(.*)
     * transforms.toHot.replacement=$1.hot
     * transforms.toHot.predicate=isHot                          # HasHeaderKey name=x-hot
     * transforms.toCold.type=org.apache.kafka.connect.transforms.RegexRouter
     * transforms.toCold.regex=(.*)
     * transforms.toCold.replacement=$1.cold
     * transforms.toCold.predicate=routedHot                     # TopicNameMatches pattern=.*\.hot
     * transforms.toCold.negate=true
     * </pre>
     */
    public static <R extends ConnectRecord<R>> KafkaTransformChain<R> nearestEquivalent() {
        KafkaTransformChain<R> chain = new KafkaTransformChain<>();

        Filter<R> dropTest = new Filter<>();
        dropTest.configure(Map.of());
        chain.add(dropTest, hasHeaderKey("x-test"), false);

        chain.add(regexRouter("(.*)", "$1" + RoutingRules.HOT_SUFFIX), hasHeaderKey(EventFixture.HOT_HEADER), false);

        TopicNameMatches<R> routedHot = new TopicNameMatches<>();
        routedHot.configure(Map.of("pattern", ".*\\" + RoutingRules.HOT_SUFFIX));
        chain.add(regexRouter("(.*)", "$1" + RoutingRules.COLD_SUFFIX), routedHot, true);
        return chain;
    }

    private static <R extends ConnectRecord<R>> HasHeaderKey<R> hasHeaderKey(String name) {
        HasHeaderKey<R> predicate = new HasHeaderKey<>();
        predicate.configure(Map.of("name", name));
        return predicate;
    }

    private static <R extends ConnectRecord<R>> RegexRouter<R> regexRouter(String regex, String replacement) {
        RegexRouter<R> router = new RegexRouter<>();
        router.configure(Map.of("regex", regex, "replacement", replacement));
        return router;
    }

    /** Adds a stage; {@code predicate} may be null. */
    public KafkaTransformChain<R> add(Transformation<R> transformation, Predicate<R> predicate, boolean negate) {
        stages.add(new Stage<>(transformation, predicate, negate));
        return this;
    }

    @Override
    public R apply(R record) {
        for (Stage<R> stage : stages) {
            record = stage.apply(record);
            if (record == null) {
                break;
            }
        }
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Stages are configured when they are added.
    }

    @Override
    public void close() {
        stages.forEach(Stage::close);
    }
}
