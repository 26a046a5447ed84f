package dev.recsys.mf.internal;

import dev.recsys.internal.parallel.Parallel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SmallGram and Gram against direct computations (the SPD solves are tested in core: SpdInverseTest, LinalgTest). */
class LinearAlgebraTest {

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
