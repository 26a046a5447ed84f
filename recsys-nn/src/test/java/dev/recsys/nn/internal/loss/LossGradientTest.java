package dev.recsys.nn.internal.loss;

import static dev.recsys.nn.testing.GradCheck.check;
import static dev.recsys.nn.testing.GradCheck.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.nn.internal.layers.SparseRows;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Finite-difference checks and reference values of every loss. */
class LossGradientTest {

    @Test
    void mseGradient() {
        float[] p = uniform(10, 1.0, 1);
        float[] t = uniform(10, 1.0, 2);
        float[] w = uniform(10, 1.0, 3);
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(w[i]) + 0.1f;
        }
        float[] g = new float[10];
        MeanSquaredError.lossAndGradient(p, t, w, 10, g);
        check("mse", p, 10, g, 1e-2f, 100, () -> MeanSquaredError.lossAndGradient(p, t, w, 10, null));
        assertThat(MeanSquaredError.lossAndGradient(new float[] {1, 3}, new float[] {0, 0}, null, 2, null))
                .isEqualTo(5.0);
    }

    @Test
    void bceGradientAndValues() {
        float[] z = uniform(12, 4.0, 4);
        float[] y = new float[12];
        for (int i = 0; i < 12; i += 2) {
            y[i] = 1f;
        }
        float[] g = new float[12];
        BinaryCrossEntropy.lossAndGradient(z, y, null, 12, g);
        check("bce", z, 12, g, 1e-2f, 100, () -> BinaryCrossEntropy.lossAndGradient(z, y, null, 12, null));
        assertThat(BinaryCrossEntropy.loss(0f, 1f)).isCloseTo(Math.log(2), Offset.offset(1e-12));
        assertThat(BinaryCrossEntropy.loss(-200f, 1f)).isCloseTo(200.0, Offset.offset(1e-9));
        assertThat(BinaryCrossEntropy.loss(200f, 1f)).isFinite().isLessThan(1e-80);
    }

    @Test
    void multinomialGradient() {
        int n = 6;
        SparseRows rows = new SparseRows(n);
        rows.add(0, 1f);
        rows.add(3, 2f);
        rows.endRow();
        rows.add(5, 1f);
        rows.endRow();
        InteractionMatrix x = rows.build();
        float[] z = uniform(2 * n, 2.0, 5);
        float[] g = new float[2 * n];
        double l = MultinomialLogLikelihood.lossAndGradient(z, n, x, g);
        float[] scratch = new float[2 * n];
        check("mult", z, 2 * n, g, 1e-2f, 100, () -> MultinomialLogLikelihood.lossAndGradient(z, n, x, scratch));
        // reference: -(1/2) [log p0_0 + 2 log p0_3 + log p1_5]
        double ref = -0.5 * (logSoftmax(z, 0, n, 0) + 2 * logSoftmax(z, 0, n, 3) + logSoftmax(z, n, n, 5));
        assertThat(l).isCloseTo(ref, Offset.offset(1e-5));
    }

    @Test
    void multinomialInPlace() {
        int n = 4;
        SparseRows rows = new SparseRows(n);
        rows.add(2, 1f);
        rows.endRow();
        InteractionMatrix x = rows.build();
        float[] z = {1, 2, 3, 4};
        float[] g = new float[4];
        double a = MultinomialLogLikelihood.lossAndGradient(z, n, x, g);
        double b = MultinomialLogLikelihood.lossAndGradient(z, n, x, z);
        assertThat(b).isEqualTo(a);
        assertThat(z).containsExactly(g);
    }

    private static double logSoftmax(float[] z, int off, int n, int j) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += Math.exp(z[off + k]);
        }
        return z[off + j] - Math.log(s);
    }

    @Test
    void klGradientAndZeroAtPrior() {
        int dim = 3;
        float[] q = uniform(2 * 2 * dim, 1.0, 6);
        float[] g = new float[q.length];
        GaussianKl.lossAndGradient(q, 2, dim, 0.7f, g);
        check("kl", q, q.length, g, 1e-2f, 100, () -> GaussianKl.lossAndGradient(q, 2, dim, 0.7f, null));
        assertThat(GaussianKl.lossAndGradient(new float[2 * dim], 1, dim, 1f, null)).isEqualTo(0.0);
    }

    @Test
    void klWithRowWeightsGradientAndWeighting() {
        int dim = 3;
        float[] q = uniform(2 * 2 * dim, 1.0, 8);
        float[] rw = {0.5f, 1.5f};
        float[] g = new float[q.length];
        GaussianKl.lossAndGradient(q, 2, dim, 0.7f, rw, g);
        check("kl-rows", q, q.length, g, 1e-2f, 100, () -> GaussianKl.lossAndGradient(q, 2, dim, 0.7f, rw, null));
        double plain = GaussianKl.lossAndGradient(q, 2, dim, 0.7f, null);
        double ones = GaussianKl.lossAndGradient(q, 2, dim, 0.7f, new float[] {1f, 1f}, null);
        assertThat(ones).isCloseTo(plain, org.assertj.core.data.Offset.offset(1e-9));
        float[] row0 = java.util.Arrays.copyOf(q, 2 * dim);
        double first = GaussianKl.lossAndGradient(row0, 1, dim, 0.7f, null) / 2; // row 0's share of the batch mean
        double zeroSecond = GaussianKl.lossAndGradient(q, 2, dim, 0.7f, new float[] {1f, 0f}, null);
        assertThat(zeroSecond).isCloseTo(first, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void klAnnealingRampsToCap() {
        KlAnnealing a = new KlAnnealing(0.2f, 100);
        assertThat(a.beta(0)).isEqualTo(0f);
        assertThat(a.beta(50)).isCloseTo(0.1f, Offset.offset(1e-7f));
        assertThat(a.beta(100)).isEqualTo(0.2f);
        assertThat(a.beta(1000)).isEqualTo(0.2f);
        assertThat(new KlAnnealing(0.5f, 0).beta(1)).isEqualTo(0.5f);
        assertThatThrownBy(() -> new KlAnnealing(-1f, 1)).hasMessageContaining("cap");
    }

    @Test
    void sampledBceGradientOnSampledPositions() {
        int n = 8;
        SparseRows rows = new SparseRows(n);
        rows.add(1, 1f);
        rows.add(6, 1f);
        rows.endRow();
        rows.add(0, 1f);
        rows.endRow();
        InteractionMatrix x = rows.build();
        float[] z = uniform(2 * n, 2.0, 7);
        float[] g = new float[2 * n];
        SampledBinaryCrossEntropy loss = new SampledBinaryCrossEntropy(n, 2);
        loss.lossAndGradient(z, x, new SplittableRandom(3), g);
        // same negatives in every evaluation: a fresh sampler with the same seed
        float[] scratch = new float[2 * n];
        check("sbce", z, 2 * n, g, 1e-2f, 100,
                () -> new SampledBinaryCrossEntropy(n, 2).lossAndGradient(z, x, new SplittableRandom(3), scratch));
        assertThat(g[1]).isNegative();
        assertThat(g[6]).isNegative();
        assertThat(g[8]).isNegative();
        int nonZero = 0;
        for (int j = 0; j < n; j++) {
            nonZero += g[n + j] != 0f ? 1 : 0;
        }
        assertThat(nonZero).isBetween(2, 3); // the positive plus 1-2 distinct negatives
    }
}
