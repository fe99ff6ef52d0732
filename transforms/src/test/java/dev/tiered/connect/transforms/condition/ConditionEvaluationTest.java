package dev.tiered.connect.transforms.condition;

import static dev.tiered.connect.transforms.TestRecords.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import dev.tiered.connect.transforms.TestRecords;
import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.RecordView;

class ConditionEvaluationTest {

    private static boolean eval(String condition, SourceRecord record) throws EvaluationException {
        RecordView view = new RecordView(true);
        view.reset(record);
        return ConditionCompiler.compile(condition).test(view);
    }

    private static boolean eval(String condition, Object value) throws EvaluationException {
        return eval(condition, TestRecords.withValue(value));
    }

    private static boolean evalWithHeader(String condition, String name, Object headerValue)
            throws EvaluationException {
        ConnectHeaders headers = new ConnectHeaders();
        headers.add(name, headerValue, null);
        return eval(condition, TestRecords.withHeaders(map("a", 1), headers));
    }

    // Numbers

    @Test
    void comparesIntegersWithEveryOperator() throws Exception {
        Map<String, Object> value = map("n", 5);
        assertThat(eval("n == 5", value)).isTrue();
        assertThat(eval("n != 5", value)).isFalse();
        assertThat(eval("n < 6", value)).isTrue();
        assertThat(eval("n <= 5", value)).isTrue();
        assertThat(eval("n > 5", value)).isFalse();
        assertThat(eval("n >= 5", value)).isTrue();
    }

    @Test
    void comparesDecimalNegativeAndExponentLiterals() throws Exception {
        assertThat(eval("n > -1.5", map("n", -1.25))).isTrue();
        assertThat(eval("n == 2.5e3", map("n", 2500))).isTrue();
        assertThat(eval("n < 1E-3", map("n", 0.0005))).isTrue();
    }

    @Test
    void comparesNumbersAcrossJavaTypes() throws Exception {
        assertThat(eval("n == 5.0", map("n", 5))).isTrue();
        assertThat(eval("n == 5", map("n", 5L))).isTrue();
        assertThat(eval("n == 5", map("n", (short) 5))).isTrue();
        assertThat(eval("n == 5", map("n", (byte) 5))).isTrue();
        assertThat(eval("n == 5", map("n", 5.0d))).isTrue();
        assertThat(eval("n == 12.50", map("n", new BigDecimal("12.5")))).isTrue();
        assertThat(eval("n > 9007199254740992", map("n", new BigInteger("9007199254740993")))).isTrue();
    }

    @Test
    void comparesFloatsByTheirDecimalValue() throws Exception {
        assertThat(eval("p >= 0.9", map("p", 0.9f))).isTrue();
        assertThat(eval("p == 0.1", map("p", 0.1f))).isTrue();
    }

    @Test
    void comparesLongsBeyondDoublePrecisionExactly() throws Exception {
        assertThat(eval("id == 9007199254740993", map("id", 9_007_199_254_740_993L))).isTrue();
        assertThat(eval("id == 9007199254740992", map("id", 9_007_199_254_740_993L))).isFalse();
        assertThat(eval("id > 9007199254740992.5", map("id", 9_007_199_254_740_993L))).isTrue();
    }

    @Test
    void comparesConnectTimestampsAsEpochMillis() throws Exception {
        assertThat(eval("created > 1000", map("created", new Date(2000)))).isTrue();
    }

    @Test
    void treatsNanAsUnordered() throws Exception {
        assertThat(eval("p >= 0", map("p", Double.NaN))).isFalse();
        assertThat(eval("p == 0", map("p", Double.NaN))).isFalse();
        assertThat(eval("p != 0", map("p", Double.NaN))).isTrue();
    }

    @Test
    void putsTheFieldFirstWhenTheLiteralIsOnTheLeft() throws Exception {
        assertThat(eval("5 < n", map("n", 6))).isTrue();
        assertThat(eval("5 >= n", map("n", 6))).isFalse();
        assertThat(eval("'DE' == country", map("country", "DE"))).isTrue();
    }

