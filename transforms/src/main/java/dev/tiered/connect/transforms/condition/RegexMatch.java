package dev.tiered.connect.transforms.condition;

import java.util.regex.Pattern;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.FieldPath;
import dev.tiered.connect.transforms.record.RecordView;
import dev.tiered.connect.transforms.record.Values;

/**
 * {@code x matches 're'}: the whole text must match, as with Kafka's own RegexRouter and TopicNameMatches (write
 * {@code '.*bot.*'} to find a substring). A missing or null field matches nothing, and is never {@code not matches}.
 */
final class RegexMatch implements Condition {

    private final FieldPath path;
    private final Pattern pattern;
    private final boolean negated;

    RegexMatch(FieldPath path, Pattern pattern, boolean negated) {
        this.path = path;
        this.pattern = pattern;
        this.negated = negated;
    }

    @Override
    public boolean test(RecordView record) throws EvaluationException {
        Object value = path.resolve(record);
        if (Values.isAbsent(value)) {
            return false;
        }
        String text = value instanceof String s ? s : Operands.asText(path, value);
        return pattern.matcher(text).matches() != negated;
    }

    @Override
    public String toString() {
        return path + (negated ? " not matches '" : " matches '") + pattern.pattern() + "'";
    }
}
