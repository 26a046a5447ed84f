package dev.recsys.mf.internal;

import dev.recsys.internal.parallel.Parallel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** DenseCholesky, SmallGram, SpdInverse and Gram against direct computations. */
class LinearAlgebraTest {

    /** A random SPD matrix: B^T B + n I. */
    static float[] spd(int n, SplittableRandom r) {
        float[] b = new float[n * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        float[] a = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += b[t * n + i] * b[t * n + j];
                }
                a[i * n + j] = (float) s + (i == j ? n : 0);
            }
        }
        return a;
    }

    @Test
    void choleskySolvesSpdSystems() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : new int[] {1, 2, 5, 17, 64, 65}) {
            float[] a = spd(n, r);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextGaussian();
            }
            float[] b = new float[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    b[i] += a[i * n + j] * x[j];
                }
            }
            float[] f = a.clone();
            DenseCholesky.solveSpd(f, new float[n * n], n, b);
            for (int i = 0; i < n; i++) {
                assertThat(b[i]).as("n=" + n).isCloseTo(x[i], within(1e-3f));
            }
        }
    }

    @Test
    void choleskyReportsIndefiniteMatricesAndSolveSpdStaysFinite() {
        float[] a = {1, 2, 2, 1};
        assertThat(DenseCholesky.factor(a.clone(), 0, 2)).isFalse();
        float[] b = {1, 1};
        DenseCholesky.solveSpd(new float[] {0, 0, 0, 0}, new float[4], 2, b);
        assertThat(b).doesNotContain(Float.NaN);
    }

    @Test
    void smallGramEqualsXtX() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 5, 8, 30}) {
            int d = 9;
            int ld = n + 2;
            float[] xt = new float[d * ld];
            for (int i = 0; i < xt.length; i++) {
                xt[i] = (float) r.nextGaussian();
            }
            float[] a = new float[d * d];
            a[3] = 1f;
            float[] expected = a.clone();
            for (int f = 0; f < d; f++) {
                for (int g = 0; g < d; g++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += xt[f * ld + j] * xt[g * ld + j];
                    }
                    expected[f * d + g] += (float) s;
                }
            }
            // the caller's matrix is symmetric in practice; start from a symmetric one
            a[3 * d] = 1f;
            expected[3 * d] += 1f;
            SmallGram.add(xt, d, n, ld, a);
            for (int i = 0; i < d * d; i++) {
                assertThat(a[i]).as("n=" + n + " entry " + i).isCloseTo(expected[i], within(1e-3f));
            }
        }
    }

    @Test
    void spdInverseTimesMatrixIsIdentity() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n : new int[] {1, 3, 63, 64, 65, 130}) {
            float[] a = spd(n, r);
            float[] inv = a.clone();
            {
            Parallel par = new Parallel(2);
                assertThat(SpdInverse.invert(inv, n, par)).isTrue();
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int t = 0; t < n; t++) {
                        s += a[i * n + t] * inv[t * n + j];
                    }
                    assertThat(s).as("n=" + n + " (" + i + "," + j + ")").isCloseTo(i == j ? 1.0 : 0.0, within(1e-3));
                }
            }
        }
    }

    @Test
    void gramIsTheSameForAnyThreadCount() {
        SplittableRandom r = new SplittableRandom(5);
        int rows = 10000;
        int k = 8;
        float[] f = new float[rows * k];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        float[] g1 = Gram.of(f, rows, k, 0.5f, null);
        float[] g2;
        {
            Parallel par = new Parallel(2);
            g2 = Gram.of(f, rows, k, 0.5f, par);
        }
        assertThat(g2).isEqualTo(g1);
        double s = 0;
        for (int j = 0; j < rows; j++) {
            s += f[j * k + 1] * f[j * k + 2];
        }
        assertThat((double) g1[1 * k + 2]).isCloseTo(s, within(1e-2 * Math.max(1, Math.abs(s))));
        assertThat(g1[0]).isGreaterThan(0.5f);
    }

    @Test
    void parallelCoversEveryIndexOnceAndPropagatesFailures() {
        {
            Parallel par = new Parallel(3);
            int[] hits = new int[1000];
            par.forRange(hits.length, 7, (w, from, to) -> {
                for (int i = from; i < to; i++) {
                    hits[i]++;
                }
            });
            assertThat(hits).containsOnly(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> par.forRange(100, 1, (w, from, to) -> {
                if (from == 50) {
                    throw new IllegalStateException("boom");
                }
            })).hasMessageContaining("boom");
        }
    }
}
