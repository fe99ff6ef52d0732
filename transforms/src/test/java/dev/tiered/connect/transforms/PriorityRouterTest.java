package dev.tiered.connect.transforms;

import static dev.tiered.connect.transforms.TestRecords.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.common.PackVersion;
import dev.tiered.connect.transforms.routing.FakeClock;
import dev.tiered.connect.transforms.routing.FakeLagSource;

class PriorityRouterTest {

    private final FakeClock clock = new FakeClock();
    private final FakeLagSource lagSource = new FakeLagSource();
    private PriorityRouter<SourceRecord> router;

    @AfterEach
    void closeRouter() {
        if (router != null) {
            router.close();
        }
    }

    /** The reference deployment: fraud signals are critical, big payments hot, the rest by their priority. */
    private static Map<String, String> referenceConfig() {
        Map<String, String> props = new HashMap<>();
        props.put("score.field", "priority");
        props.put("rules", "fraud,big_payment");
        props.put("rules.fraud.when", "event_type in ('fraud_signal', 'surge_price')");
        props.put("rules.fraud.score", "1.0");
        props.put("rules.big_payment.when", "event_type == 'payment' and payload.amount > 1000");
        props.put("rules.big_payment.score", "0.95");
        return props;
    }

    private PriorityRouter<SourceRecord> router(Map<String, String> props) {
        router = new PriorityRouter<>(clock, (group, admin, timeout) -> lagSource);
        router.configure(props);
        return router;
    }

    private PriorityRouter<SourceRecord> router(String... overrides) {
        Map<String, String> props = referenceConfig();
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return router(props);
    }

