package dev.tiered.connect.transforms.condition;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.FieldPath;
import dev.tiered.connect.transforms.record.RecordView;
import dev.tiered.connect.transforms.record.Values;

/**
 * {@code x in (a, b, ...)} and {@code x not in (...)}. The list holds literals of one type, plus optionally
 * {@code null}; {@code in} is true when {@code x == item} holds for some item, {@code not in} when {@code x != item}
 * holds for all, so a missing field is in a list that holds null and is never {@code not in} one.
 */
abstract class InList implements Condition {

    private final FieldPath path;
    private final boolean negated;
    private final boolean holdsNull;
    private final String text;

    private InList(FieldPath path, boolean negated, boolean holdsNull, String text) {
        this.path = path;
        this.negated = negated;
        this.holdsNull = holdsNull;
        this.text = text;
    }

    static InList ofStrings(FieldPath path, boolean negated, boolean holdsNull, Set<String> items, String text) {
        return new Strings(path, negated, holdsNull, items, text);
    }

    static InList ofNumbers(FieldPath path, boolean negated, boolean holdsNull, NumberLiteral[] items, String text) {
        return new Numbers(path, negated, holdsNull, items, text);
    }

    static InList ofBooleans(FieldPath path, boolean negated, boolean holdsNull, Set<Boolean> items, String text) {
        return new Booleans(path, negated, holdsNull, items, text);
    }

    static InList ofNullOnly(FieldPath path, boolean negated, String text) {
        return new InList(path, negated, true, text) {
            @Override
            boolean contains(FieldPath p, Object value) {
                return false;
            }
        };
    }

    @Override
    public final boolean test(RecordView record) throws EvaluationException {
        Object value = path.resolve(record);
        if (Values.isAbsent(value)) {
            return !negated && holdsNull;
        }
        return contains(path, value) != negated;
    }

    /** Whether a present, non-null value equals an item; throws if its type cannot be compared with the items. */
    abstract boolean contains(FieldPath path, Object value) throws EvaluationException;

    @Override
    public String toString() {
        return path + (negated ? " not in " : " in ") + text;
    }

    private static final class Strings extends InList {
        private final Set<String> items;

        Strings(FieldPath path, boolean negated, boolean holdsNull, Set<String> items, String text) {
            super(path, negated, holdsNull, text);
            this.items = new HashSet<>(items);
        }

        @Override
        boolean contains(FieldPath path, Object value) throws EvaluationException {
            return items.contains(value instanceof String s ? s : Operands.asText(path, value));
        }
    }

    private static final class Numbers extends InList {
        private final NumberLiteral[] items;

        Numbers(FieldPath path, boolean negated, boolean holdsNull, NumberLiteral[] items, String text) {
            super(path, negated, holdsNull, text);
            this.items = Arrays.copyOf(items, items.length);
        }

        @Override
        boolean contains(FieldPath path, Object value) throws EvaluationException {
            Object number = Values.isNumber(value) ? value : Operands.asNumber(path, value);
            for (NumberLiteral item : items) {
                if (item.compareValue(number) == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Booleans extends InList {
        private final Set<Boolean> items;

        Booleans(FieldPath path, boolean negated, boolean holdsNull, Set<Boolean> items, String text) {
            super(path, negated, holdsNull, text);
            this.items = new HashSet<>(items);
        }

        @Override
        boolean contains(FieldPath path, Object value) throws EvaluationException {
            return items.contains(Operands.asBoolean(path, value));
        }
    }
}
