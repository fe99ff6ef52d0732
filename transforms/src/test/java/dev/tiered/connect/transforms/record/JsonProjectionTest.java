package dev.tiered.connect.transforms.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tiered.connect.transforms.TestRecords;
import dev.tiered.connect.transforms.condition.ConditionCompiler;

/** JSON text parsed only as far as the learned paths reach resolves every path as the whole parse does. */
class JsonProjectionTest {

    private static final List<String> PATHS = List.of("priority", "event_type", "user_id", "payload.geo.country",
            "payload.payment.amount", "payload.login.success", "items[1].price", "items[3]", "tags[0]", "x", "x.y",
            "payload.geo", "value.op", "op", "source.table", "before.id", "after.id", "value.schema.type", "id");

    private static final List<String> DOCUMENTS = List.of(
            "{\"event_type\":\"payment\",\"user_id\":\"u-1234\",\"priority\":0.95,\"payload\":{\"geo\":"
                    + "{\"country\":\"US\",\"lat\":1.5},\"payment\":{\"amount\":310,\"items\":[1,2]},\"metrics\":"
                    + "{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\\n\"}}}",
            "{\"priority\":1,\"payload\":{\"login\":{\"success\":false},\"geo\":\"not an object\"}}",
            "{\"priority\":12345678901234567890,\"payload\":{\"payment\":{\"amount\":1.5e300}}}",
            "{\"x\":null,\"items\":[{\"price\":1},{\"price\":-0.0},{\"price\":3}],\"tags\":\"one\"}",
            "{\"x\":{\"y\":[1,2]},\"items\":[{\"price\":1}],\"tags\":[[\"a\"],\"b\"]}",
            "{\"items\":{\"1\":{\"price\":2}},\"x\":{\"z\":1}}",
            "{\"x\":1,\"x\":{\"y\":\"later wins\"},\"payload\":{\"geo\":{\"country\":\"DE\"},\"geo\":null}}",
            "{\"op\":\"d\",\"before\":{\"id\":7,\"x\":{\"y\":1}},\"after\":null,\"source\":{\"table\":\"t\"}}",
            "{\"op\":\"c\",\"before\":null,\"after\":{\"id\":8,\"priority\":0.5},\"source\":{\"table\":\"t\"}}",
            "{\"schema\":{\"type\":\"struct\",\"fields\":[]},\"payload\":{\"id\":9,\"x\":{\"y\":true}}}",
            "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"op\":\"u\",\"after\":{\"id\":10}},\"extra\":1}",
            "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"id\":11},\"schema\":{\"type\":\"s\"}}",
            "{\"schema\":{\"fields\":[]},\"payload\":{\"id\":12}}",
            "[{\"x\":1},2]",
            "\"just text\"",
            "42",
            "null",
            "{}");

    private static final List<String> MALFORMED = List.of("", "   ", "{\"a\":", "{\"a\":1} x", "{\"a\":1}{}",
            "{\"a\":1,}", "{\"skipped\":\"\\uZZZZ\",\"x\":1}", "{\"skipped\":[1,2},\"x\":1}", "{\"skipped\":tru}",
            "{\"skipped\":01}", "{\"x\":1}]", "{\"skipped\":NaN}", "{x:1}", "{\"x\":1 \"y\":2}", "nul");

    /** A view that has learned {@link #PATHS} on an earlier record, so it projects the next ones. */
    private static RecordView learnedView(boolean detectEnvelopes) throws EvaluationException {
        RecordView view = new RecordView(detectEnvelopes);
        view.reset(TestRecords.withValue("{}"));
        for (String path : PATHS) {
            compiled(path).resolve(view);
        }
        return view;
    }

    private static final Map<String, FieldPath> COMPILED = new java.util.HashMap<>();

    private static FieldPath compiled(String path) {
        return COMPILED.computeIfAbsent(path, ConditionCompiler::compilePath);
    }

    /** Each path on a fresh view, which parses the whole value. */
    private static List<Object> wholeParse(Object value, boolean detectEnvelopes) {
        List<Object> results = new ArrayList<>();
        for (String path : PATHS) {
            RecordView view = new RecordView(detectEnvelopes);
            view.reset(TestRecords.withValue(value));
            results.add(outcome(path, view));
        }
        return results;
    }

    private static List<Object> projected(RecordView view, Object value) {
        List<Object> results = new ArrayList<>();
        view.reset(TestRecords.withValue(value));
        for (String path : PATHS) {
            results.add(outcome(path, view));
        }
        return results;
    }

