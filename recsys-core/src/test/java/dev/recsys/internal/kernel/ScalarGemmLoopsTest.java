package dev.recsys.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scalar gemm's two loops (by rows of C for a few rows, packed blocks of op(B) for many) give
 * the same bits: each row of a many-row product equals the product of that row alone.
 */
class ScalarGemmLoopsTest {

    @Test
    void aRowOfAManyRowProductHasTheBitsOfThatRowAlone() {
        SplittableRandom rnd = new SplittableRandom(17);
        ScalarKernels k = ScalarKernels.INSTANCE;
        // k and n past one block (256 rows, 512 columns of op(B)), k not a multiple of 4
        int[][] shapes = {{9, 7, 5}, {40, 530, 263}, {13, 1030, 515}, {64, 33, 1}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int kk = s[2];
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    float[] a = random(m * kk, rnd);
                    float[] b = random(kk * n, rnd);
                    float[] c = random(m * n, rnd);
                    float[] c0 = c.clone();
                    int lda = transA ? m : kk;
                    int ldb = transB ? kk : n;
                    k.gemm(transA, transB, m, n, kk, 0.7f, a, 0, lda, b, 0, ldb, 0.5f, c, 0, n);
                    for (int i = 0; i < m; i++) {
                        // row i of op(A) as a 1 x k matrix, and C's row i
                        float[] ai = new float[kk];
                        for (int p = 0; p < kk; p++) {
                            ai[p] = transA ? a[p * m + i] : a[i * kk + p];
                        }
                        float[] ci = Arrays.copyOfRange(c0, i * n, (i + 1) * n);
                        k.gemm(false, transB, 1, n, kk, 0.7f, ai, 0, kk, b, 0, ldb, 0.5f, ci, 0, n);
                        assertThat(Arrays.copyOfRange(c, i * n, (i + 1) * n))
                                .as("%d x %d x %d transA %s transB %s row %d", m, n, kk, transA, transB, i)
                                .containsExactly(ci);
                    }
                }
            }
        }
    }

    private static float[] random(int n, SplittableRandom rnd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
