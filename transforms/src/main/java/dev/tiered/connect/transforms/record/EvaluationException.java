package dev.tiered.connect.transforms.record;

/**
 * A record could not be evaluated: a field has a type the condition cannot compare, a score field is not a number,
 * or a JSON value does not parse.
 *
 * <p>This is an expected, per-record outcome that callers turn into their error policy, so it is checked and carries
 * no stack trace (it is cheap to throw on a hot path). Messages name paths and types, never record contents: values
 * may hold secrets.
 */
public final class EvaluationException extends Exception {

    private static final long serialVersionUID = 1L;

    public EvaluationException(String message) {
        super(message, null, false, false);
    }

    /** The same failure with where it happened (e.g. {@code rule 'fraud'}) in front of the message. */
    public EvaluationException withContext(String context) {
        return new EvaluationException(context + ": " + getMessage());
    }
}