    private static Object header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : header.value();
    }

    // Routing

    @Test
    void routesARecordMatchingACriticalRuleHot() {
        SourceRecord routed = router().apply(TestRecords.withValue(TestRecords.event("fraud_signal", 0.1)));
        assertThat(routed.topic()).isEqualTo("events.hot");
        assertThat(header(routed, "tiered.score")).isEqualTo(1.0);
        assertThat(header(routed, "tiered.route")).isEqualTo("hot");
    }

    @Test
    void routesALowScoringRecordCold() {
        SourceRecord routed = router().apply(TestRecords.withValue(TestRecords.event("page_view", 0.12)));
        assertThat(routed.topic()).isEqualTo("events.cold");
        assertThat(header(routed, "tiered.score")).isEqualTo(0.12);
        assertThat(header(routed, "tiered.route")).isEqualTo("cold");
    }

    @Test
    void scoresTheHighestOfTheBaseScoreAndTheMatchingRules() {
        router();
        assertThat(header(router.apply(TestRecords.withValue(TestRecords.event("payment", 0.2))), "tiered.score"))
                .isEqualTo(0.95);
        assertThat(header(router.apply(TestRecords.withValue(TestRecords.event("page_view", 0.97))), "tiered.score"))
                .isEqualTo(0.97);
    }

    @Test
    void treatsTheHotThresholdAsInclusive() {
        router("hot.threshold", "0.5");
        assertThat(router.apply(TestRecords.withValue(map("priority", 0.5))).topic()).isEqualTo("events.hot");
        assertThat(router.apply(TestRecords.withValue(map("priority", 0.4999))).topic()).isEqualTo("events.cold");
    }

    @Test
    void usesTheDefaultScoreWhenTheScoreFieldIsMissing() {
        router("score.default", "0.9");
        assertThat(router.apply(TestRecords.withValue(map("event_type", "x"))).topic()).isEqualTo("events.hot");
    }

    @Test
    void scoresWithoutAScoreFieldFromRulesAlone() {
        router("score.field", "", "score.default", "0");
        SourceRecord routed = router.apply(TestRecords.withValue(TestRecords.event("page_view", 0.99)));
        assertThat(routed.topic()).isEqualTo("events.cold");
        assertThat(header(routed, "tiered.score")).isEqualTo(0.0);
    }

    @Test
    void readsTheBaseScoreFromAHeader() {
        router("score.field", "header.x-priority");
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("x-priority", "0.93");
        assertThat(router.apply(TestRecords.withHeaders(map(), headers)).topic()).isEqualTo("events.hot");
    }

    @Test
    void keepsPartitionKeyValueSchemasTimestampAndHeaders() {
        router();
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("trace", "t-1");
        Map<String, Object> value = TestRecords.event("fraud_signal", 0.1);
        SourceRecord original = TestRecords.record("events", map("id", "u-1"), value, headers);
        SourceRecord routed = router.apply(original);
        assertThat(routed.kafkaPartition()).isEqualTo(3);
        assertThat(routed.key()).isSameAs(original.key());
        assertThat(routed.value()).isSameAs(value);
        assertThat(routed.keySchema()).isSameAs(original.keySchema());
        assertThat(routed.valueSchema()).isSameAs(original.valueSchema());
        assertThat(routed.timestamp()).isEqualTo(original.timestamp());
        assertThat(routed.sourcePartition()).isEqualTo(original.sourcePartition());
        assertThat(routed.sourceOffset()).isEqualTo(original.sourceOffset());
        assertThat(header(routed, "trace")).isEqualTo("t-1");
        assertThat(original.headers().lastWithName("tiered.route")).isNull();
    }

    @Test
    void routesSinkRecordsToo() {
        PriorityRouter<SinkRecord> sinkRouter = new PriorityRouter<>();
        sinkRouter.configure(referenceConfig());
        SinkRecord record = new SinkRecord("events", 2, null, null, null, TestRecords.event("fraud_signal", 0), 42L);
        SinkRecord routed = sinkRouter.apply(record);
        sinkRouter.close();
        assertThat(routed.topic()).isEqualTo("events.hot");
        assertThat(routed.kafkaPartition()).isEqualTo(2);
        assertThat(routed.kafkaOffset()).isEqualTo(42L);
    }

    @Test
    void rendersTopicTemplates() {
        router("hot.topic", "priority-${topic}", "cold.topic", "archive");
        assertThat(router.apply(TestRecords.withValue(TestRecords.event("fraud_signal", 0))).topic())
                .isEqualTo("priority-events");
        assertThat(router.apply(TestRecords.withValue(TestRecords.event("page_view", 0))).topic()).isEqualTo("archive");
    }

    @Test
    void routesEachInputTopicToItsOwnDestinations() {
        router();
        assertThat(router.apply(TestRecords.record("clicks", null, map("priority", 1.0), new ConnectHeaders())).topic())
                .isEqualTo("clicks.hot");
        assertThat(router.apply(TestRecords.record("orders", null, map("priority", 1.0), new ConnectHeaders())).topic())
                .isEqualTo("orders.hot");
    }

    // Value and key types

    @Test
    void scoresStructValues() {
        Schema payload = SchemaBuilder.struct().field("amount", Schema.INT32_SCHEMA).build();
        Schema event = SchemaBuilder.struct().field("event_type", Schema.STRING_SCHEMA)
                .field("priority", Schema.FLOAT64_SCHEMA).field("payload", payload).build();
        Struct value = new Struct(event).put("event_type", "payment").put("priority", 0.1)
                .put("payload", new Struct(payload).put("amount", 5000));
        SourceRecord routed = router().apply(TestRecords.withStruct(value));
        assertThat(routed.topic()).isEqualTo("events.hot");
        assertThat(routed.value()).isSameAs(value);
        assertThat(routed.valueSchema()).isSameAs(event);
    }

    @Test
    void scoresJsonStringValuesAndPassesThemThrough() {
        String json = "{\"event_type\":\"payment\",\"priority\":0.1,\"payload\":{\"amount\":1250}}";
        SourceRecord routed = router().apply(TestRecords.withValue(json));
        assertThat(routed.topic()).isEqualTo("events.hot");
        assertThat(routed.value()).isSameAs(json);
    }

    @Test
    void scoresJsonBytesAndPassesThemThroughByteForByte() {
        byte[] json = "{\"event_type\":\"page_view\",\"priority\":0.91}".getBytes(StandardCharsets.UTF_8);
        byte[] copy = json.clone();
        SourceRecord routed = router().apply(TestRecords.withValue(json));
        assertThat(routed.topic()).isEqualTo("events.hot");
        assertThat(routed.value()).isSameAs(json);
        assertThat(json).isEqualTo(copy);
    }

    @Test
    void routesUnparseableJsonColdWithAnErrorHeader() {
        byte[] garbage = "{\"priority\": secret-token".getBytes(StandardCharsets.UTF_8);
        SourceRecord routed = router().apply(TestRecords.withValue(garbage));
        assertThat(routed.topic()).isEqualTo("events.cold");
        assertThat(routed.value()).isSameAs(garbage);
        assertThat((String) header(routed, "tiered.error"))
                .startsWith("EvaluationException: score.field priority: value is not valid JSON (JsonParseException")
                .doesNotContain("secret-token");
        assertThat(header(routed, "tiered.score")).isNull();
    }

    @Test
    void scoresByKeyFields() {
        router("rules", "vip", "rules.vip.when", "key.user_id matches 'vip-.*'", "rules.vip.score", "1");
        assertThat(router.apply(TestRecords.withKeyAndValue(map("user_id", "vip-7"), map())).topic())
                .isEqualTo("events.hot");
        assertThat(router.apply(TestRecords.withKeyAndValue(map("user_id", "u-7"), map())).topic())
                .isEqualTo("events.cold");
    }

    @Test
    void scoresByAPrimitiveKey() {
        router("rules", "vip", "rules.vip.when", "key == 'vip'", "rules.vip.score", "1");
        assertThat(router.apply(TestRecords.withKeyAndValue("vip", map())).topic()).isEqualTo("events.hot");
    }

    @Test
    void scoresByHeaderTopicAndTimestamp() {
        router("rules", "tenant,late", "rules.tenant.when", "header.x-tenant == 'acme' and topic == 'events'",
                "rules.tenant.score", "1", "rules.late.when", "timestamp < 1000", "rules.late.score", "1");
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("x-tenant", "acme");
        assertThat(router.apply(TestRecords.withHeaders(map(), headers)).topic()).isEqualTo("events.hot");
        assertThat(router.apply(TestRecords.withValue(map())).topic()).isEqualTo("events.cold");
    }

    // Debezium change events

    private PriorityRouter<SourceRecord> cdcRouter() {
        return router("score.field", "", "rules", "paid,deleted,refunds",
                "rules.paid.when", "status == 'paid' and before.status != 'paid'", "rules.paid.score", "0.95",
                "rules.deleted.when", "op == 'd' and source.table == 'payments'", "rules.deleted.score", "0.92",
                "rules.refunds.when", "source.table == 'refunds' and amount >= 100", "rules.refunds.score", "0.9");
    }

    @Test
    void scoresUpdatesOfStructChangeEventsAgainstAfter() {
        cdcRouter();
        Struct update = TestRecords.debeziumStruct("u", TestRecords.paymentRow(1, "pending", 50),
                TestRecords.paymentRow(1, "paid", 50), "payments");
        SourceRecord routed = router.apply(TestRecords.withStruct(update));
        assertThat(routed.topic()).isEqualTo("events.hot");
        assertThat(header(routed, "tiered.score")).isEqualTo(0.95);
        assertThat(routed.value()).isSameAs(update);
    }

    @Test
    void scoresCreatesAndSnapshotReadsAgainstAfter() {
        cdcRouter();
        for (String op : new String[] {"c", "r"}) {
            Struct event = TestRecords.debeziumStruct(op, null, TestRecords.paymentRow(2, "new", 500), "refunds");
            assertThat(router.apply(TestRecords.withStruct(event)).topic()).as(op).isEqualTo("events.hot");
        }
    }

    @Test
    void scoresDeletesAgainstBefore() {
        cdcRouter();
        Struct delete = TestRecords.debeziumStruct("d", TestRecords.paymentRow(3, "paid", 10), null, "payments");
        SourceRecord routed = router.apply(TestRecords.withStruct(delete));
        // Not "paid" again: "status" is before.status for a delete, and before.status is 'paid'.
        assertThat(header(routed, "tiered.score")).isEqualTo(0.92);
    }

    @Test
    void scoresSchemalessChangeEvents() {
        cdcRouter();
        Map<String, Object> update = TestRecords.debeziumMap("u", map("id", 1, "status", "pending"),
                map("id", 1, "status", "paid"), "payments");
        assertThat(router.apply(TestRecords.withValue(update)).topic()).isEqualTo("events.hot");
        Map<String, Object> unchanged = TestRecords.debeziumMap("u", map("id", 1, "status", "paid"),
                map("id", 1, "status", "paid"), "payments");
        assertThat(router.apply(TestRecords.withValue(unchanged)).topic()).isEqualTo("events.cold");
    }

    @Test
    void leavesChangeEventsWrappedWhenDetectionIsOff() {
        router("envelope.detection", "none", "score.field", "", "rules", "paid", "rules.paid.when",
                "status == 'paid'", "rules.paid.score", "1");
        Map<String, Object> update = TestRecords.debeziumMap("c", null, map("status", "paid"), "payments");
        assertThat(router.apply(TestRecords.withValue(update)).topic()).isEqualTo("events.cold");
    }

    @Test
    void routesTombstonesColdWithoutScoring() {
        SourceRecord routed = router().apply(TestRecords.withKeyAndValue("k", null));
        assertThat(routed.topic()).isEqualTo("events.cold");
        assertThat(routed.value()).isNull();
        assertThat(header(routed, "tiered.route")).isEqualTo("cold");
        assertThat(header(routed, "tiered.score")).isNull();
        assertThat(router.metrics().scored.sum()).isZero();
    }

    @Test
    void routesTombstonesHotWhenConfigured() {
        router("tombstone.route", "HOT");
        assertThat(router.apply(TestRecords.withKeyAndValue("k", null)).topic()).isEqualTo("events.hot");
    }

    // Headers

    @Test
    void namesHeadersAsConfigured() {
        router("headers.score", "x-score", "headers.route", "x-route");
        SourceRecord routed = router.apply(TestRecords.withValue(TestRecords.event("fraud_signal", 0)));
        assertThat(header(routed, "x-score")).isEqualTo(1.0);
        assertThat(header(routed, "x-route")).isEqualTo("hot");
        assertThat(header(routed, "tiered.route")).isNull();
    }

    @Test
    void addsNoHeadersWhenDisabled() {
        router("headers.enabled", "false");
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("trace", "t-1");
        SourceRecord routed = router.apply(TestRecords.withHeaders(TestRecords.event("fraud_signal", 0), headers));
        assertThat(routed.topic()).isEqualTo("events.hot");
        assertThat(routed.headers().size()).isEqualTo(1);
        assertThat(header(routed, "trace")).isEqualTo("t-1");
    }

    @Test
    void replacesRoutingHeadersFromAnEarlierHop() {
        router();
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("tiered.route", "hot");
        headers.addString("tiered.demoted", "rate");
        headers.addString("tiered.error", "old");
        SourceRecord routed = router.apply(TestRecords.withHeaders(TestRecords.event("page_view", 0.1), headers));
        assertThat(routed.headers().allWithName("tiered.route")).toIterable().hasSize(1);
        assertThat(header(routed, "tiered.route")).isEqualTo("cold");
        assertThat(header(routed, "tiered.demoted")).isNull();
        assertThat(header(routed, "tiered.error")).isNull();
    }

    @Test
    void truncatesLongErrorHeaders() {
        String message = "x".repeat(2000);
        String header = PriorityRouter.errorHeaderValue(new IllegalStateException(message));
        assertThat(header).hasSize(PriorityRouter.MAX_ERROR_HEADER_LENGTH).startsWith("IllegalStateException: xxx")
                .endsWith("...");
    }

    // Errors

    @Test
    void routesRecordsThatCannotBeScoredColdWithTheError() {
        router();
        SourceRecord routed = router.apply(TestRecords.withValue(map("event_type", "payment", "priority", 0.99,
                "payload", map("amount", "1250"))));
        assertThat(routed.topic()).isEqualTo("events.cold");
        assertThat(header(routed, "tiered.route")).isEqualTo("cold");
        assertThat(header(routed, "tiered.error")).isEqualTo("EvaluationException: rule 'big_payment': payload.amount:"
                + " expected a number but found a value of type String");
        assertThat(router.metrics().evaluationErrors.sum()).isEqualTo(1);
    }

    @Test
    void routesNonNumericScoresColdWithTheError() {
        router();
        SourceRecord routed = router.apply(TestRecords.withValue(map("priority", "high")));
        assertThat(routed.topic()).isEqualTo("events.cold");
        assertThat(header(routed, "tiered.error"))
                .isEqualTo("EvaluationException: score.field priority: expected a number but found text that is not one");
    }

    @Test
    void failsRecordsThatCannotBeScoredWhenAskedTo() {
        router("on.error", "fail");
        SourceRecord record = TestRecords.withValue(map("event_type", "payment", "payload", map("amount", "s3cr3t")));
        assertThatThrownBy(() -> router.apply(record))
                .isInstanceOf(DataException.class)
                .hasMessage("PriorityRouter cannot score a record from topic 'events' partition 3: rule 'big_payment':"
                        + " payload.amount: expected a number but found a value of type String")
                .message().doesNotContain("s3cr3t");
        assertThat(router.metrics().evaluationErrors.sum()).isEqualTo(1);
        assertThat(router.metrics().routedCold.sum()).isZero();
    }

    @Test
    void namesTheOffsetOfASinkRecordThatFails() {
        PriorityRouter<SinkRecord> sinkRouter = new PriorityRouter<>();
        Map<String, String> props = referenceConfig();
        props.put("on.error", "fail");
        sinkRouter.configure(props);
        SinkRecord record = new SinkRecord("events", 2, null, null, null, map("priority", true), 42L);
        assertThatThrownBy(() -> sinkRouter.apply(record))
                .hasMessageStartingWith("PriorityRouter cannot score a record from topic 'events' partition 2 offset 42:");
        sinkRouter.close();
    }

    // Lifecycle

    @Test
    void reportsThePackVersion() {
        assertThat(new PriorityRouter<SourceRecord>().version()).isEqualTo(PackVersion.get()).isNotBlank();
    }

    @Test
    void returnsItsConfigDef() {
        assertThat(new PriorityRouter<SourceRecord>().config()).isSameAs(PriorityRouterConfig.CONFIG_DEF);
    }

    @Test
    void closesMoreThanOnceWithoutFailing() {
        router("hot.lag.consumer.group", "hot-readers", "hot.lag.admin.bootstrap.servers", "localhost:9092");
        router.close();
        router.close();
        assertThat(lagSource.closes()).isEqualTo(1);
    }

    @Test
    void closesWithoutHavingBeenConfigured() {
        new PriorityRouter<SourceRecord>().close();
    }
}
