package dev.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.data.Interactions;
import dev.recsys.eval.stats.ComparisonResult;
import dev.recsys.eval.stats.PairedComparison;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonOnResultsTest {
    @Test
    void pairsUsersOfTwoResults() {
        Interactions[] d = EvaluatorTest.leaveTwoOut(Fixtures.randomLog(120, 80, 10, 5));
        Evaluator ev = Evaluator.of("ndcg@10,precision@10,coverage@10", EvaluationOptions.defaults());
        EvaluationResult a = ev.evaluate(d[0], d[1], Fixtures.TableModel.hashed("a", 80, 1));
        EvaluationResult b = ev.evaluate(d[0], d[1], Fixtures.TableModel.hashed("b", 80, 2));
        PairedComparison pc = PairedComparison.withSeed(3);
        ComparisonResult r = pc.compare(a, b, "ndcg@10");
        assertThat(r.n()).isEqualTo(a.unitsEvaluated());
        assertThat(r.meanA()).isCloseTo(a.metric("ndcg@10"), within(1e-12));
        assertThat(r.meanB()).isCloseTo(b.metric("ndcg@10"), within(1e-12));
        assertThat(r.algorithmA()).isEqualTo("a");
        List<ComparisonResult> all = pc.compareAll(a, b);
        assertThat(all).extracting(ComparisonResult::metric).containsExactly("ndcg@10", "precision@10");
        assertThat(pc.compare(a, a, "ndcg@10").tPValue()).isEqualTo(1.0);
    }

    @Test
    void refusesDifferentProtocolsOrUsers() {
        Interactions[] d = EvaluatorTest.leaveTwoOut(Fixtures.randomLog(60, 80, 10, 5));
        EvaluationResult a = Evaluator.of("ndcg@10", EvaluationOptions.defaults()).evaluate(d[0], d[1], Fixtures.TableModel.hashed("a", 80, 1));
        EvaluationResult sampled = Evaluator.of("ndcg@10", EvaluationOptions.builder().sampledNegatives(10).build())
                .evaluate(d[0], d[1], Fixtures.TableModel.hashed("b", 80, 2));
        assertThatThrownBy(() -> PairedComparison.withSeed(1).compare(a, sampled, "ndcg@10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different protocols");
        Interactions[] other = EvaluatorTest.leaveTwoOut(Fixtures.randomLog(50, 80, 10, 5));
        EvaluationResult c = Evaluator.of("ndcg@10", EvaluationOptions.defaults()).evaluate(other[0], other[1], Fixtures.TableModel.hashed("c", 80, 1));
        assertThatThrownBy(() -> PairedComparison.withSeed(1).compare(a, c, "ndcg@10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same users");
        assertThatThrownBy(() -> PairedComparison.withSeed(1).compare(a, a, "coverage@10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no per-user values");
    }
}
