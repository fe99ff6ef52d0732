package dev.tiered.connect.transforms.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class ConditionParseErrorTest {

    private static final String VALUE = "a value (a field, a string, a number, true, false or null)";
    private static final String OPERATOR = "an operator (==, !=, <, <=, >, >=, in, not in, matches, exists)";
    private static final String LITERAL = "a literal (a string, a number, true, false or null)";

    private static ConditionParseException error(String condition) {
        return catchThrowableOfType(ConditionParseException.class, () -> ConditionCompiler.compile(condition));
    }

    @Test
    void rejectsAnEmptyCondition() {
        assertThat(error("")).hasMessage("expected a condition at position 1 but found end of input");
        assertThat(error("   ").position()).isEqualTo(4);
    }

    @Test
    void rejectsAMissingRightOperand() {
        ConditionParseException error = error("amount >");
        assertThat(error).hasMessage("expected " + VALUE + " at position 9 but found end of input");
        assertThat(error.position()).isEqualTo(9);
    }

    @Test
    void rejectsAMissingLeftOperand() {
        assertThat(error("== 1")).hasMessage("expected a condition at position 1 but found '=='");
        assertThat(error("a == 1 and")).hasMessage("expected a condition at position 11 but found end of input");
    }

    @Test
    void rejectsAnOperandAfterAnOperatorThatIsNotAValue() {
        assertThat(error("a == )")).hasMessage("expected " + VALUE + " at position 6 but found ')'");
        assertThat(error("a == and")).hasMessage("expected " + VALUE + " at position 6 but found 'and'");
    }

    @Test
    void rejectsTrailingTokens() {
        assertThat(error("a == 1 b == 2"))
                .hasMessage("expected 'and', 'or' or end of condition at position 8 but found 'b'");
        assertThat(error("a == 1 'x'"))
                .hasMessage("expected 'and', 'or' or end of condition at position 8 but found 'x'");
    }

    @Test
    void rejectsAnUnclosedParenthesis() {
        assertThat(error("(a == 1")).hasMessage("expected ')' at position 8 but found end of input");
        assertThat(error("(a == 1 and (b == 2)"))
                .hasMessage("expected ')' at position 21 but found end of input");
    }

    @Test
    void rejectsAParenthesisClosingWhatWasNeverOpened() {
        assertThat(error("a == 1)")).hasMessage("expected 'and', 'or' or end of condition at position 7 but found ')'");
    }

    @Test
    void rejectsAnOperatorWhereAConnectiveIsExpected() {
        assertThat(error("(a == 1 b)")).hasMessage("expected ')' at position 9 but found 'b'");
    }

    @Test
    void rejectsAnUnknownOperatorWord() {
        assertThat(error("name like 'a%'"))
                .hasMessage("expected " + OPERATOR + ", 'and', 'or' or end of condition at position 6 but found 'like'");
    }

    @Test
    void rejectsAnUnknownOperatorSymbol() {
        assertThat(error("a = 1")).hasMessage("unknown operator '=' at position 3 (use ==)");
    }

    @Test
    void rejectsAnUnterminatedString() {
        assertThat(error("event_type == \"payment"))
                .hasMessage("expected a closing \" for the string at position 15 but found end of input");
    }

    @Test
    void rejectsAnInvalidEscapeInAPlainString() {
        ConditionParseException error = error("path == 'c:\\temp\\q'");
        assertThat(error).hasMessage("invalid escape sequence '\\q' at position 17 (write \\\\ for a backslash)");
        assertThat(error("a == '\\u12'")).hasMessageStartingWith("invalid escape sequence '\\u' at position 7");
    }

    @Test
    void rejectsABareLiteral() {
        assertThat(error("5")).hasMessage("expected " + OPERATOR + " at position 2 but found end of input");
        assertThat(error("'payment'")).hasMessage("expected " + OPERATOR + " at position 10 but found end of input");
    }

    @Test
    void rejectsComparingTwoLiterals() {
        assertThat(error("1 == 1")).hasMessage("expected a field on at least one side of '==' at position 3");
    }

    @Test
    void rejectsNotWithoutACondition() {
        assertThat(error("not")).hasMessage("expected a condition at position 4 but found end of input");
    }

    @Test
    void rejectsNotBetweenAFieldAndSomethingElse() {
        assertThat(error("a not b"))
                .hasMessage("expected 'in', 'matches' or 'exists' after 'not' at position 7 but found 'b'");
    }

    @Test
    void rejectsInWithoutAList() {
        assertThat(error("a in 1")).hasMessage("expected '(' after 'in' at position 6 but found '1'");
        assertThat(error("a in")).hasMessage("expected '(' after 'in' at position 5 but found end of input");
    }

    @Test
    void rejectsAnEmptyList() {
        assertThat(error("a in ()")).hasMessage("expected " + LITERAL + " at position 7 but found ')'");
    }

    @Test
    void rejectsFieldsInAList() {
        assertThat(error("a in (b)")).hasMessage("expected " + LITERAL + " at position 7 but found 'b'");
    }

    @Test
    void rejectsAListWithoutSeparators() {
        assertThat(error("a in (1 2)")).hasMessage("expected ',' or ')' at position 9 but found '2'");
        assertThat(error("a in (1, 2")).hasMessage("expected ',' or ')' at position 11 but found end of input");
    }

    @Test
    void rejectsAListMixingTypes() {
        assertThat(error("a in (1, 'x')"))
                .hasMessage("expected a number like the other list items at position 10 but found 'x'");
    }

    @Test
    void rejectsMatchesWithoutAPattern() {
        assertThat(error("name matches abc"))
                .hasMessage("expected a regular expression in quotes after 'matches' at position 14 but found 'abc'");
    }

    @Test
    void rejectsAnInvalidRegularExpression() {
        ConditionParseException error = error("name matches '(abc'");
        assertThat(error).hasMessage("invalid regular expression at position 14: Unclosed group near index 4 of the pattern");
        assertThat(error.position()).isEqualTo(14);
    }

    @Test
    void rejectsOrderingNull() {
        assertThat(error("a < null"))
                .hasMessage("'<' cannot be used with null (use == null or != null) at position 3");
    }

    @Test
    void rejectsOrderingBooleans() {
        assertThat(error("a >= true")).hasMessage("'>=' cannot be used with a boolean (use == or !=) at position 3");
    }

    @Test
    void rejectsComparingTheTopicWithANumber() {
        assertThat(error("topic == 5")).hasMessage("topic is text and cannot be compared with a number at position 10");
        assertThat(error("topic in ('a', 1)"))
                .hasMessage("expected a string like the other list items at position 16 but found '1'");
    }

    @Test
    void rejectsComparingTheTimestampWithText() {
        assertThat(error("timestamp > '2024'"))
                .hasMessage("timestamp is a number and cannot be compared with a string at position 13");
        assertThat(error("timestamp matches '1.*'"))
                .hasMessage("timestamp is a number and cannot be matched against a regular expression at position 19");
    }

    @Test
    void rejectsFieldsOfTheTopicAndTimestamp() {
        assertThat(error("topic.name == 'x'"))
                .hasMessage("topic has no fields: expected an operator at position 6 but found '.'");
    }

    @Test
    void rejectsAHeaderWithoutAName() {
        assertThat(error("header == 'x'"))
                .hasMessage("expected '.' or '[' and a header name after 'header' at position 8 but found '=='");
        assertThat(error("header. == 'x'")).hasMessage("expected a header name after 'header.' at position 9 but found '=='");
        assertThat(error("header[1] == 'x'")).hasMessage("expected a header name in quotes at position 8 but found '1'");
    }

    @Test
    void rejectsBrokenPaths() {
        assertThat(error("a. == 1")).hasMessage("expected a field name after '.' at position 4 but found '=='");
        assertThat(error("a[ == 1")).hasMessage("expected a field name in quotes or a list index at position 4 but found '=='");
        assertThat(error("a['x' == 1")).hasMessage("expected ']' at position 7 but found '=='");
        assertThat(error("a[-1] == 1")).hasMessage("expected a field name in quotes or a list index at position 3 but found '-1'");
    }

    @Test
    void rejectsKeywordsAsOperands() {
        assertThat(error("and == 1")).hasMessage("expected a condition at position 1 but found 'and'");
    }

    @Test
    void rejectsOperatorsAfterLiterals() {
        assertThat(error("5 exists")).hasMessage("expected a field before 'exists' at position 1 but found '5'");
        assertThat(error("'a' in ('a')")).hasMessage("expected a field before 'in' at position 1 but found 'a'");
    }

    @Test
    void rejectsBrokenStandalonePaths() {
        assertThatThrownBy(() -> ConditionCompiler.compilePath("a b"))
                .hasMessage("expected end of path at position 3 but found 'b'");
        assertThatThrownBy(() -> ConditionCompiler.compilePath("1"))
                .hasMessage("expected a field path at position 1 but found '1'");
        assertThatThrownBy(() -> ConditionCompiler.compilePath(""))
                .hasMessage("expected a field path at position 1 but found end of input");
    }
}
