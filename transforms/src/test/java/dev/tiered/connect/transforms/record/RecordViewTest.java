package dev.tiered.connect.transforms.record;

import static dev.tiered.connect.transforms.TestRecords.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.transforms.TestRecords;
import dev.tiered.connect.transforms.condition.ConditionCompiler;

class RecordViewTest {

    private static Object resolve(String path, SourceRecord record, boolean detectEnvelopes)
            throws EvaluationException {
        RecordView view = new RecordView(detectEnvelopes);
        view.reset(record);
        return ConditionCompiler.compilePath(path).resolve(view);
    }

    private static Object resolve(String path, Object value) throws EvaluationException {
        return resolve(path, TestRecords.withValue(value), true);
    }

    @Test
    void resolvesNestedMapFields() throws Exception {
        assertThat(resolve("payload.country", TestRecords.event("payment", 0.1))).isEqualTo("DE");
    }

    @Test
    void tellsMissingFromNull() throws Exception {
        assertThat(resolve("x", map("x", null))).isNull();
        assertThat(resolve("y", map("x", null))).isSameAs(Values.MISSING);
        assertThat(resolve("x.y", map("x", null))).isSameAs(Values.MISSING);
    }

    @Test
    void resolvesListIndexes() throws Exception {
        Map<String, Object> value = map("items", List.of("a", "b"));
        assertThat(resolve("items[1]", value)).isEqualTo("b");
        assertThat(resolve("items[2]", value)).isSameAs(Values.MISSING);
        assertThat(resolve("items.first", value)).isSameAs(Values.MISSING);
    }