    // Strings

    @Test
    void comparesStringsForEquality() throws Exception {
        assertThat(eval("event_type == 'payment'", map("event_type", "payment"))).isTrue();
        assertThat(eval("event_type != \"payment\"", map("event_type", "page_view"))).isTrue();
    }

    @Test
    void ordersStringsLexicographically() throws Exception {
        assertThat(eval("event_time >= '2024-05-01T00:00:00Z'", map("event_time", "2024-05-01T12:00:00Z"))).isTrue();
        assertThat(eval("name < 'b'", map("name", "abc"))).isTrue();
        assertThat(eval("name > 'b'", map("name", "abc"))).isFalse();
    }

    @Test
    void readsBytesAsUtf8Text() throws Exception {
        assertThat(eval("code == 'é'", map("code", "é".getBytes(StandardCharsets.UTF_8)))).isTrue();
    }

    @Test
    void resolvesEscapesInStringLiterals() throws Exception {
        assertThat(eval("name == 'it\\'s'", map("name", "it's"))).isTrue();
    }

    // Booleans and null

    @Test
    void comparesBooleans() throws Exception {
        assertThat(eval("vip == true", map("vip", true))).isTrue();
        assertThat(eval("vip != false", map("vip", true))).isTrue();
        assertThat(eval("vip == false", map("vip", true))).isFalse();
    }

    @Test
    void takesABareFieldAsABooleanTest() throws Exception {
        assertThat(eval("vip", map("vip", true))).isTrue();
        assertThat(eval("vip", map("vip", false))).isFalse();
        assertThat(eval("vip", map())).isFalse();
    }

    @Test
    void acceptsTrueAndFalseAsConditions() throws Exception {
        assertThat(eval("true", map())).isTrue();
        assertThat(eval("false", map())).isFalse();
    }

    @Test
    void equalsNullForMissingAndNullFields() throws Exception {
        assertThat(eval("x == null", map())).isTrue();
        assertThat(eval("x == null", map("x", null))).isTrue();
        assertThat(eval("x == null", map("x", 1))).isFalse();
        assertThat(eval("x != null", map("x", 1))).isTrue();
        assertThat(eval("null == x", map())).isTrue();
    }

    @Test
    void existsOnlyForPresentNonNullFields() throws Exception {
        assertThat(eval("payload.country exists", TestRecords.event("payment", 0.1))).isTrue();
        assertThat(eval("payload.missing exists", TestRecords.event("payment", 0.1))).isFalse();
        assertThat(eval("x exists", map("x", null))).isFalse();
        assertThat(eval("x not exists", map("x", null))).isTrue();
        assertThat(eval("x not exists", map("x", 0))).isFalse();
    }

    // Missing fields

    @Test
    void makesEveryComparisonWithAMissingFieldFalse() throws Exception {
        Map<String, Object> value = map("other", 1);
        for (String condition : List.of("x == 1", "x != 1", "x < 1", "x >= 1", "x == 'a'", "x != 'a'",
                "x == true", "x != true", "x in (1, 2)", "x not in (1, 2)", "x matches '.*'", "x not matches 'a'",
                "x == y", "x != y", "other != x")) {
            assertThat(eval(condition, value)).as(condition).isFalse();
        }
    }

    @Test
    void makesEveryComparisonWithANullFieldFalse() throws Exception {
        Map<String, Object> value = map("x", null, "y", 1);
        for (String condition : List.of("x == 1", "x != 1", "x > 1", "x == 'a'", "x in (1)", "x not in (1)",
                "x matches 'a'", "x != y")) {
            assertThat(eval(condition, value)).as(condition).isFalse();
        }
    }

    @Test
    void neverThrowsForAMissingIntermediateNode() throws Exception {
        assertThat(eval("a.b.c == 1", map("a", "not a structure"))).isFalse();
        assertThat(eval("a.b.c == 1", map("a", null))).isFalse();
        assertThat(eval("items[5].sku == 'x'", map("items", List.of()))).isFalse();
    }

