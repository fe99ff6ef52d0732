package dev.tiered.connect.transforms.routing;

import java.util.Objects;

import dev.tiered.connect.transforms.condition.Condition;

/**
 * A named rule: when its condition holds, the record scores at least {@code score}.
 *
 * @param name the rule's name, as in {@code rules.<name>.when}
 * @param condition the compiled condition
 * @param conditionText the condition as written, for messages
 * @param score the score a match gives, in [0, 1]
 */
public record ScoringRule(String name, Condition condition, String conditionText, double score) {

    public ScoringRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(conditionText, "conditionText");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("A rule score is between 0 and 1: " + score);
        }
    }
}
