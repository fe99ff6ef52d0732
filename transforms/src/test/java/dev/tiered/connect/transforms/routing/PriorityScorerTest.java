package dev.tiered.connect.transforms.routing;

import static dev.tiered.connect.transforms.TestRecords.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tiered.connect.transforms.TestRecords;
import dev.tiered.connect.transforms.condition.ConditionCompiler;
import dev.tiered.connect.transforms.record.EvaluationException;
import dev.tiered.connect.transforms.record.RecordView;

class PriorityScorerTest {

    private final List<Integer> matches = new ArrayList<>();

    private static ScoringRule rule(String name, String when, double score) {
        return new ScoringRule(name, ConditionCompiler.compile(when), when, score);
    }

    private PriorityScorer scorer(String scoreField, ScoringRule... rules) {
        ScoreField base = scoreField == null ? null : new ScoreField(ConditionCompiler.compilePath(scoreField), 0.0);
        return new PriorityScorer(base, 0.0, List.of(rules), matches::add);
    }

    private static RecordView view(Object value) {
        RecordView view = new RecordView(true);
        view.reset(TestRecords.withValue(value));
        return view;
    }

    @Test
    void scoresTheHighestOfBaseAndMatchingRules() throws Exception {
        PriorityScorer scorer = scorer("priority", rule("fraud", "event_type == 'fraud_signal'", 1.0),
                rule("big", "payload.amount > 1000", 0.7));
        assertThat(scorer.score(view(TestRecords.event("payment", 0.2)))).isEqualTo(0.7);
        assertThat(scorer.score(view(TestRecords.event("payment", 0.95)))).isEqualTo(0.95);
        assertThat(scorer.score(view(TestRecords.event("fraud_signal", 0.95)))).isEqualTo(1.0);
    }

    @Test
    void usesTheDefaultWithoutAScoreField() throws Exception {
        PriorityScorer scorer = new PriorityScorer(null, 0.3, List.of(), matches::add);
        assertThat(scorer.score(view(map()))).isEqualTo(0.3);
    }

    @Test
    void reportsEveryMatchingRule() throws Exception {
        PriorityScorer scorer = scorer(null, rule("a", "x == 1", 0.5), rule("b", "x == 2", 0.5),
                rule("c", "x > 0", 0.9));
        scorer.score(view(map("x", 1)));
        assertThat(matches).containsExactly(0, 2);
    }

    @Test
    void reportsNoMatchesForARecordThatFailsLater() {
        PriorityScorer scorer = scorer(null, rule("a", "x == 1", 0.5), rule("b", "s > 5", 0.5));
        assertThatThrownBy(() -> scorer.score(view(map("x", 1, "s", "text"))))
                .isInstanceOf(EvaluationException.class);
        assertThat(matches).isEmpty();
    }

    @Test
    void namesTheRuleThatFailed() {
        PriorityScorer scorer = scorer(null, rule("big_payment", "payload.amount > 1000", 0.7));
        assertThatThrownBy(() -> scorer.score(view(map("payload", map("amount", "1250")))))
                .hasMessage("rule 'big_payment': payload.amount: expected a number but found a value of type String");
    }

    @Test
    void namesTheScoreFieldThatFailed() {
        PriorityScorer scorer = scorer("priority");
        assertThatThrownBy(() -> scorer.score(view(map("priority", true))))
                .hasMessage("score.field priority: expected a number but found a value of type Boolean");
    }
}
