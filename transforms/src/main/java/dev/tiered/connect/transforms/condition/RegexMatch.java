package dev.tiered.connect.transforms.condition;

import java.util.regex.Pattern;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.FieldPath;

/**
 * {@code x matches 're'}: the whole text must match, as with Kafka's own RegexRouter and TopicNameMatches (write
 * {@code '.*bot.*'} to find a substring). A missing or null field matches nothing, and is never {@code not matches}.
 */
final class RegexMatch extends PresentFieldCondition {

    private final Pattern pattern;
    private final boolean negated;

    RegexMatch(FieldPath path, Pattern pattern, boolean negated) {
        super(path);
        this.pattern = pattern;
        this.negated = negated;
    }

    @Override
    boolean testPresent(Object value) throws EvaluationException {
        String text = value instanceof String s ? s : Operands.asText(path, value);
        return pattern.matcher(text).matches() != negated;
    }

    @Override
    public String toString() {
        return path + (negated ? " not matches '" : " matches '") + pattern.pattern() + "'";
    }
}
