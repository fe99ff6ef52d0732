package dev.tiered.connect.transforms.routing;

import java.util.List;

import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.RecordView;

/**
 * Scores a record: the highest of the base score (from a field, or 0) and the scores of all rules whose condition
 * holds.
 *
 * <p>Every rule is evaluated for every record, even when an earlier match already has the top score. That keeps
 * per-rule match counts exact and makes evaluation errors independent of rule order, for a cost measured at a few
 * nanoseconds per simple rule. Matches are reported only once the whole record has scored without error.
 * Not thread-safe; one per task.
 */
public final class PriorityScorer {

    /** Told which rules matched a record that scored successfully. */
    @FunctionalInterface
    public interface MatchListener {
        void ruleMatched(int ruleIndex);
    }

    private final ScoreField base;
    private final double defaultBase;
    private final ScoringRule[] rules;
    private final MatchListener listener;
    private final int[] matched;

    /**
     * @param base where the base score comes from, or null for none
     * @param defaultBase the base score when there is no score field
     * @param rules the rules, in configuration order (their index identifies them to the listener)
     * @param listener told of each matching rule
     */
    public PriorityScorer(ScoreField base, double defaultBase, List<ScoringRule> rules, MatchListener listener) {
        this.base = base;
        this.defaultBase = defaultBase;
        this.rules = rules.toArray(new ScoringRule[0]);
        this.listener = listener;
        this.matched = new int[this.rules.length];
    }

    /**
     * @throws EvaluationException naming the score field or the rule that could not be evaluated
     */
    public double score(RecordView record) throws EvaluationException {
        double score = baseScore(record);
        int matchCount = 0;
        for (int i = 0; i < rules.length; i++) {
            ScoringRule rule = rules[i];
            boolean matches;
            try {
                matches = rule.condition().test(record);
            } catch (EvaluationException e) {
                throw e.withContext("rule '" + rule.name() + "'");
            }
            if (matches) {
                matched[matchCount++] = i;
                if (rule.score() > score) {
                    score = rule.score();
                }
            }
        }
        for (int i = 0; i < matchCount; i++) {
            listener.ruleMatched(matched[i]);
        }
        return score;
    }

    private double baseScore(RecordView record) throws EvaluationException {
        if (base == null) {
            return defaultBase;
        }
        try {
            return base.read(record);
        } catch (EvaluationException e) {
            throw e.withContext("score.field " + base);
        }
    }

    public List<ScoringRule> rules() {
        return List.of(rules);
    }
}
