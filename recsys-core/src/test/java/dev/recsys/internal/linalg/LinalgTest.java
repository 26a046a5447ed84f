package dev.recsys.internal.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinalgTest {

    /** A random SPD matrix M^T M / n + ridge I, n x n row-major with leading dimension lda. */
    private static float[] spd(SplittableRandom rnd, int n, int lda, float ridge) {
        double[][] m = new double[n][n];
        for (double[] row : m) {
            for (int j = 0; j < n; j++) {
                row[j] = rnd.nextDouble(-1, 1);
            }
        }
        float[] a = new float[n * lda + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += m[p][i] * m[p][j];
                }
                a[1 + i * lda + j] = (float) (s / n + (i == j ? ridge : 0));
            }
        }
        return a;
    }

    @Test
    void choleskySolvesSpdSystems() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : new int[] {0, 1, 2, 7, 16, 33, 64, 100, 256}) {
            int lda = n + 3;
            float[] a = spd(rnd, n, lda, 0.1f);
            float[] a0 = a.clone();
            // only the upper triangle may be read: NaN in the strict lower one must not matter
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    a[1 + i * lda + j] = Float.NaN;
                }
            }
            float[] b = new float[n + 2];
            for (int i = 0; i < n; i++) {
                b[2 + i] = (float) rnd.nextDouble(-1, 1);
            }
            float[] x = b.clone();
            assertThat(Spd.solveSpd(a, 1, lda, n, x, 2)).isTrue();
            // residual of the original system, relative to |b|
            double resid = 0;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += (double) a0[1 + i * lda + j] * x[2 + j];
                }
                resid += (s - b[2 + i]) * (s - b[2 + i]);
                norm += (double) b[2 + i] * b[2 + i];
            }
            assertThat(Math.sqrt(resid)).as("residual n=" + n).isLessThan(1e-3 * Math.sqrt(norm) + 1e-7);
            // padding right of each row (lda > n) untouched
            for (int i = 0; i < n; i++) {
                for (int j = n; j < lda; j++) {
                    assertThat(a[1 + i * lda + j]).isEqualTo(a0[1 + i * lda + j]);
                }
            }
        }
    }

    @Test
    void choleskyFactorReproducesTheMatrix() {
        // only the upper triangle is read: the lower one holds junk
        float[] a = {4, 2, -2, 99, 5, 1, 99, 99, 11};
        assertThat(Spd.factor(a, 0, 3, 3)).isTrue();
        // U = [[2,1,-1],[0,2,1],[0,0,3]]
        assertThat(a[0]).isCloseTo(2f, within(1e-6f));
        assertThat(a[1]).isCloseTo(1f, within(1e-6f));
        assertThat(a[2]).isCloseTo(-1f, within(1e-6f));
        assertThat(a[4]).isCloseTo(2f, within(1e-6f));
        assertThat(a[5]).isCloseTo(1f, within(1e-6f));
        assertThat(a[8]).isCloseTo(3f, within(1e-6f));
    }

    @Test
    void choleskyRejectsIndefiniteAndBadShapes() {
        float[] indefinite = {1, 2, 2, 1};
        float[] b = {1, 1};
        assertThat(Spd.solveSpd(indefinite, 0, 2, 2, b, 0)).isFalse();
        assertThat(b).containsExactly(1f, 1f);
        assertThat(Spd.factor(new float[] {Float.NaN}, 0, 1, 1)).isFalse();
        assertThatThrownBy(() -> Spd.factor(new float[4], 0, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lda");
        assertThatThrownBy(() -> Spd.solve(new float[4], 0, 2, -1, b, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n");
    }

    @Test
    void implicitCgConvergesToTheCholeskySolution() {
        SplittableRandom rnd = new SplittableRandom(12);
        int k = 12;
        int numItems = 50;
        float[] y = new float[numItems * k];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        float[] yty = new float[k * k];
        dev.recsys.internal.kernel.Kernels.get().syrk(numItems, k, 1f, y, 0, k, 0f, yty, 0, k);
        int[] items = {3, 7, 8, 20, 41, 49};
        float[] conf = {1f, 5f, 2f, 41f, 1.5f, 10f};
        float lambda = 0.1f;
        // explicit A and b for the reference
        float[] a = yty.clone();
        float[] b = new float[k];
        for (int i = 0; i < k; i++) {
            a[i * k + i] += lambda;
        }
        for (int j = 0; j < items.length; j++) {
            int row = items[j] * k;
            for (int p = 0; p < k; p++) {
                b[p] += conf[j] * y[row + p];
                for (int q = 0; q < k; q++) {
                    a[p * k + q] += (conf[j] - 1f) * y[row + p] * y[row + q];
                }
            }
        }
        assertThat(Spd.solveSpd(a, 0, k, k, b, 0)).isTrue();
        float[] x = new float[k + 1];
        float[] work = new float[ImplicitCg.workSize(k)];
        int done = ImplicitCg.solve(k, yty, 0, y, 0, k, items, 0, conf, 0, items.length, lambda, x, 1, 3 * k, work);
        assertThat(done).isBetween(1, 3 * k);
        for (int p = 0; p < k; p++) {
            assertThat(x[1 + p]).as("x[" + p + "]").isCloseTo(b[p], within(2e-3f * (1 + Math.abs(b[p]))));
        }
        // warm start at the solution: a few more iterations keep it there
        float[] x2 = x.clone();
        ImplicitCg.solve(k, yty, 0, y, 0, k, items, 0, conf, 0, items.length, lambda, x2, 1, 3, work);
        for (int p = 0; p < k; p++) {
            assertThat(x2[1 + p]).isCloseTo(x[1 + p], within(2e-3f * (1 + Math.abs(b[p]))));
        }
        // three iterations from zero already reduce the error a lot
        float[] x3 = new float[k + 1];
        ImplicitCg.solve(k, yty, 0, y, 0, k, items, 0, conf, 0, items.length, lambda, x3, 1, 3, work);
        double err0 = 0;
        double err3 = 0;
        for (int p = 0; p < k; p++) {
            err0 += b[p] * b[p];
            err3 += (x3[1 + p] - b[p]) * (x3[1 + p] - b[p]);
        }
        assertThat(err3).isLessThan(err0);
    }

    @Test
    void implicitCgValidatesArguments() {
        float[] w = new float[3];
        assertThatThrownBy(() -> ImplicitCg.solve(2, new float[4], 0, new float[4], 0, 2, new int[0], 0,
                new float[0], 0, 0, -1f, new float[2], 0, 3, new float[6]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lambda");
        assertThatThrownBy(() -> ImplicitCg.solve(2, new float[4], 0, new float[4], 0, 2, new int[0], 0,
                new float[0], 0, 0, 1f, new float[2], 0, 3, w))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("work");
        float[] x = {0.5f, -0.5f};
        // no items, no YtY: the solution of lambda x = 0 is 0
        ImplicitCg.solve(2, new float[4], 0, new float[0], 0, 2, new int[0], 0, new float[0], 0, 0, 1f, x, 0, 3,
                new float[6]);
        assertThat(x[0]).isCloseTo(0f, within(1e-6f));
        assertThat(x[1]).isCloseTo(0f, within(1e-6f));
    }
}
