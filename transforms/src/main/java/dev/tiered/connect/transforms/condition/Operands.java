package dev.tiered.connect.transforms.condition;

import java.math.BigDecimal;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.FieldPath;
import dev.tiered.connect.transforms.record.Values;

/**
 * The type rules shared by every comparison.
 *
 * <p>Fields of keys and values are compared strictly: a number only with a number, text only with text, a boolean
 * only with a boolean; anything else is an {@link EvaluationException}. Header values are text by nature (many
 * producers write strings, MirrorMaker copies them as bytes), so a header holding text is converted to the type it
 * is compared with, and is an evaluation error only if it does not convert. byte[] is read as UTF-8 text wherever
 * text is expected.
 */
final class Operands {

    private Operands() {
    }

    /** The value as a Number or Date, for a numeric comparison. */
    static Object asNumber(FieldPath path, Object value) throws EvaluationException {
        if (Values.isNumber(value)) {
            return value;
        }
        if (path.isTextCoercible()) {
            String text = Values.asText(value);
            if (text != null) {
                BigDecimal number = parseDecimal(text);
                if (number != null) {
                    return number;
                }
                throw new EvaluationException(path + ": expected a number but found text that is not one");
            }
        }
        throw mismatch(path, "a number", value);
    }

    static String asText(FieldPath path, Object value) throws EvaluationException {
        String text = Values.asText(value);
        if (text == null) {
            throw mismatch(path, "a string", value);
        }
        return text;
    }

    static boolean asBoolean(FieldPath path, Object value) throws EvaluationException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (path.isTextCoercible()) {
            String text = Values.asText(value);
            if (text != null) {
                String trimmed = text.trim();
                if (trimmed.equalsIgnoreCase("true")) {
                    return true;
                }
                if (trimmed.equalsIgnoreCase("false")) {
                    return false;
                }
                throw new EvaluationException(path + ": expected a boolean but found text that is not true or false");
            }
        }
        throw mismatch(path, "a boolean", value);
    }

    /** A plain decimal number (no hex, NaN or Infinity), or null. */
    static BigDecimal parseDecimal(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            return null;
        }
        try {
            return new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static EvaluationException mismatch(FieldPath path, String expected, Object value) {
        return new EvaluationException(path + ": expected " + expected + " but found a value of type "
                + Values.typeName(value));
    }
}
