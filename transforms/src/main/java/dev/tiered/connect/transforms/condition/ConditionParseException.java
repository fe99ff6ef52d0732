package dev.tiered.connect.transforms.condition;

/**
 * A condition (or a path) does not follow the language. The message says what was expected and where, as a 1-based
 * character position in the text, e.g. {@code expected ')' at position 17 but found 'and'}.
 */
public final class ConditionParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    public ConditionParseException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** The 1-based character position the problem was found at. */
    public int position() {
        return position;
    }
}
