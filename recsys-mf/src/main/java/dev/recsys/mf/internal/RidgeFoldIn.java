package dev.recsys.mf.internal;

import dev.recsys.internal.kernel.SgdKernels;
import dev.recsys.internal.linalg.Spd;
import java.util.Arrays;

/**
 * The per-row ridge solve of biased rating models: with the other side's factors {@code f_j} and
 * biases fixed, a row's bias b and vector p minimise
 * {@code sum_j (t_j - b - p . f_j)^2 + n * regBias * b^2 + n * reg * |p|^2} over its n entries,
 * where {@code t_j} is the rating minus everything that does not depend on the row (global mean,
 * the other side's bias, the SVD++ implicit term). This is exactly the per-row objective of
 * weighted-lambda ALS and the stationary point of SGD with per-rating L2, so it is both the ALS
 * step and the closed-form fold-in of biased MF: one {@code (k+1) x (k+1)} Cholesky solve,
 * deterministic, no seed.
 *
 * <p>Thread safety: an instance holds scratch for one thread; the static method allocates.
 */
public final class RidgeFoldIn {
    private final int k;
    private final int d;
    private final float[] a;
    private final float[] aCopy;
    private final float[] sol;
    private float[] x = new float[0]; // transposed gather: d x ld
    private float[] t = new float[0];
    private int ld;

    /** Scratch for k factors. */
    public RidgeFoldIn(int k) {
        this.k = k;
        this.d = k + 1;
        a = new float[d * d];
        aCopy = new float[d * d];
        sol = new float[d];
    }

    /**
     * Solves for one row with targets {@code v_j - offset - otherBias[idx_j]}.
     *
     * @param f         other side's factors, row-major, k per row. Not modified.
     * @param otherBias other side's biases. Not modified.
     * @param idx       entry rows. Not modified.
     * @param v         entry ratings. Not modified.
     * @param from      first entry
     * @param to        end of entries
     * @param offset    global mean
     * @param out       receives b at {@code outBias[biasOff]} and p at {@code out[outOff..outOff+k)}
     */
    public void solveRow(float[] f, float[] otherBias, int[] idx, float[] v, int from, int to, float offset,
                         float reg, float regBias, float[] outBias, int biasOff, float[] out, int outOff) {
        int n = to - from;
        if (n == 0) {
            outBias[biasOff] = 0f;
            Arrays.fill(out, outOff, outOff + k, 0f);
            return;
        }
        ensure(n);
        for (int j = 0; j < n; j++) {
            int row = idx[from + j];
            t[j] = v[from + j] - offset - otherBias[row];
            gather(f, row, j);
        }
        float[] sol = solveGathered(n, reg, regBias);
        outBias[biasOff] = sol[0];
        System.arraycopy(sol, 1, out, outOff, k);
    }

    /**
     * Solves with explicit targets (allocating): returns {@code [b, p_1..p_k]}.
     *
     * @param f       item factors. Not modified.
     * @param items   item rows. Not modified.
     * @param targets one target per item. Not modified.
     * @param n       entries used
     */
    public static float[] solve(float[] f, int k, int[] items, float[] targets, int n, float reg, float regBias) {
        RidgeFoldIn r = new RidgeFoldIn(k);
        if (n == 0) {
            return new float[k + 1];
        }
        r.ensure(n);
        for (int j = 0; j < n; j++) {
            r.t[j] = targets[j];
            r.gather(f, items[j], j);
        }
        return r.solveGathered(n, reg, regBias).clone();
    }

    private void ensure(int n) {
        if (t.length < n) {
            int cap = Math.max(n, t.length * 2);
            t = new float[cap];
            x = new float[cap * d];
            ld = cap;
        }
    }

    private void gather(float[] f, int row, int j) {
        x[j] = 1f;
        int src = row * k;
        for (int q = 0; q < k; q++) {
            x[(q + 1) * ld + j] = f[src + q];
        }
    }

    private float[] solveGathered(int n, float reg, float regBias) {
        java.util.Arrays.fill(a, 0f);
        SmallGram.add(x, d, n, ld, a);
        a[0] += n * regBias;
        for (int q = 1; q < d; q++) {
            a[q * d + q] += n * reg;
        }
        float[] b = sol;
        SgdKernels sk = SgdKernels.get();
        for (int q = 0; q < d; q++) {
            b[q] = sk.dot(x, q * ld, t, 0, n);
        }
        Spd.solveRidged(a, aCopy, d, b);
        return b;
    }
}
