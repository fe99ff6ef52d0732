package dev.tiered.connect.transforms.condition;

/** One lexical unit of a condition. */
final class Token {

    enum Type {
        WORD, STRING, NUMBER,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, DOT,
        EQ, NE, LT, LE, GT, GE,
        END
    }

    private static final int MAX_SHOWN_LENGTH = 40;

    final Type type;
    /** The token as written, quotes included for strings. */
    final String text;
    /** 1-based position of the first character. */
    final int position;
    /** A string literal's value with escapes resolved, or a number's value. */
    final Object value;
    /** For strings: the content with only escaped quotes resolved, as regular expressions want it. */
    final String rawContent;
    /** For strings with an invalid escape: what is wrong, reported only if the string is used as a plain literal. */
    final ConditionParseException escapeError;

    Token(Type type, String text, int position, Object value, String rawContent, ConditionParseException escapeError) {
        this.type = type;
        this.text = text;
        this.position = position;
        this.value = value;
        this.rawContent = rawContent;
        this.escapeError = escapeError;
    }

    static Token of(Type type, String text, int position) {
        return new Token(type, text, position, null, null, null);
    }

    /** Whether this is the keyword, which is case-insensitive. */
    boolean is(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isComparison() {
        return type == Type.EQ || type == Type.NE || type == Type.LT || type == Type.LE || type == Type.GT
                || type == Type.GE;
    }

    /** How the token reads in a message: quoted as written, or "end of input". */
    String describe() {
        if (type == Type.END) {
            return "end of input";
        }
        String shown = text.length() > MAX_SHOWN_LENGTH ? text.substring(0, MAX_SHOWN_LENGTH) + "..." : text;
        return type == Type.STRING ? shown : "'" + shown + "'";
    }

    @Override
    public String toString() {
        return type + "(" + text + ")@" + position;
    }
}
