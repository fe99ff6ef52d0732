package dev.tiered.connect.transforms.routing;

import java.math.BigDecimal;
import java.util.Objects;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.FieldPath;
import dev.tiered.connect.transforms.record.RecordView;
import dev.tiered.connect.transforms.record.Values;

/**
 * The base score read from a field: any number, or text holding a decimal number (e.g. a header). A missing or
 * null field gives the default; anything else, or a number that is not finite, is an evaluation error.
 */
public final class ScoreField {

    private static final int MAX_NUMERIC_TEXT_LENGTH = 100;

    private final FieldPath path;
    private final double whenMissing;

    public ScoreField(FieldPath path, double whenMissing) {
        this.path = Objects.requireNonNull(path, "path");
        this.whenMissing = whenMissing;
    }

    public double read(RecordView record) throws EvaluationException {
        Object value = path.resolve(record);
        if (Values.isAbsent(value)) {
            return whenMissing;
        }
        double score;
        if (Values.isNumber(value)) {
            score = Values.toDouble(value);
        } else {
            String text = Values.asText(value);
            if (text == null) {
                throw new EvaluationException("expected a number but found a value of type " + Values.typeName(value));
            }
            score = parse(text);
        }
        if (!Double.isFinite(score)) {
            throw new EvaluationException("expected a finite number but found NaN or an infinity");
        }
        return score;
    }

    private static double parse(String text) throws EvaluationException {
        String trimmed = text.trim();
        if (!trimmed.isEmpty() && trimmed.length() <= MAX_NUMERIC_TEXT_LENGTH) {
            try {
                return new BigDecimal(trimmed).doubleValue();
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new EvaluationException("expected a number but found text that is not one");
    }

    public FieldPath path() {
        return path;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
