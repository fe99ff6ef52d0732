package dev.tiered.connect.transforms.condition;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.RecordView;

/** {@code and}, {@code or}, {@code not} and constants. Both connectives short-circuit, left to right. */
final class Logical {

    private Logical() {
    }

    static final class And implements Condition {
        private final Condition[] operands;

        And(Condition[] operands) {
            this.operands = operands;
        }

        @Override
        public boolean test(RecordView record) throws EvaluationException {
            for (Condition operand : operands) {
                if (!operand.test(record)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return Arrays.stream(operands).map(Object::toString).collect(Collectors.joining(" and ", "(", ")"));
        }
    }

    static final class Or implements Condition {
        private final Condition[] operands;

        Or(Condition[] operands) {
            this.operands = operands;
        }

        @Override
        public boolean test(RecordView record) throws EvaluationException {
            for (Condition operand : operands) {
                if (operand.test(record)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return Arrays.stream(operands).map(Object::toString).collect(Collectors.joining(" or ", "(", ")"));
        }
    }

    static final class Not implements Condition {
        private final Condition operand;

        Not(Condition operand) {
            this.operand = operand;
        }

        @Override
        public boolean test(RecordView record) throws EvaluationException {
            return !operand.test(record);
        }

        @Override
        public String toString() {
            return "not " + operand;
        }
    }

    static final class Constant implements Condition {
        static final Constant TRUE = new Constant(true);
        static final Constant FALSE = new Constant(false);

        private final boolean value;

        private Constant(boolean value) {
            this.value = value;
        }

        @Override
        public boolean test(RecordView record) {
            return value;
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }
}