    @Test
    void resolvesNestedStructFieldsAndTreatsUnknownFieldsAsMissing() throws Exception {
        Schema inner = SchemaBuilder.struct().field("country", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema outer = SchemaBuilder.struct().field("payload", inner).build();
        Struct value = new Struct(outer).put("payload", new Struct(inner));
        SourceRecord record = TestRecords.withStruct(value);
        assertThat(resolve("payload.country", record, true)).isNull();
        assertThat(resolve("payload.city", record, true)).isSameAs(Values.MISSING);
        assertThat(resolve("payload.country.code", record, true)).isSameAs(Values.MISSING);
    }

    @Test
    void parsesJsonTextValues() throws Exception {
        String json = "{\"payload\":{\"amount\":12.5,\"tags\":[\"x\"]}}";
        assertThat(resolve("payload.amount", json)).isEqualTo(12.5);
        assertThat(resolve("payload.tags[0]", json.getBytes(StandardCharsets.UTF_8))).isEqualTo("x");
        assertThat(resolve("payload.amount", ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)))).isEqualTo(12.5);
    }

    @Test
    void parsesJsonTextOnlyWhenAFieldIsNeeded() throws Exception {
        SourceRecord record = TestRecords.withValue("not json at all");
        assertThat(resolve("topic", record, true)).isEqualTo("events");
        assertThat(resolve("value", record, true)).isEqualTo("not json at all");
    }

    @Test
    void reportsUnparseableJsonWithoutQuotingIt() {
        assertThatThrownBy(() -> resolve("payload.amount", "{\"payload\": hunter2}"))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("value is not valid JSON (JsonParseException at line 1, column ")
                .message().doesNotContain("hunter2");
    }

    @Test
    void rejectsTrailingGarbageAfterJson() {
        assertThatThrownBy(() -> resolve("a", "{\"a\":1} trailing"))
                .hasMessageStartingWith("value is not valid JSON");
    }

    @Test
    void reportsTheSameParseErrorForEveryPathOfARecord() throws Exception {
        RecordView view = new RecordView(true);
        view.reset(TestRecords.withValue("{"));
        assertThatThrownBy(view::structuredValue).isInstanceOf(EvaluationException.class);
        assertThatThrownBy(view::data).isInstanceOf(EvaluationException.class);
        view.reset(TestRecords.withValue("{}"));
        assertThat(view.structuredValue()).isEqualTo(map());
    }

    @Test
    void parsesJsonTextKeys() throws Exception {
        SourceRecord record = TestRecords.withKeyAndValue("{\"id\":\"u-1\"}", map());
        assertThat(resolve("key.id", record, true)).isEqualTo("u-1");
        assertThat(resolve("key", record, true)).isEqualTo("{\"id\":\"u-1\"}");
    }

    @Test
    void unwrapsJsonConverterSchemaEnvelopesInText() throws Exception {
        String json = "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"priority\":0.95}}";
        assertThat(resolve("priority", json)).isEqualTo(0.95);
        assertThat(resolve("payload.priority", TestRecords.withValue(json), false)).isEqualTo(0.95);
    }

    @Test
    void resolvesChangeEventStructsAgainstAfter() throws Exception {
        SourceRecord record = TestRecords.withStruct(TestRecords.debeziumStruct("u",
                TestRecords.paymentRow(7, "pending", 10), TestRecords.paymentRow(7, "paid", 10), "payments"));
        assertThat(resolve("status", record, true)).isEqualTo("paid");
        assertThat(resolve("before.status", record, true)).isEqualTo("pending");
        assertThat(resolve("op", record, true)).isEqualTo("u");
        assertThat(resolve("source.table", record, true)).isEqualTo("payments");
        assertThat(resolve("value.ts_ms", record, true)).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void resolvesDeletesAgainstBefore() throws Exception {
        SourceRecord record = TestRecords.withStruct(TestRecords.debeziumStruct("d",
                TestRecords.paymentRow(7, "paid", 10), null, "payments"));
        assertThat(resolve("status", record, true)).isEqualTo("paid");
        assertThat(resolve("after", record, true)).isNull();
    }

    @Test
    void resolvesChangeEventMaps() throws Exception {
        Map<String, Object> created = TestRecords.debeziumMap("c", null, map("id", 1, "status", "new"), "orders");
        assertThat(resolve("status", created)).isEqualTo("new");
        assertThat(resolve("source.schema", created)).isEqualTo("public");
        Map<String, Object> deleted = TestRecords.debeziumMap("d", map("id", 1, "status", "gone"), null, "orders");
        assertThat(resolve("status", deleted)).isEqualTo("gone");
    }

    @Test
    void treatsEventsWithoutARowAsHavingNoFields() throws Exception {
        Map<String, Object> truncate = map("op", "t", "before", null, "after", null, "source", map("table", "x"));
        assertThat(resolve("status", truncate)).isSameAs(Values.MISSING);
        assertThat(resolve("source.table", truncate)).isEqualTo("x");
    }

    @Test
    void leavesValuesThatAreNotChangeEventsAlone() throws Exception {
        Map<String, Object> value = map("op", "c", "status", "x");
        assertThat(resolve("status", value)).isEqualTo("x");
        assertThat(resolve("op", value)).isEqualTo("c");
    }

    @Test
    void ignoresEnvelopesWhenDetectionIsOff() throws Exception {
        Map<String, Object> created = TestRecords.debeziumMap("c", null, map("status", "new"), "orders");
        assertThat(resolve("status", TestRecords.withValue(created), false)).isSameAs(Values.MISSING);
        assertThat(resolve("after.status", TestRecords.withValue(created), false)).isEqualTo("new");
    }

    @Test
    void detectsEnvelopesOnlyByTheirSchemaName() throws Exception {
        RecordView view = new RecordView(true);
        view.reset(TestRecords.withStruct(TestRecords.paymentRow(1, "x", 1)));
        assertThat(view.isEnvelope()).isFalse();
        view.reset(TestRecords.withStruct(TestRecords.debeziumStruct("c", null, TestRecords.paymentRow(1, "x", 1), "p")));
        assertThat(view.isEnvelope()).isTrue();
    }
}
