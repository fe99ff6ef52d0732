package dev.tiered.connect.transforms.condition;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.RecordView;

/** A compiled condition: a tree of small evaluators, built once, evaluated against each record. */
@FunctionalInterface
public interface Condition {

    /**
     * @return whether the record the view shows satisfies the condition
     * @throws EvaluationException when a value has a type the condition cannot compare, or JSON text does not parse
     */
    boolean test(RecordView record) throws EvaluationException;
}