    // in, not in, matches

    @Test
    void findsStringsInAList() throws Exception {
        String condition = "event_type in ('payment', 'fraud_signal', 'surge_price')";
        assertThat(eval(condition, map("event_type", "fraud_signal"))).isTrue();
        assertThat(eval(condition, map("event_type", "page_view"))).isFalse();
    }

    @Test
    void findsNumbersInAListAcrossTypes() throws Exception {
        assertThat(eval("code in (200, 201.0, 204)", map("code", 201L))).isTrue();
        assertThat(eval("code in (200, 204)", map("code", 500))).isFalse();
    }

    @Test
    void findsBooleansInAList() throws Exception {
        assertThat(eval("flag in (true)", map("flag", true))).isTrue();
    }

    @Test
    void excludesWithNotIn() throws Exception {
        assertThat(eval("country not in ('DE', 'FR')", map("country", "US"))).isTrue();
        assertThat(eval("country not in ('DE', 'FR')", map("country", "DE"))).isFalse();
    }

    @Test
    void findsAbsentFieldsInAListHoldingNull() throws Exception {
        assertThat(eval("x in ('a', null)", map())).isTrue();
        assertThat(eval("x in (null)", map("x", 1))).isFalse();
        assertThat(eval("x not in ('a', null)", map())).isFalse();
    }

    @Test
    void matchesTheWholeText() throws Exception {
        assertThat(eval("user_id matches 'u-\\d+'", map("user_id", "u-48213"))).isTrue();
        assertThat(eval("user_id matches '\\d+'", map("user_id", "u-48213"))).isFalse();
        assertThat(eval("user_id matches '.*\\d{3}'", map("user_id", "u-48213"))).isTrue();
    }

    @Test
    void negatesMatches() throws Exception {
        assertThat(eval("user_id not matches 'bot-.*'", map("user_id", "u-1"))).isTrue();
        assertThat(eval("user_id not matches 'u-.*'", map("user_id", "u-1"))).isFalse();
    }

    @Test
    void passesRegexBackslashesThroughUnchanged() throws Exception {
        assertThat(eval("word matches '\\bpay\\w*'", map("word", "payment"))).isTrue();
        assertThat(eval("path matches 'a\\\\b'", map("path", "a\\b"))).isTrue();
    }

    // and, or, not, precedence

    @Test
    void bindsAndTighterThanOr() throws Exception {
        // a or (b and c), not (a or b) and c
        assertThat(eval("a or b and c", map("a", true, "b", false, "c", false))).isTrue();
        assertThat(eval("(a or b) and c", map("a", true, "b", false, "c", false))).isFalse();
    }

    @Test
    void appliesNotToTheComparisonAfterIt() throws Exception {
        // (not (a == 1)) and b, not not ((a == 1) and b)
        assertThat(eval("not a == 1 and b", map("a", 2, "b", false))).isFalse();
        assertThat(eval("not a == 1 and b", map("a", 2, "b", true))).isTrue();
        assertThat(eval("not a == 1 and b", map("a", 1, "b", true))).isFalse();
        assertThat(eval("not (a == 1 and b)", map("a", 2, "b", false))).isTrue();
    }

    @Test
    void stacksNot() throws Exception {
        assertThat(eval("not not a", map("a", true))).isTrue();
    }

    @Test
    void shortCircuitsLeftToRight() throws Exception {
        Map<String, Object> value = map("a", 1, "text", "abc");
        assertThat(eval("a == 1 or text > 5", value)).isTrue();
        assertThat(eval("a == 2 and text > 5", value)).isFalse();
    }

    @Test
    void treatsKeywordsCaseInsensitively() throws Exception {
        Map<String, Object> value = map("a", 1, "b", "x", "c", null);
        assertThat(eval("a == 1 AND b IN ('x') Or NOT c Exists", value)).isTrue();
        assertThat(eval("b MATCHES 'x' and c == NULL and TRUE and a NOT IN (2)", value)).isTrue();
    }