    private static Object outcome(String path, RecordView view) {
        try {
            return compiled(path).resolve(view);
        } catch (EvaluationException e) {
            return "error: " + e.getMessage();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void resolvesEveryPathAsTheWholeParseDoes(boolean detectEnvelopes) throws Exception {
        RecordView view = learnedView(detectEnvelopes);
        for (String json : DOCUMENTS) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            List<Object> expected = wholeParse(bytes, detectEnvelopes);
            assertThat(projected(view, bytes)).as("byte[] %s", json).isEqualTo(expected);
            assertThat(projected(view, json)).as("String %s", json).isEqualTo(expected);
            assertThat(projected(view, ByteBuffer.wrap(bytes))).as("ByteBuffer %s", json).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void failsOnMalformedJsonWithTheWholeParsesMessage(boolean detectEnvelopes) throws Exception {
        RecordView view = learnedView(detectEnvelopes);
        for (String json : MALFORMED) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            List<Object> expected = wholeParse(bytes, detectEnvelopes);
            assertThat(expected).as(json).allSatisfy(o -> assertThat(o).asString().startsWith("error: "));
            assertThat(projected(view, bytes)).as(json).isEqualTo(expected);
            assertThat(projected(view, json)).as(json).isEqualTo(expected);
        }
    }

    @Test
    void failsOnInvalidUtf8InASkippedStringAsTheWholeParseDoes() throws Exception {
        byte[] bytes = "{\"skipped\":\"ab\u00e9\",\"x\":1}".getBytes(StandardCharsets.UTF_8);
        bytes[14] = (byte) 0xC3; // the é's lead byte stays, its continuation byte becomes an ASCII letter
        bytes[15] = 'z';
        List<Object> expected = wholeParse(bytes, true);
        assertThat(expected.get(0)).asString().startsWith("error: value is not valid JSON (JsonParseException");
        assertThat(projected(learnedView(true), bytes)).isEqualTo(expected);
    }

    @Test
    void keepsOnlyWhatTheLearnedPathsReach() throws Exception {
        RecordView view = learnedView(false);
        view.reset(TestRecords.withValue(DOCUMENTS.get(0)));
        Object document = view.structuredValue(compiled("priority"));
        assertThat(document).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) document;
        assertThat(new ArrayList<Object>(map.keySet())).containsExactlyInAnyOrder("event_type", "user_id", "priority", "payload");
        assertThat(new ArrayList<Object>(((Map<?, ?>) map.get("payload")).keySet())).containsExactlyInAnyOrder("geo", "payment");
        // A path's last field keeps its whole value.
        assertThat(((Map<?, ?>) map.get("payload")).get("geo")).isEqualTo(Map.of("country", "US", "lat", 1.5));
    }

    @Test
    void parsesTheWholeValueForAPathNotLearnedYetAndLearnsIt() throws Exception {
        RecordView view = learnedView(false);
        String json = "{\"priority\":1,\"other\":{\"deep\":\"d\"}}";
        view.reset(TestRecords.withValue(json));
        assertThat(compiled("priority").resolve(view)).isEqualTo(1);
        FieldPath other = ConditionCompiler.compilePath("other.deep");
        assertThat(other.resolve(view)).isEqualTo("d");
        assertThat(compiled("priority").resolve(view)).isEqualTo(1);
        assertThat(view.structuredValue()).isEqualTo(Map.of("priority", 1, "other", Map.of("deep", "d")));

        view.reset(TestRecords.withValue("{\"priority\":2,\"other\":{\"deep\":\"e\",\"more\":1},\"rest\":3}"));
        assertThat(other.resolve(view)).isEqualTo("e");
        Map<?, ?> document = (Map<?, ?>) view.structuredValue(other);
        assertThat(new ArrayList<Object>(document.keySet())).containsExactlyInAnyOrder("priority", "other");
        assertThat(document.get("other")).isEqualTo(Map.of("deep", "e"));
    }

    @Test
    void structuredValueWithoutAPathIsTheWholeDocument() throws Exception {
        RecordView view = learnedView(false);
        view.reset(TestRecords.withValue("{\"priority\":1,\"other\":[1,2]}"));
        assertThat(compiled("priority").resolve(view)).isEqualTo(1);
        assertThat(view.structuredValue()).isEqualTo(Map.of("priority", 1, "other", List.of(1, 2)));
    }

    @Test
    void reportsTheSameErrorOnEveryPathOfAMalformedRecord() throws Exception {
        RecordView view = learnedView(true);
        view.reset(TestRecords.withValue("{\"priority\":1,"));
        Throwable first = catchThrowable(() -> compiled("priority").resolve(view));
        assertThat(first).isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("value is not valid JSON (JsonParseException");
        assertThatThrownBy(() -> ConditionCompiler.compilePath("never.seen").resolve(view))
                .hasMessage(first.getMessage());
    }
}
