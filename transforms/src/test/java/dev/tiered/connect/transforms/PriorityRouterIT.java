package dev.tiered.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiered.connect.datagen.EventGeneratorPlan;
import dev.tiered.connect.datagen.EventGeneratorSourceConnector;
import dev.tiered.connect.datagen.EventType;
import dev.tiered.connect.datagen.ReferenceEvent;
import dev.tiered.connect.testkit.ConnectTestCluster;
import dev.tiered.connect.testkit.TestNames;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The router attached to a real source connector (the pack's event generator) on a real Connect cluster: what lands on
 * the hot and cold topics is exactly what the scores say, overload demotes, and the worker validates and measures it.
 */
class PriorityRouterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BIG_PAYMENT = "event_type == 'payment' and payload.payment.amount >= 500";

    private final ConnectTestCluster cluster = ConnectTestCluster.shared();

    @Test
    void schemalessEventsLandOnTheTopicTheirScoreSays() throws IOException {
        Map<String, String> config = generatorWithRouter(3_000, 0.05, "schemaless");
        config.put("transforms.route.rules", "big_payment");
        config.put("transforms.route.rules.big_payment.when", BIG_PAYMENT);
        config.put("transforms.route.rules.big_payment.score", "0.95");

        Routed routed = run(config);

        long expectedHot = plan(config).count(event -> event.priority() >= 0.9 || isBigPayment(event));
        assertThat(expectedHot).as("the rule must promote some events the priority alone would not")
                .isGreaterThan(plan(config).countHot());
        assertThat(routed.hot).hasSize((int) expectedHot);
        assertThat(routed.cold).hasSize(3_000 - (int) expectedHot);
        assertThat(routed.hot).allSatisfy(record -> assertThat(header(record, "tiered.route")).isEqualTo("hot"));
        assertThat(routed.cold).allSatisfy(record -> assertThat(header(record, "tiered.route")).isEqualTo("cold"));

        Set<String> expectedIds = new HashSet<>();
        plan(config).forEachEvent(event -> expectedIds.add(event.eventId()));
        assertThat(routed.eventIds()).as("every generated event, once").hasSize(3_000).isEqualTo(expectedIds);
        for (ConsumerRecord<byte[], byte[]> record : routed.hot) {
            JsonNode event = JSON.readTree(record.value());
            boolean promoted = event.path("event_type").asText().equals("payment")
                    && event.path("payload").path("payment").path("amount").asDouble() >= 500;
            assertThat(event.path("priority").asDouble() >= 0.9 || promoted).isTrue();
        }
    }

    @Test
    void structEventsAreScoredLikeSchemalessOnes() {
        Map<String, String> config = generatorWithRouter(2_000, 0.1, "struct");
        config.put("value.converter.schemas.enable", "true");
        config.put("transforms.route.rules", "big_payment");
        config.put("transforms.route.rules.big_payment.when", BIG_PAYMENT);
        config.put("transforms.route.rules.big_payment.score", "0.95");

        Routed routed = run(config);

        long expectedHot = plan(config).count(event -> event.priority() >= 0.9 || isBigPayment(event));
        assertThat(routed.hot).hasSize((int) expectedHot);
        assertThat(routed.cold).hasSize(2_000 - (int) expectedHot);
        assertThat(new String(routed.hot.get(0).value(), StandardCharsets.UTF_8))
                .as("the value keeps its Connect schema").contains("\"schema\"");
    }

    @Test
    void overloadDemotesNonCriticalHotRecordsButNeverCriticalOnes() {
        Map<String, String> config = generatorWithRouter(2_000, 0.5, "schemaless");
        config.put("tasks.max", "1");
        config.put("transforms.route.rules", "fraud");
        config.put("transforms.route.rules.fraud.when", "event_type == 'fraud_signal'");
        config.put("transforms.route.rules.fraud.score", "1.0");
        config.put("transforms.route.critical.threshold", "1.0");
        config.put("transforms.route.hot.max.records.per.second", "20");
        config.put("transforms.route.hot.burst.records", "20");

        Routed routed = run(config);

        long wouldBeHot = plan(config).count(event -> event.priority() >= 0.9
                || event.eventType() == EventType.FRAUD_SIGNAL);
        long fraud = plan(config).count(event -> event.eventType() == EventType.FRAUD_SIGNAL);
        List<ConsumerRecord<byte[], byte[]>> demoted = routed.cold.stream()
                .filter(record -> "rate".equals(header(record, "tiered.demoted")))
                .toList();
        assertThat(demoted).as("hot records over 20/s while 1,000 hot ones arrive at once").isNotEmpty();
        assertThat(routed.hot.size() + demoted.size()).isEqualTo((int) wouldBeHot);
        assertThat(routed.hot.stream().filter(record -> eventType(record).equals("fraud_signal")).count())
                .as("critical records are never demoted").isEqualTo(fraud);
        assertThat(demoted).noneMatch(record -> eventType(record).equals("fraud_signal"));
    }

    @Test
    void hotConsumerGroupLagDemotesHotRecords() throws Exception {
        Map<String, String> config = generatorWithRouter(1_500, 0.5, "schemaless");
        String hotTopic = config.get("topic") + ".hot";
        String lagging = TestNames.unique("hot-readers");
        cluster.createTopic(hotTopic, 1);
        for (int i = 0; i < 50; i++) {
            cluster.produce(hotTopic, "k" + i, "{\"backlog\":" + i + "}");
        }
        cluster.admin().alterConsumerGroupOffsets(lagging,
                Map.of(new TopicPartition(hotTopic, 0), new OffsetAndMetadata(0))).all().get();
        config.put("tasks.max", "1");
        config.put("events.per.second", "300");
        config.put("transforms.route.hot.lag.consumer.group", lagging);
        config.put("transforms.route.hot.lag.max", "10");
        config.put("transforms.route.hot.lag.check.interval.ms", "200");
        config.put("transforms.route.hot.lag.admin." + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers());

        Routed routed = run(config);

        assertThat(routed.cold)
                .as("hot records demoted while the hot path's consumer group lags")
                .anyMatch(record -> "lag".equals(header(record, "tiered.demoted")));
        assertThat(routed.hot.size() - 50 + routed.cold.size()).isEqualTo(1_500);
    }

    @Test
    void validateReportsABrokenRuleWithItsKeyAndPosition() throws IOException {
        Map<String, String> config = generatorWithRouter(10, 0.05, "schemaless");
        config.put("transforms.route.rules", "fraud");
        config.put("transforms.route.rules.fraud.when", "event_type == 'fraud_signal' and (");
        config.put("transforms.route.rules.fraud.score", "1.5");

        String url = cluster.connect().endpointForResource("connector-plugins/"
                + EventGeneratorSourceConnector.class.getSimpleName() + "/config/validate");
        JsonNode result = JSON.readTree(cluster.connect().requestPut(url, JSON.writeValueAsString(config))
                .getEntity().toString());

        assertThat(result.path("error_count").asInt()).isEqualTo(2);
        Map<String, String> errors = new HashMap<>();
        result.path("configs").forEach(entry -> entry.path("value").path("errors")
                .forEach(error -> errors.put(entry.path("value").path("name").asText(), error.asText())));
        assertThat(errors.get("transforms.route.rules.fraud.when"))
                .startsWith("rules.fraud.when:").contains("position 35");
        assertThat(errors.get("transforms.route.rules.fraud.score")).contains("rules.fraud.score");
    }

    @Test
    void workerPublishesTheRoutersMetrics() throws Exception {
        Map<String, String> config = generatorWithRouter(500, 0.2, "schemaless");
        config.put("tasks.max", "1");
        String connector = config.get("name");
        Routed routed = run(config, false);

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName pattern = new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*");
        Set<ObjectName> names = server.queryNames(pattern, null);
        ObjectName router = names.stream()
                .filter(name -> "route".equals(name.getKeyProperty("transformation")))
                .filter(name -> name.getKeyProperty("rule") == null && name.getKeyProperty("reason") == null)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no router metrics among " + names));
        assertThat(((Number) server.getAttribute(router, "records-scored-total")).longValue()).isEqualTo(500);
        assertThat(((Number) server.getAttribute(router, "records-routed-hot-total")).longValue())
                .isEqualTo(routed.hot.size());
        assertThat(((Number) server.getAttribute(router, "records-routed-cold-total")).longValue())
                .isEqualTo(routed.cold.size());
        cluster.deleteConnectorAndAwait(connector, TIMEOUT);
    }

    private Map<String, String> generatorWithRouter(int events, double hotShare, String format) {
        Map<String, String> config = new HashMap<>();
        config.put("name", TestNames.unique("router-it"));
        config.put("connector.class", EventGeneratorSourceConnector.class.getName());
        config.put("tasks.max", "2");
        config.put("topic", TestNames.unique("events"));
        config.put("value.format", format);
        config.put("max.events", Integer.toString(events));
        config.put("events.per.second", "0");
        config.put("hot.share", Double.toString(hotShare));
        config.put("seed", "11");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "route");
        config.put("transforms.route.type", PriorityRouter.class.getName());
        config.put("transforms.route.score.field", "priority");
        return config;
    }

    private Routed run(Map<String, String> config) {
        return run(config, true);
    }

    private Routed run(Map<String, String> config, boolean deleteAfterwards) {
        String connector = config.get("name");
        long events = Long.parseLong(config.get("max.events"));
        String hotTopic = config.get("topic") + ".hot";
        String coldTopic = config.get("topic") + ".cold";
        long hotBefore = cluster.countRecords(hotTopic);
        cluster.connect().configureConnector(connector, config);
        cluster.awaitConnectorAndTasksRunning(connector, Integer.parseInt(config.get("tasks.max")), TIMEOUT);
        await("all " + events + " events routed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.countRecords(hotTopic) - hotBefore + cluster.countRecords(coldTopic) >= events);
        if (deleteAfterwards) {
            cluster.deleteConnectorAndAwait(connector, TIMEOUT);
        }
        return new Routed(cluster.consumeAll(hotTopic, TIMEOUT), cluster.consumeAll(coldTopic, TIMEOUT));
    }

    private static EventGeneratorPlan plan(Map<String, String> config) {
        return EventGeneratorPlan.of(config, Integer.parseInt(config.get("tasks.max")));
    }

    private static boolean isBigPayment(ReferenceEvent event) {
        if (event.eventType() != EventType.PAYMENT) {
            return false;
        }
        Object payment = event.payload().get("payment");
        return payment instanceof Map<?, ?> fields && ((Number) fields.get("amount")).doubleValue() >= 500;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String eventType(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("event_type").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(record.value(), StandardCharsets.UTF_8), e);
        }
    }

    private record Routed(List<ConsumerRecord<byte[], byte[]>> hot, List<ConsumerRecord<byte[], byte[]>> cold) {

        Set<String> eventIds() {
            Set<String> ids = new HashSet<>();
            Predicate<ConsumerRecord<byte[], byte[]>> unique = record -> ids.add(eventIdOf(record));
            assertThat(hot).allMatch(unique);
            assertThat(cold).allMatch(unique);
            return ids;
        }

        private static String eventIdOf(ConsumerRecord<byte[], byte[]> record) {
            try {
                return JSON.readTree(record.value()).path("event_id").asText();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
