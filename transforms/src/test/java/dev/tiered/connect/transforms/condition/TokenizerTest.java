package dev.tiered.connect.transforms.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.tiered.connect.transforms.condition.Token.Type;

class TokenizerTest {

    private static List<Type> types(String text) {
        return Tokenizer.tokenize(text).stream().map(token -> token.type).collect(Collectors.toList());
    }

    private static Token only(String text) {
        List<Token> tokens = Tokenizer.tokenize(text);
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(1).type).isEqualTo(Type.END);
        return tokens.get(0);
    }

    @Test
    void splitsAComparisonIntoWordsOperatorsAndLiterals() {
        assertThat(types("payload.country == 'DE'"))
                .containsExactly(Type.WORD, Type.DOT, Type.WORD, Type.EQ, Type.STRING, Type.END);
    }

    @Test
    void recognisesEveryOperatorAndPunctuation() {
        assertThat(types("== != < <= > >= ( ) [ ] , ."))
                .containsExactly(Type.EQ, Type.NE, Type.LT, Type.LE, Type.GT, Type.GE, Type.LEFT_PAREN,
                        Type.RIGHT_PAREN, Type.LEFT_BRACKET, Type.RIGHT_BRACKET, Type.COMMA, Type.DOT, Type.END);
    }

    @Test
    void operatorsNeedNoSurroundingSpaces() {
        assertThat(types("a>=-5")).containsExactly(Type.WORD, Type.GE, Type.NUMBER, Type.END);
    }

    @Test
    void positionsAreOneBasedCharacterIndexes() {
        List<Token> tokens = Tokenizer.tokenize("  amount > 5");
        assertThat(tokens).extracting(token -> token.position).containsExactly(3, 10, 12, 13);
    }

    @Test
    void wordsMayHoldDashesUnderscoresAndDigits() {
        assertThat(only("x-priority_2").text).isEqualTo("x-priority_2");
    }

    @Test
    void readsIntegers() {
        assertThat(only("42").value).isEqualTo(new BigDecimal("42"));
    }

    @Test
    void readsNegativeDecimals() {
        assertThat(only("-1.25").value).isEqualTo(new BigDecimal("-1.25"));
    }

    @Test
    void readsExponents() {
        assertThat(((BigDecimal) only("2.5e-3").value).compareTo(new BigDecimal("0.0025"))).isZero();
        assertThat(((BigDecimal) only("1E+2").value).compareTo(new BigDecimal("100"))).isZero();
    }

    @Test
    void readsSingleAndDoubleQuotedStrings() {
        assertThat(only("'it\"s'").value).isEqualTo("it\"s");
        assertThat(only("\"it's\"").value).isEqualTo("it's");
    }

    @Test
    void resolvesBackslashEscapes() {
        assertThat(only("'a\\'b\\\\c\\nd\\te\\u00e9'").value).isEqualTo("a'b\\c\nd\teé");
    }

    @Test
    void keepsBackslashesForRegularExpressionsExceptBeforeTheQuote() {
        Token token = only("'\\d+\\.\\'x'");
        assertThat(token.rawContent).isEqualTo("\\d+\\.'x");
        assertThat(token.escapeError).isNotNull();
    }

    @Test
    void describesTokensAsWritten() {
        assertThat(only("and").describe()).isEqualTo("'and'");
        assertThat(only("'abc'").describe()).isEqualTo("'abc'");
        assertThat(Tokenizer.tokenize("").get(0).describe()).isEqualTo("end of input");
    }

    @Test
    void rejectsAnUnterminatedString() {
        assertThatThrownBy(() -> Tokenizer.tokenize("name == 'abc"))
                .isInstanceOf(ConditionParseException.class)
                .hasMessage("expected a closing ' for the string at position 9 but found end of input")
                .extracting(e -> ((ConditionParseException) e).position()).isEqualTo(9);
    }

    @Test
    void rejectsAStringEndingInABackslash() {
        assertThatThrownBy(() -> Tokenizer.tokenize("'abc\\"))
                .hasMessage("expected a closing ' for the string at position 1 but found end of input");
    }

    @Test
    void rejectsASingleEqualsSign() {
        assertThatThrownBy(() -> Tokenizer.tokenize("a = 1"))
                .hasMessage("unknown operator '=' at position 3 (use ==)");
    }

    @Test
    void rejectsOperatorsFromOtherLanguages() {
        assertThatThrownBy(() -> Tokenizer.tokenize("a <> 1")).hasMessage("unknown operator '<>' at position 3 (use !=)");
        assertThatThrownBy(() -> Tokenizer.tokenize("a && b")).hasMessage("unknown operator '&&' at position 3 (use and)");
        assertThatThrownBy(() -> Tokenizer.tokenize("a || b")).hasMessage("unknown operator '||' at position 3 (use or)");
        assertThatThrownBy(() -> Tokenizer.tokenize("!a")).hasMessage("unknown operator '!' at position 1 (use != or not)");
    }

    @Test
    void rejectsUnexpectedCharacters() {
        assertThatThrownBy(() -> Tokenizer.tokenize("a == #1")).hasMessage("unexpected character '#' at position 6");
    }

    @Test
    void rejectsMalformedNumbers() {
        assertThatThrownBy(() -> Tokenizer.tokenize("a == 1.2.3")).hasMessage("malformed number '1.2.3' at position 6");
        assertThatThrownBy(() -> Tokenizer.tokenize("a == 12abc")).hasMessage("malformed number '12abc' at position 6");
        assertThatThrownBy(() -> Tokenizer.tokenize("a == 1e")).hasMessage("malformed number '1e' at position 6");
    }
}