    // Operands

    @Test
    void readsTheTopicTimestampAndKey() throws Exception {
        SourceRecord record = TestRecords.withKeyAndValue(map("id", "u-1"), map());
        assertThat(eval("topic == 'events'", record)).isTrue();
        assertThat(eval("timestamp >= 1700000000000", record)).isTrue();
        assertThat(eval("key.id == 'u-1'", record)).isTrue();
    }

    @Test
    void readsAWholePrimitiveKeyOrValue() throws Exception {
        SourceRecord record = TestRecords.withKeyAndValue("u-1", "plain text");
        assertThat(eval("key == 'u-1'", record)).isTrue();
        assertThat(eval("value == 'plain text'", record)).isTrue();
    }

    @Test
    void readsQuotedAndIndexedSegments() throws Exception {
        Map<String, Object> value = map("payload", map("weird.key", 1, "items", List.of(map("sku", "A"))));
        assertThat(eval("payload['weird.key'] == 1", value)).isTrue();
        assertThat(eval("payload.items[0].sku == 'A'", value)).isTrue();
        assertThat(eval("value['payload'][\"weird.key\"] == 1", value)).isTrue();
    }

    @Test
    void reachesValueFieldsNamedLikeRoots() throws Exception {
        assertThat(eval("value.topic == 'x' and value['key'] == 1", map("topic", "x", "key", 1))).isTrue();
    }

    @Test
    void letsKeywordsBeFieldNamesAfterADot() throws Exception {
        assertThat(eval("value.in == 1 and payload.and exists", map("in", 1, "payload", map("and", 2)))).isTrue();
    }

    @Test
    void readsNestedStructFields() throws Exception {
        Schema inner = SchemaBuilder.struct().field("country", Schema.STRING_SCHEMA).build();
        Schema outer = SchemaBuilder.struct().field("payload", inner).build();
        Struct value = new Struct(outer).put("payload", new Struct(inner).put("country", "DE"));
        assertThat(eval("payload.country == 'DE'", TestRecords.withStruct(value))).isTrue();
        assertThat(eval("payload.city == null", TestRecords.withStruct(value))).isTrue();
    }

    // Headers

    @Test
    void readsTheLastHeaderWithAName() throws Exception {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("x-tenant", "basic");
        headers.addString("x-tenant", "vip");
        assertThat(eval("header.x-tenant == 'vip'", TestRecords.withHeaders(map(), headers))).isTrue();
    }

    @Test
    void readsHeadersWithAnyNameInQuotes() throws Exception {
        assertThat(evalWithHeader("header['trace.id'] == 'abc'", "trace.id", "abc")).isTrue();
    }

