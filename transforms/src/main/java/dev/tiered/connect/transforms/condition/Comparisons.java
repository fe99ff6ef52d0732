package dev.tiered.connect.transforms.condition;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.connect.data.Struct;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.FieldPath;
import dev.tiered.connect.transforms.record.RecordView;
import dev.tiered.connect.transforms.record.Values;

/**
 * Comparisons of a field with a literal, or with another field. Each literal type has its own evaluator so nothing
 * is decided per record that could be decided when the condition was compiled.
 *
 * <p>A missing or null operand makes every comparison false ({@code !=} included); only comparisons with the
 * {@code null} literal and {@code exists} look at absence itself.
 */
final class Comparisons {

    private Comparisons() {
    }

    static final class WithNumber extends PresentFieldCondition {
        private final Operator operator;
        private final NumberLiteral literal;

        WithNumber(FieldPath path, Operator operator, NumberLiteral literal) {
            super(path);
            this.operator = operator;
            this.literal = literal;
        }

        @Override
        boolean testPresent(Object value) throws EvaluationException {
            Object number = Values.isNumber(value) ? value : Operands.asNumber(path, value);
            return operator.test(literal.compareValue(number));
        }

        @Override
        public String toString() {
            return path + " " + operator + " " + literal;
        }
    }

    static final class WithString extends PresentFieldCondition {
        private final Operator operator;
        private final String literal;

        WithString(FieldPath path, Operator operator, String literal) {
            super(path);
            this.operator = operator;
            this.literal = literal;
        }

        @Override
        boolean testPresent(Object value) throws EvaluationException {
            String text = value instanceof String s ? s : Operands.asText(path, value);
            switch (operator) {
                case EQ:
                    return text.equals(literal);
                case NE:
                    return !text.equals(literal);
                default:
                    return operator.test(text.compareTo(literal));
            }
        }

        @Override
        public String toString() {
            return path + " " + operator + " '" + literal + "'";
        }
    }

    static final class WithBoolean extends PresentFieldCondition {
        private final boolean wanted;

        /** @param wanted the value the field must have: {@code x == true} and {@code x != false} both want true */
        WithBoolean(FieldPath path, boolean wanted) {
            super(path);
            this.wanted = wanted;
        }

        @Override
        boolean testPresent(Object value) throws EvaluationException {
            return Operands.asBoolean(path, value) == wanted;
        }

        @Override
        public String toString() {
            return path + " == " + wanted;
        }
    }

    /** {@code == null}, {@code != null}, {@code exists} and {@code not exists}. */
    static final class Absence implements Condition {
        private final FieldPath path;
        private final boolean wantAbsent;

        Absence(FieldPath path, boolean wantAbsent) {
            this.path = path;
            this.wantAbsent = wantAbsent;
        }

        @Override
        public boolean test(RecordView record) throws EvaluationException {
            return Values.isAbsent(path.resolve(record)) == wantAbsent;
        }

        @Override
        public String toString() {
            return path + (wantAbsent ? " == null" : " exists");
        }
    }

    /** A field on its own: true when it holds {@code true}. */
    static final class BooleanField extends PresentFieldCondition {

        BooleanField(FieldPath path) {
            super(path);
        }

        @Override
        boolean testPresent(Object value) throws EvaluationException {
            return Operands.asBoolean(path, value);
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * Two fields, e.g. {@code after.status != before.status}: numbers compare numerically, text lexicographically,
     * booleans and structures (Struct, Map, List) only for equality.
     */
    static final class FieldWithField implements Condition {
        private final FieldPath left;
        private final Operator operator;
        private final FieldPath right;

        FieldWithField(FieldPath left, Operator operator, FieldPath right) {
            this.left = left;
            this.operator = operator;
            this.right = right;
        }

        @Override
        public boolean test(RecordView record) throws EvaluationException {
            Object l = left.resolve(record);
            if (Values.isAbsent(l)) {
                return false;
            }
            Object r = right.resolve(record);
            if (Values.isAbsent(r)) {
                return false;
            }
            if (Values.isNumber(l) || Values.isNumber(r)) {
                return operator.test(Values.compareNumbers(Operands.asNumber(left, l), Operands.asNumber(right, r)));
            }
            if (l instanceof Boolean || r instanceof Boolean) {
                boolean lb = Operands.asBoolean(left, l);
                boolean rb = Operands.asBoolean(right, r);
                requireEquality("booleans");
                return operator.test(lb == rb ? 0 : 1);
            }
            String lt = Values.asText(l);
            String rt = Values.asText(r);
            if (lt != null && rt != null) {
                return operator.test(lt.compareTo(rt));
            }
            if (lt != null || rt != null) {
                throw mismatch(l, r);
            }
            if (sameStructure(l, r)) {
                requireEquality("structures");
                return operator.test(Objects.equals(l, r) ? 0 : 1);
            }
            throw mismatch(l, r);
        }

        private void requireEquality(String what) throws EvaluationException {
            if (!operator.isEquality()) {
                throw new EvaluationException(left + " " + operator + " " + right + ": " + what
                        + " can only be compared with == or !=");
            }
        }

        private static boolean sameStructure(Object l, Object r) {
            return (l instanceof Struct && r instanceof Struct)
                    || (l instanceof Map && r instanceof Map)
                    || (l instanceof List && r instanceof List);
        }

        private EvaluationException mismatch(Object l, Object r) {
            return new EvaluationException(left + " " + operator + " " + right + ": cannot compare a value of type "
                    + Values.typeName(l) + " with a value of type " + Values.typeName(r));
        }

        @Override
        public String toString() {
            return left + " " + operator + " " + right;
        }
    }
}
