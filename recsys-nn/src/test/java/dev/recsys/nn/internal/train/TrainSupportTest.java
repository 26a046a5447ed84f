package dev.recsys.nn.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.nn.internal.layers.Parameter;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TrainSupportTest {

    private static InteractionMatrix matrix() {
        // user 0: 10 items, user 1: 1 item, user 2: 4 items
        int[] ptr = {0, 10, 11, 15};
        int[] cols = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 1, 4, 6, 8};
        float[] vals = new float[15];
        java.util.Arrays.fill(vals, 1f);
        return new InteractionMatrix(3, 10, ptr, cols, vals);
    }

    @Test
    void holdoutSplitPartitionsEachUsersEntries() {
        InteractionMatrix m = matrix();
        HoldoutSplit s = HoldoutSplit.of(m, 0.2, 3);
        assertThat(s.heldOut().rowLength(0)).isEqualTo(2);
        assertThat(s.heldOut().rowLength(1)).isZero(); // a single entry stays in training
        assertThat(s.heldOut().rowLength(2)).isEqualTo(1);
        for (int u = 0; u < 3; u++) {
            assertThat(s.train().rowLength(u) + s.heldOut().rowLength(u)).isEqualTo(m.rowLength(u));
            for (int c : s.heldOut().rowColumns(u)) {
                assertThat(s.train().rowColumns(u)).doesNotContain(c);
                assertThat(m.get(u, c)).isEqualTo(1f);
            }
        }
        assertThat(HoldoutSplit.of(m, 0.2, 3).heldOut().colIdx()).containsExactly(s.heldOut().colIdx());
        assertThatThrownBy(() -> HoldoutSplit.of(m, 1.0, 1)).hasMessageContaining("fraction");
    }

    @Test
    void validatorComputesNdcgWithTrainingItemsExcluded() {
        // one user, train {0}, held out {2, 3}; scores rank 0 > 2 > 1 > 3
        InteractionMatrix train = new InteractionMatrix(1, 4, new int[] {0, 1}, new int[] {0}, new float[] {1});
        InteractionMatrix held = new InteractionMatrix(1, 4, new int[] {0, 2}, new int[] {2, 3}, new float[] {1, 1});
        RankingValidator v = new RankingValidator(train, held, 2);
        double ndcg = v.ndcg((u, out) -> System.arraycopy(new float[] {9, 5, 7, 1}, 0, out, 0, 4));
        // top 2 after excluding item 0: [2, 1] -> DCG = 1; IDCG = 1 + 1/log2(3)
        assertThat(ndcg).isCloseTo(1.0 / (1.0 + 1.0 / (Math.log(3) / Math.log(2))), Offset.offset(1e-12));
    }

    @Test
    void topKOrdersAndSkipsNegativeInfinity() {
        int[] top = new int[3];
        int n = RankingValidator.topK(new float[] {1, Float.NEGATIVE_INFINITY, 3, 3, 2}, 3, top);
        assertThat(n).isEqualTo(3);
        assertThat(top).containsExactly(2, 3, 4);
        assertThat(RankingValidator.topK(new float[] {Float.NEGATIVE_INFINITY, 1}, 3, top)).isEqualTo(1);
    }

    @Test
    void topKKeepsPositiveInfinityFirstSkipsNanAndAllowsKZero() {
        int[] top = new int[2];
        float[] s = {1, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1};
        assertThat(RankingValidator.topK(s, 2, top)).isEqualTo(2);
        assertThat(top).containsExactly(2, 0);
        assertThat(RankingValidator.topK(s, 0, new int[0])).isZero();
    }

    @Test
    void earlyStoppingKeepsTheBestParameters() {
        Parameter p = Parameter.dense("w", 1, 2);
        EarlyStopping s = new EarlyStopping(List.of(p), 2);
        p.set(new float[] {1, 1});
        assertThat(s.record(1, 0.5)).isFalse();
        p.set(new float[] {2, 2});
        assertThat(s.record(2, 0.4)).isFalse();
        p.set(new float[] {3, 3});
        assertThat(s.record(3, Double.NaN)).isTrue();
        s.restoreBest();
        assertThat(p.value()).containsExactly(1f, 1f);
        assertThat(s.bestEpoch()).isEqualTo(1);
    }

    @Test
    void batchOrderIsASeededPermutation() {
        BatchOrder a = BatchOrder.range(50, 7);
        BatchOrder b = BatchOrder.range(50, 7);
        a.shuffle();
        b.shuffle();
        assertThat(a.order()).containsExactly(b.order()).containsExactlyInAnyOrder(BatchOrder.range(50, 1).order());
        assertThat(a.batches(16)).isEqualTo(4);
    }
}
