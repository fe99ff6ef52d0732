package dev.tiered.connect.transforms.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.tiered.connect.transforms.condition.Token.Type;

/**
 * Splits a condition into tokens. Words are identifiers and keywords alike (letters, digits, {@code _} and
 * {@code -}, not starting with a digit or {@code -}); the parser decides which is which by position.
 */
final class Tokenizer {

    private final String text;
    private int index;

    private Tokenizer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        return new Tokenizer(text).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (index >= text.length()) {
                tokens.add(Token.of(Type.END, "", index + 1));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipWhitespace() {
        while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
            index++;
        }
    }

    private Token next() {
        int start = index;
        char c = text.charAt(index);
        if (isWordStart(c)) {
            return word(start);
        }
        if (isDigit(c) || (c == '-' && index + 1 < text.length() && isDigit(text.charAt(index + 1)))) {
            return number(start);
        }
        switch (c) {
            case '\'':
            case '"':
                return string(start, c);
            case '(':
                return single(Type.LEFT_PAREN, start);
            case ')':
                return single(Type.RIGHT_PAREN, start);
            case '[':
                return single(Type.LEFT_BRACKET, start);
            case ']':
                return single(Type.RIGHT_BRACKET, start);
            case ',':
                return single(Type.COMMA, start);
            case '.':
                return single(Type.DOT, start);
            case '=':
                if (peek(1) == '=') {
                    return pair(Type.EQ, start);
                }
                throw unknownOperator("=", start, "==");
            case '!':
                if (peek(1) == '=') {
                    return pair(Type.NE, start);
                }
                throw unknownOperator("!", start, "!= or not");
            case '<':
                if (peek(1) == '=') {
                    return pair(Type.LE, start);
                }
                if (peek(1) == '>') {
                    throw unknownOperator("<>", start, "!=");
                }
                return single(Type.LT, start);
            case '>':
                if (peek(1) == '=') {
                    return pair(Type.GE, start);
                }
                return single(Type.GT, start);
            case '&':
                throw unknownOperator(peek(1) == '&' ? "&&" : "&", start, "and");
            case '|':
                throw unknownOperator(peek(1) == '|' ? "||" : "|", start, "or");
            default:
                throw new ConditionParseException(
                        "unexpected character '" + c + "' at position " + (start + 1), start + 1);
        }
    }

    private char peek(int ahead) {
        int at = index + ahead;
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private Token single(Type type, int start) {
        index++;
        return Token.of(type, text.substring(start, index), start + 1);
    }

    private Token pair(Type type, int start) {
        index += 2;
        return Token.of(type, text.substring(start, index), start + 1);
    }

    private static ConditionParseException unknownOperator(String operator, int start, String suggestion) {
        return new ConditionParseException("unknown operator '" + operator + "' at position " + (start + 1)
                + " (use " + suggestion + ")", start + 1);
    }

    private Token word(int start) {
        while (index < text.length() && isWordPart(text.charAt(index))) {
            index++;
        }
        return Token.of(Type.WORD, text.substring(start, index), start + 1);
    }

    private Token number(int start) {
        if (text.charAt(index) == '-') {
            index++;
        }
        digits();
        if (index < text.length() && text.charAt(index) == '.' && isDigit(peek(1))) {
            index++;
            digits();
        }
        if (index < text.length() && (text.charAt(index) == 'e' || text.charAt(index) == 'E')) {
            int exponent = index;
            index++;
            if (index < text.length() && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
                index++;
            }
            if (!isDigit(peek(0))) {
                index = exponent + 1;
                throw malformedNumber(start);
            }
            digits();
        }
        if (index < text.length() && (isWordPart(text.charAt(index)) || text.charAt(index) == '.')) {
            throw malformedNumber(start);
        }
        String literal = text.substring(start, index);
        return new Token(Type.NUMBER, literal, start + 1, new BigDecimal(literal), null, null);
    }

    private ConditionParseException malformedNumber(int start) {
        while (index < text.length() && (isWordPart(text.charAt(index)) || text.charAt(index) == '.')) {
            index++;
        }
        return new ConditionParseException(
                "malformed number '" + text.substring(start, index) + "' at position " + (start + 1), start + 1);
    }

    private void digits() {
        while (index < text.length() && isDigit(text.charAt(index))) {
            index++;
        }
    }

    private Token string(int start, char quote) {
        StringBuilder value = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        ConditionParseException escapeError = null;
        index++;
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c == quote) {
                index++;
                return new Token(Type.STRING, text.substring(start, index), start + 1, value.toString(),
                        raw.toString(), escapeError);
            }
            if (c != '\\') {
                value.append(c);
                raw.append(c);
                index++;
                continue;
            }
            if (index + 1 >= text.length()) {
                break;
            }
            char escaped = text.charAt(index + 1);
            // Regular expressions get backslashes unchanged, except before the quote character.
            if (escaped != quote) {
                raw.append('\\');
            }
            raw.append(escaped);
            int escapeStart = index;
            index += 2;
            switch (escaped) {
                case '\\', '\'', '"', '/' -> value.append(escaped);
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'u' -> {
                    String hex = index + 4 <= text.length() ? text.substring(index, index + 4) : "";
                    if (hex.length() == 4 && hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        value.append((char) Integer.parseInt(hex, 16));
                        raw.append(hex);
                        index += 4;
                    } else if (escapeError == null) {
                        escapeError = new ConditionParseException("invalid escape sequence '\\u' at position "
                                + (escapeStart + 1) + ": expected four hexadecimal digits", escapeStart + 1);
                    }
                }
                default -> {
                    if (escapeError == null) {
                        escapeError = new ConditionParseException("invalid escape sequence '\\" + escaped
                                + "' at position " + (escapeStart + 1) + " (write \\\\ for a backslash)",
                                escapeStart + 1);
                    }
                }
            }
        }
        throw new ConditionParseException("expected a closing " + quote + " for the string at position " + (start + 1)
                + " but found end of input", start + 1);
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
