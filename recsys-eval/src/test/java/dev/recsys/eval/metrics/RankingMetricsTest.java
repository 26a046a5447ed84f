package dev.recsys.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    private static final double EPS = 1e-12;
    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    // list: R . R . .  (relevant at ranks 1 and 3), 3 relevant items in total
    private static final boolean[] MIXED = {true, false, true, false, false};

    @Test
    void handComputedMixedList() {
        assertThat(RankingMetrics.hits(MIXED, 5, 5)).isEqualTo(2);
        assertThat(RankingMetrics.precision(MIXED, 5, 5)).isCloseTo(0.4, within(EPS));
        assertThat(RankingMetrics.recall(MIXED, 5, 3, 5)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(RankingMetrics.normalizedRecall(MIXED, 5, 3, 5)).isCloseTo(2.0 / 3, within(EPS));
        // F1 = 2 * 0.4 * (2/3) / (0.4 + 2/3) = 0.5
        assertThat(RankingMetrics.f1(MIXED, 5, 3, 5)).isCloseTo(0.5, within(EPS));
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG (3 relevant) = 1 + 1/log2(3) + 1/2
        assertThat(RankingMetrics.ndcg(MIXED, 5, 3, 5)).isCloseTo(1.5 / (1 + 1 / LOG2_3 + 0.5), within(EPS));
        // AP = (1/1 + 2/3) / min(5, 3)
        assertThat(RankingMetrics.averagePrecision(MIXED, 5, 3, 5)).isCloseTo((1 + 2.0 / 3) / 3, within(EPS));
        assertThat(RankingMetrics.reciprocalRank(MIXED, 5, 5)).isEqualTo(1.0);
        assertThat(RankingMetrics.hitRate(MIXED, 5, 5)).isEqualTo(1.0);
    }

    @Test
    void cutOffBelowListLengthOnlyReadsTopK() {
        boolean[] late = {false, false, true};
        assertThat(RankingMetrics.precision(late, 3, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.reciprocalRank(late, 3, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.hitRate(late, 3, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.ndcg(late, 3, 1, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.reciprocalRank(late, 3, 3)).isCloseTo(1.0 / 3, within(EPS));
    }

    @Test
    void fewerThanKRecommendationsCountMissingPositionsAsMisses() {
        boolean[] two = {false, true};
        // precision divides by k, not by the list length
        assertThat(RankingMetrics.precision(two, 2, 10)).isCloseTo(0.1, within(EPS));
        assertThat(RankingMetrics.recall(two, 2, 1, 10)).isEqualTo(1.0);
        assertThat(RankingMetrics.ndcg(two, 2, 1, 10)).isCloseTo(1 / LOG2_3, within(EPS));
        assertThat(RankingMetrics.averagePrecision(two, 2, 1, 10)).isCloseTo(0.5, within(EPS));
        assertThat(RankingMetrics.reciprocalRank(two, 2, 10)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void kLargerThanCatalogue() {
        // catalogue of 3 items, all ranked, the 2 relevant ones on top; k = 10
        boolean[] all = {true, true, false};
        assertThat(RankingMetrics.precision(all, 3, 10)).isCloseTo(0.2, within(EPS));
        assertThat(RankingMetrics.recall(all, 3, 2, 10)).isEqualTo(1.0);
        assertThat(RankingMetrics.normalizedRecall(all, 3, 2, 10)).isEqualTo(1.0);
        assertThat(RankingMetrics.ndcg(all, 3, 2, 10)).isCloseTo(1.0, within(EPS));
        assertThat(RankingMetrics.averagePrecision(all, 3, 2, 10)).isCloseTo(1.0, within(EPS));
        assertThat(RankingMetrics.aucAtK(all, 3, 2, 3, 10)).isEqualTo(1.0);
    }

    @Test
    void noRelevantItemsGivesZeroAndHalfForAuc() {
        boolean[] none = {false, false};
        assertThat(RankingMetrics.precision(none, 2, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.recall(none, 2, 0, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.normalizedRecall(none, 2, 0, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.f1(none, 2, 0, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.ndcg(none, 2, 0, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.averagePrecision(none, 2, 0, 2)).isEqualTo(0.0);
        assertThat(RankingMetrics.aucAtK(none, 2, 0, 5, 2)).isEqualTo(0.5);
        assertThat(RankingMetrics.auc(new float[] {1, 2}, new int[0], null)).isEqualTo(0.5);
    }

    @Test
    void emptyList() {
        boolean[] empty = new boolean[0];
        assertThat(RankingMetrics.precision(empty, 0, 5)).isEqualTo(0.0);
        assertThat(RankingMetrics.ndcg(empty, 0, 2, 5)).isEqualTo(0.0);
        // nothing ranked: every pair tied
        assertThat(RankingMetrics.aucAtK(empty, 0, 2, 5, 5)).isEqualTo(0.5);
    }

    @Test
    void normalizedRecallDiffersFromRecallWhenMoreRelevantThanK() {
        boolean[] top2 = {true, true};
        assertThat(RankingMetrics.recall(top2, 2, 5, 2)).isCloseTo(0.4, within(EPS));
        assertThat(RankingMetrics.normalizedRecall(top2, 2, 5, 2)).isEqualTo(1.0);
        // ideal DCG also only over min(k, |rel|) positions
        assertThat(RankingMetrics.ndcg(top2, 2, 5, 2)).isCloseTo(1.0, within(EPS));
        assertThat(RankingMetrics.averagePrecision(top2, 2, 5, 2)).isCloseTo(1.0, within(EPS));
    }

    @Test
    void truncatedAucHandComputed() {
        // 5 candidates, 2 relevant; top-2 list: r1, n1; then {r2, n2, n3} share the last place.
        // pairs: (r1,n1)=1 (r1,n2)=1 (r1,n3)=1 (r2,n1)=0 (r2,n2)=.5 (r2,n3)=.5 -> 4/6
        boolean[] list = {true, false};
        assertThat(RankingMetrics.aucAtK(list, 2, 2, 5, 2)).isCloseTo(4.0 / 6, within(EPS));
        // cutting at k = 1 leaves n1 in the tie: (r1,*)=3, (r2,*)=1.5 -> 4.5/6
        assertThat(RankingMetrics.aucAtK(list, 2, 2, 5, 1)).isCloseTo(4.5 / 6, within(EPS));
    }

    @Test
    void fullAucFromScoresCountsTiesHalfAndSkipsExcluded() {
        float[] scores = {0.9f, 0.1f, 0.5f, 0.5f, 0.3f};
        boolean[] excluded = {true, false, false, false, false};
        // candidates 1..4; relevant 2 (0.5) and 4 (0.3); negatives 1 (0.1), 3 (0.5)
        // (2,1)=1 (2,3)=.5 (4,1)=1 (4,3)=0 -> 2.5/4
        assertThat(RankingMetrics.auc(scores, new int[] {2, 4, 4}, excluded)).isCloseTo(0.625, within(EPS));
        // -Infinity items take part and tie with each other
        float[] inf = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f};
        assertThat(RankingMetrics.auc(inf, new int[] {0}, null)).isCloseTo(0.25, within(EPS));
    }

    @Test
    void fullListAucAtKEqualsScoreAucWithoutTies() {
        float[] scores = {0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f};
        int[] relevant = {1, 4};
        boolean[] hits = {false, true, false, false, true, false};
        assertThat(RankingMetrics.aucAtK(hits, 6, 2, 6, 6))
                .isCloseTo(RankingMetrics.auc(scores, relevant, null), within(EPS));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> RankingMetrics.precision(MIXED, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k");
        assertThatThrownBy(() -> RankingMetrics.precision(MIXED, 6, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length");
        assertThatThrownBy(() -> RankingMetrics.recall(MIXED, 5, -1, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relevant");
        assertThatThrownBy(() -> RankingMetrics.aucAtK(MIXED, 5, 1, 5, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hits");
    }
}
