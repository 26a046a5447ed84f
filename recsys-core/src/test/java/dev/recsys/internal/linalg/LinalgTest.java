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
}
