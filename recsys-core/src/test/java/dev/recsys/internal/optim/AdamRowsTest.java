package dev.recsys.internal.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.internal.kernel.ScalarSgdKernels;
import dev.recsys.internal.optim.OptimizerConfig.Kind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdamRowsTest {
    private static final int K = 5;

    private static AdamRows rows(AdamRows.Storage storage, int n) {
        return new AdamRows(n, K, true, storage, 0.9f, 0.999f, 1e-8f, ScalarSgdKernels.INSTANCE);
    }

    @Test
    void floatRowsMatchTheDenseAdamOptimizerOnTheSameGradient() {
        // gradient reg * w - err * x is the dense optimizer's g = -err * x with coupled L2 = reg
        float reg = 0.05f;
        float lr = 0.01f;
        Optimizer dense = OptimizerConfig.builder(Kind.ADAM).learningRate(lr).l2(reg).build().create();
        float[] a = new float[2 * K];
        float[] b = new float[K];
        SplittableRandom r = new SplittableRandom(3);
        for (int f = 0; f < K; f++) {
            a[K + f] = (float) r.nextGaussian();
            b[f] = a[K + f];
        }
        AdamRows rows = rows(AdamRows.Storage.FLOAT, 2);
        DenseUpdater upd = dense.dense(b, 0, K);
        float[] x = new float[K];
        float[] g = new float[K];
        for (int t = 1; t <= 20; t++) {
            float err = (float) r.nextGaussian();
            for (int f = 0; f < K; f++) {
                x[f] = (float) r.nextGaussian();
                g[f] = -err * x[f];
            }
            rows.advance(1, lr);
            rows.factors(a, x, 0, err, reg);
            upd.step(t, g, 0);
        }
        for (int f = 0; f < K; f++) {
            assertThat(a[K + f]).as("entry " + f).isCloseTo(b[f], within(1e-6f));
            assertThat(a[f]).isZero(); // row 0 never advanced
        }
    }

    @Test
    void biasCorrectionCountsUpdatesPerRow() {
        AdamRows rows = rows(AdamRows.Storage.FLOAT, 3);
        float[] table = new float[3 * K];
        float[] x = {1f, -2f, 0.5f, 3f, -1f};
        for (int t = 0; t < 7; t++) {
            rows.advance(0, 0.1f);
            rows.factors(table, x, 0, 0.3f, 0f);
        }
        // the first update of row 2 still moves each entry by lr * sign(gradient), gradient = -err * x
        rows.advance(2, 0.1f);
        rows.factors(table, x, 0, 0.3f, 0f);
        for (int f = 0; f < K; f++) {
            assertThat(table[2 * K + f]).isCloseTo(0.1f * Math.signum(x[f]), within(1e-6f));
        }
        assertThat(rows.bias(1f, -4f)).isCloseTo(1.1f, within(1e-6f));
    }

    @Test
    void bfloat16MomentsStayCloseToFloatMomentsAndCopiesAreIndependent() {
        AdamRows exact = rows(AdamRows.Storage.FLOAT, 1);
        AdamRows half = rows(AdamRows.Storage.BFLOAT16, 1);
        float[] w1 = {0.1f, -0.2f, 0.3f, 0.05f, -0.4f};
        float[] w2 = w1.clone();
        SplittableRandom r = new SplittableRandom(7);
        int steps = 50;
        float[] errs = new float[steps];
        float[][] xs = new float[steps][K];
        for (int t = 0; t < steps; t++) {
            errs[t] = (float) r.nextGaussian();
            for (int f = 0; f < K; f++) {
                xs[t][f] = (float) r.nextGaussian();
            }
        }
        AdamRows snapshot = null;
        float[] replay = null;
        for (int t = 0; t < steps; t++) {
            if (t == 10) {
                snapshot = half.copy();
                replay = w2.clone();
            }
            exact.advance(0, 0.01f);
            exact.factors(w1, xs[t], 0, errs[t], 0.02f);
            half.advance(0, 0.01f);
            half.factors(w2, xs[t], 0, errs[t], 0.02f);
        }
        for (int f = 0; f < K; f++) {
            assertThat(w2[f]).isCloseTo(w1[f], within(0.01f));
        }
        // the copy kept its own moments and counts: replaying the remaining steps from it ends
        // exactly where the original did
        for (int t = 10; t < steps; t++) {
            snapshot.advance(0, 0.01f);
            snapshot.factors(replay, xs[t], 0, errs[t], 0.02f);
        }
        assertThat(snapshot.storage()).isEqualTo(AdamRows.Storage.BFLOAT16);
        assertThat(replay).containsExactly(w2);
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        assertThatThrownBy(() -> new AdamRows(2, K, false, AdamRows.Storage.FLOAT, 1f, 0.999f, 1e-8f, null))
                .hasMessageContaining("beta1");
        assertThatThrownBy(() -> new AdamRows(2, K, false, AdamRows.Storage.FLOAT, 0.9f, 0.999f, 0f, null))
                .hasMessageContaining("epsilon");
        AdamRows noBias = new AdamRows(2, K, false, AdamRows.Storage.FLOAT, 0.9f, 0.999f, 1e-8f, null);
        assertThatThrownBy(() -> noBias.advance(2, 0.1f)).hasMessageContaining("row");
        noBias.advance(1, 0.1f);
        assertThatThrownBy(() -> noBias.bias(0f, 1f)).hasMessageContaining("without biases");
    }
}