    @Test
    void convertsHeaderTextToNumbers() throws Exception {
        assertThat(evalWithHeader("header.x-priority > 5", "x-priority", "7")).isTrue();
        assertThat(evalWithHeader("header.x-priority >= 0.9", "x-priority", "0.95".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(evalWithHeader("header.x-priority in (1, 7)", "x-priority", " 7 ")).isTrue();
    }

    @Test
    void convertsHeaderTextToBooleans() throws Exception {
        assertThat(evalWithHeader("header.x-vip == true", "x-vip", "TRUE")).isTrue();
        assertThat(evalWithHeader("header.x-vip", "x-vip", "false")).isFalse();
    }

    @Test
    void rejectsHeaderTextThatIsNotANumber() {
        assertThatThrownBy(() -> evalWithHeader("header.x-priority > 5", "x-priority", "high"))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("header.x-priority: expected a number but found text that is not one");
    }

    @Test
    void takesAMissingHeaderAsMissing() throws Exception {
        assertThat(evalWithHeader("header.other == 1 or header.other == null", "x", "y")).isTrue();
    }

    // Two fields

    @Test
    void comparesTwoFields() throws Exception {
        Map<String, Object> value = map("a", 5, "b", 5.0, "s", "x", "t", "y");
        assertThat(eval("a == b", value)).isTrue();
        assertThat(eval("s < t", value)).isTrue();
        assertThat(eval("s != t", value)).isTrue();
    }

    @Test
    void comparesStructuresOfTwoFieldsForEquality() throws Exception {
        Map<String, Object> value = map("a", map("x", 1), "b", map("x", 1), "c", map("x", 2));
        assertThat(eval("a == b", value)).isTrue();
        assertThat(eval("a != c", value)).isTrue();
    }

    @Test
    void rejectsOrderingStructuresOrBooleans() {
        assertThatThrownBy(() -> eval("a < b", map("a", map(), "b", map())))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("a < b: structures can only be compared with == or !=");
        assertThatThrownBy(() -> eval("a < b", map("a", true, "b", false)))
                .hasMessage("a < b: booleans can only be compared with == or !=");
    }

    @Test
    void rejectsTwoFieldsOfDifferentTypes() {
        assertThatThrownBy(() -> eval("a == b", map("a", "x", "b", map())))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("a == b: cannot compare a value of type String with a value of type Map");
        assertThatThrownBy(() -> eval("a == b", map("a", 1, "b", "1")))
                .hasMessage("b: expected a number but found a value of type String");
    }

    // Type errors

    @Test
    void rejectsComparingTextWithANumber() {
        assertThatThrownBy(() -> eval("amount > 5", map("amount", "12")))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("amount: expected a number but found a value of type String");
    }

    @Test
    void rejectsComparingANumberWithText() {
        assertThatThrownBy(() -> eval("user_id == 'u-1'", map("user_id", 1)))
                .hasMessage("user_id: expected a string but found a value of type Integer");
    }

    @Test
    void rejectsComparingAStructureWithALiteral() {
        assertThatThrownBy(() -> eval("payload > 5", TestRecords.event("payment", 0.1)))
                .hasMessage("payload: expected a number but found a value of type Map");
        assertThatThrownBy(() -> eval("payload == 'x'", map("payload", List.of())))
                .hasMessage("payload: expected a string but found a value of type List");
    }

    @Test
    void rejectsNonBooleansWhereABooleanIsExpected() {
        assertThatThrownBy(() -> eval("vip", map("vip", "yes")))
                .hasMessage("vip: expected a boolean but found a value of type String");
        assertThatThrownBy(() -> eval("vip == true", map("vip", 1)))
                .hasMessage("vip: expected a boolean but found a value of type Integer");
    }

    @Test
    void rejectsMatchingANumber() {
        assertThatThrownBy(() -> eval("code matches '\\d+'", map("code", 42)))
                .hasMessage("code: expected a string but found a value of type Integer");
    }

    @Test
    void rejectsListItemsOfAnotherType() {
        assertThatThrownBy(() -> eval("code in ('a', 'b')", map("code", 1)))
                .hasMessage("code: expected a string but found a value of type Integer");
        assertThatThrownBy(() -> eval("code in (1, 2)", map("code", "1")))
                .hasMessage("code: expected a number but found a value of type String");
    }

    @Test
    void keepsRecordContentsOutOfErrorMessages() {
        assertThatThrownBy(() -> eval("secret > 5", map("secret", "hunter2")))
                .message().doesNotContain("hunter2");
    }

    @Test
    void describesTheCompiledTree() {
        assertThat(ConditionCompiler.compile("a == 1 and (b or not c in ('x'))").toString())
                .isEqualTo("(a == 1 and (b or not c in ('x')))");
    }

    @Test
    void compilesStandalonePaths() {
        assertThat(ConditionCompiler.compilePath("header.x-priority").toString()).isEqualTo("header.x-priority");
        assertThat(ConditionCompiler.compilePath("payload['p'].q").toString()).isEqualTo("payload['p'].q");
        assertThat(Arrays.asList(ConditionCompiler.compilePath("a.b"), ConditionCompiler.compilePath("a.b")))
                .containsOnly(ConditionCompiler.compilePath("a.b"));
    }
}
