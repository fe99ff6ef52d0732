package dev.tiered.connect.transforms.condition;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.FieldPath;
import dev.tiered.connect.transforms.record.RecordView;
import dev.tiered.connect.transforms.record.Values;

/**
 * A condition on one field that is false whenever the field is missing or null, the language's rule for every
 * comparison; subclasses only decide what a present value means.
 */
abstract class PresentFieldCondition implements Condition {

    protected final FieldPath path;

    PresentFieldCondition(FieldPath path) {
        this.path = path;
    }

    @Override
    public final boolean test(RecordView record) throws EvaluationException {
        Object value = path.resolve(record);
        return !Values.isAbsent(value) && testPresent(value);
    }

    /** @param value the field's value, never null */
    abstract boolean testPresent(Object value) throws EvaluationException;
}
