package dev.recsys.internal.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.internal.parallel.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Spd#invertInPlace} against a double-precision Gauss-Jordan reference. */
class SpdInverseTest {

    /** A random SPD matrix M^T M / n + ridge I, row-major. */
    static float[] spd(SplittableRandom rnd, int n, double ridge) {
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = rnd.nextDouble(-1, 1);
        }
        float[] a = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += m[p * n + i] * m[p * n + j];
                }
                float v = (float) (s / n + (i == j ? ridge : 0));
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        return a;
    }

    /** The inverse in double by Gauss-Jordan with partial pivoting. */
    static double[] reference(float[] a, int n) {
        double[] m = new double[n * 2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i * 2 * n + j] = a[i * n + j];
            }
            m[i * 2 * n + n + i] = 1;
        }
        int w = 2 * n;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r * w + c]) > Math.abs(m[piv * w + c])) {
                    piv = r;
                }
            }
            for (int j = 0; j < w; j++) {
                double t = m[c * w + j];
                m[c * w + j] = m[piv * w + j];
                m[piv * w + j] = t;
            }
            double d = m[c * w + c];
            for (int j = 0; j < w; j++) {
                m[c * w + j] /= d;
            }
            for (int r = 0; r < n; r++) {
                double f = m[r * w + c];
                if (r != c && f != 0) {
                    for (int j = 0; j < w; j++) {
                        m[r * w + j] -= f * m[c * w + j];
                    }
                }
            }
        }
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m, i * w + n, inv, i * n, n);
        }
        return inv;
    }

    @Test
    void inverseMatchesTheDoubleReferenceAcrossBlockBoundaries() {
        SplittableRandom rnd = new SplittableRandom(7);
        int nb = Spd.NB;
        for (int n : new int[] {1, 2, 7, 33, nb - 1, nb, nb + 1, 2 * nb + 3}) {
            float[] a = spd(rnd, n, 0.5);
            double[] ref = reference(a, n);
            float[] inv = a.clone();
            // only the upper triangle is read: junk in the strict lower one must not matter
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    inv[i * n + j] = Float.NaN;
                }
            }
            assertThat(Spd.invertInPlace(inv, n, new Parallel(2), null)).as("n=" + n).isTrue();
            double maxRef = 0;
            double maxErr = 0;
            for (int i = 0; i < n * n; i++) {
                maxRef = Math.max(maxRef, Math.abs(ref[i]));
                maxErr = Math.max(maxErr, Math.abs(inv[i] - ref[i]));
            }
            assertThat(maxErr).as("max error n=" + n).isLessThan(1e-4 * maxRef);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    assertThat(inv[i * n + j]).as("symmetric n=" + n).isEqualTo(inv[j * n + i]);
                }
            }
        }
    }

    @Test
    void resultIsTheSameForAnyThreadCount() {
        int n = 2 * Spd.NB + 17;
        float[] a = spd(new SplittableRandom(8), n, 0.2);
        float[] one = a.clone();
        assertThat(Spd.invertInPlace(one, n, null, null)).isTrue();
        for (int threads : new int[] {2, 3}) {
            float[] many = a.clone();
            assertThat(Spd.invertInPlace(many, n, new Parallel(threads), null)).isTrue();
            assertThat(Arrays.equals(many, one)).as("bit-identical with threads=" + threads).isTrue();
        }
    }

    @Test
    void reportsProgressOfEveryPhase() {
        int n = Spd.NB + 5;
        float[] a = spd(new SplittableRandom(9), n, 1);
        List<String> lines = new ArrayList<>();
        assertThat(Spd.invertInPlace(a, n, new Parallel(2), (stage, step, total, m) -> {
            synchronized (lines) {
                lines.add(stage + " " + step + "/" + total);
            }
        })).isTrue();
        assertThat(lines).containsExactly("inverse 1/6", "inverse 2/6", "inverse 3/6", "inverse 4/6",
                "inverse 5/6", "inverse 6/6");
    }

    @Test
    void notPositiveDefiniteIsReported() {
        // indefinite in the second block: the failure comes from a trailing pivot
        int n = Spd.NB + 3;
        float[] a = spd(new SplittableRandom(10), n, 0.5);
        a[(n - 1) * n + (n - 1)] = -5f;
        assertThat(Spd.invertInPlace(a, n, new Parallel(2), null)).isFalse();
        assertThat(Spd.invertInPlace(new float[] {1, 2, 2, 1}, 2, null, null)).isFalse();
        assertThat(Spd.invertInPlace(new float[] {Float.NaN}, 1, null, null)).isFalse();
        assertThat(Spd.invertInPlace(new float[0], 0, null, null)).isTrue();
        assertThatThrownBy(() -> Spd.invertInPlace(new float[3], 2, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n * n");
    }

    @Test
    void smallSolveMatchesTheReferenceInverse() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int n : new int[] {1, 5, 16, 65}) {
            float[] a = spd(rnd, n, 0.3);
            double[] ref = reference(a, n);
            float[] b = new float[n];
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = (float) rnd.nextDouble(-1, 1);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    x[i] += ref[i * n + j] * b[j];
                }
            }
            float[] work = a.clone();
            Spd.solveRidged(work, new float[n * n], n, b);
            for (int i = 0; i < n; i++) {
                assertThat((double) b[i]).as("n=" + n).isCloseTo(x[i],
                        org.assertj.core.api.Assertions.within(1e-3 * (1 + Math.abs(x[i]))));
            }
        }
        // hopeless input: zeros, not NaN
        float[] b = {1, 1};
        Spd.solveRidged(new float[] {Float.NaN, 0, 0, Float.NaN}, new float[4], 2, b);
        assertThat(b).containsExactly(0f, 0f);
    }
}
