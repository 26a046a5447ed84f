package dev.recsys.mf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The conjugate-gradient row solve of implicit ALS against the Cholesky one on the same system, at
 * a k with a vector tail (12) and at k = 64 (the SGD kernels' register path of confidenceSum on
 * 256- and 512-bit vectors), with a fixed and a count-scaled L2 weight.
 */
class ImplicitAlsSolverTest {

    @Test
    void conjugateGradientConvergesToTheCholeskySolution() {
        for (int k : new int[] {12, 64}) {
            check(k);
        }
    }

    private static void check(int k) {
        SplittableRandom rnd = new SplittableRandom(12);
        int rows = 3 * k;
        float[] f = new float[rows * k];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        float reg = 0.1f;
        float[] g = new float[k * k];
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) {
                double s = 0;
                for (int j = 0; j < rows; j++) {
                    s += (double) f[j * k + p] * f[j * k + q];
                }
                g[p * k + q] = (float) s + (p == q ? reg : 0f);
            }
        }
        int[] idx = {-1, 3, 7, 8, 20, 2 * k, rows - 1, -1};
        float[] w = {0f, 0f, 4f, 1f, 40f, 0.5f, 9f, 0f};
        float alpha = 1f;
        float[] exact = new float[k + 1];
        ImplicitAlsSolver s = new ImplicitAlsSolver(k);
        s.exact(f, g, idx, w, 1, 7, alpha, exact, 1);
        float[] x = new float[k + 1];
        s.conjugateGradient(f, g, idx, w, 1, 7, alpha, x, 1, 3 * k);
        for (int p = 1; p <= k; p++) {
            assertThat(x[p]).as("k=%d x[%d]", k, p).isCloseTo(exact[p], within(2e-3f * (1 + Math.abs(exact[p]))));
        }
        // three steps from zero already reduce the error
        float[] x3 = new float[k + 1];
        s.conjugateGradient(f, g, idx, w, 1, 7, alpha, x3, 1, 3);
        double err0 = 0;
        double err3 = 0;
        for (int p = 1; p <= k; p++) {
            err0 += exact[p] * exact[p];
            err3 += (x3[p] - exact[p]) * (x3[p] - exact[p]);
        }
        assertThat(err3).as("k=%d error after 3 steps", k).isLessThan(err0);
        // count-scaled reg: regPerEntry r over the 5 positive entries of 1..7 (one is 0) is a fixed
        // 5 r on the diagonal, for Cholesky and (converged) conjugate gradient alike
        float r = 0.3f;
        float[] g5 = g.clone();
        for (int p = 0; p < k; p++) {
            g5[p * k + p] += 5 * r;
        }
        float[] fixed = new float[k + 1];
        s.exact(f, g5, idx, w, 1, 7, alpha, fixed, 1);
        float[] counted = new float[k + 1];
        s.exact(f, g, idx, w, 1, 7, alpha, r, counted, 1);
        float[] countedCg = new float[k + 1];
        s.conjugateGradient(f, g, idx, w, 1, 7, alpha, r, countedCg, 1, 3 * k);
        for (int p = 1; p <= k; p++) {
            assertThat(counted[p]).as("k=%d counted[%d]", k, p).isCloseTo(fixed[p], within(1e-5f * (1 + Math.abs(fixed[p]))));
            assertThat(countedCg[p]).as("k=%d cg counted[%d]", k, p)
                    .isCloseTo(fixed[p], within(2e-3f * (1 + Math.abs(fixed[p]))));
        }
        // no entries: the row is zero
        float[] empty = {1f, 2f};
        new ImplicitAlsSolver(1).conjugateGradient(f, g, idx, w, 3, 3, alpha, empty, 1, 3);
        assertThat(empty[1]).isZero();
    }
}
