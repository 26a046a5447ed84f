package dev.recsys.mf.internal;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.kernel.SgdKernels;
import dev.recsys.internal.linalg.Spd;
import java.util.Arrays;

/**
 * The per-row solves of implicit ALS (Hu, Koren and Volinsky 2008). For a row (user or item) with
 * entries {@code j} of value {@code w_j}, confidence {@code c_j = 1 + alpha * max(w_j, 0)} and
 * preference 1, the other side's factors F (rows {@code f_j}) and {@code G = F^T F + reg I}, the
 * row's vector x solves
 * {@code (G + sum_j (c_j - 1) f_j f_j^T) x = sum_j c_j f_j}.
 * {@link #exact} solves it by Cholesky ({@code n k^2 + k^3 / 6} multiply-adds);
 * {@link #conjugateGradient} runs a fixed number of conjugate-gradient steps from the current x
 * (about {@code 2 n k + k^2} per step, as in the {@code implicit} library), which is what makes an
 * iteration scale with the number of interactions rather than with {@code k^2} per interaction.
 *
 * <p>Count-scaled regularisation (weighted lambda, Zhou et al. 2008, as in Spark MLlib's ALS): the
 * overloads taking {@code regPerEntry} add {@code regPerEntry * n+} to the diagonal of the row's
 * system, {@code n+} being the row's number of entries with a positive value; {@code G} then
 * usually holds {@code F^T F} without a fixed {@code reg}. With {@code regPerEntry = 0} they are the
 * plain solves.
 *
 * <p>Thread safety: an instance holds scratch for one thread; use one per worker.
 */
public final class ImplicitAlsSolver {
    private final int k;
    private final FloatKernels kern = Kernels.get();
    private final SgdKernels sums = SgdKernels.get();
    private final float[] r;
    private final float[] p;
    private final float[] ap;
    private final float[] a;
    private final float[] aCopy;
    private float[] gathered = new float[0];

    /** Scratch for vectors of length {@code k}. */
    public ImplicitAlsSolver(int k) {
        this.k = k;
        r = new float[k];
        p = new float[k];
        ap = new float[k];
        a = new float[k * k];
        aCopy = new float[k * k];
    }

    /**
     * Exact solve by Cholesky; writes x to {@code out[outOff .. outOff+k)}.
     *
     * @param f     other side's factors, row-major, k per row. Not modified.
     * @param g     {@code F^T F + reg I}, k x k. Not modified.
     * @param idx   entry rows in f. Not modified.
     * @param w     entry values. Not modified.
     * @param from  first entry
     * @param to    end of entries
     * @param alpha confidence slope
     */
    public void exact(float[] f, float[] g, int[] idx, float[] w, int from, int to, float alpha,
                      float[] out, int outOff) {
        exact(f, g, idx, w, from, to, alpha, 0f, out, outOff);
    }

    /**
     * As {@link #exact(float[], float[], int[], float[], int, int, float, float[], int)}, with
     * {@code regPerEntry * n+} added to the diagonal (see the class comment).
     */
    public void exact(float[] f, float[] g, int[] idx, float[] w, int from, int to, float alpha, float regPerEntry,
                      float[] out, int outOff) {
        int n = to - from;
        if (n == 0) {
            Arrays.fill(out, outOff, outOff + k, 0f);
            return;
        }
        if (gathered.length < n * k) {
            gathered = new float[Math.max(n * k, gathered.length * 2)];
        }
        float[] x = gathered; // transposed: k x n
        float[] b = r;
        Arrays.fill(b, 0f);
        for (int j = 0; j < n; j++) {
            int row = idx[from + j] * k;
            float c = 1f + alpha * Math.max(w[from + j], 0f);
            float s = (float) Math.sqrt(c - 1f);
            for (int q = 0; q < k; q++) {
                x[q * n + j] = s * f[row + q];
            }
            kern.axpy(k, c, f, row, b, 0);
        }
        System.arraycopy(g, 0, a, 0, k * k);
        float extra = rowReg(w, from, to, regPerEntry);
        if (extra != 0f) {
            for (int q = 0; q < k; q++) {
                a[q * k + q] += extra;
            }
        }
        SmallGram.add(x, k, n, n, a);
        Spd.solveRidged(a, aCopy, k, b);
        System.arraycopy(b, 0, out, outOff, k);
    }

    /**
     * {@code steps} conjugate-gradient steps on the row's system starting from (and overwriting)
     * {@code x[xOff .. xOff+k)}. Arguments as in {@link #exact}.
     */
    public void conjugateGradient(float[] f, float[] g, int[] idx, float[] w, int from, int to, float alpha,
                                  float[] x, int xOff, int steps) {
        conjugateGradient(f, g, idx, w, from, to, alpha, 0f, x, xOff, steps);
    }

    /**
     * As {@link #conjugateGradient(float[], float[], int[], float[], int, int, float, float[], int, int)},
     * with {@code regPerEntry * n+} added to the diagonal (see the class comment).
     */
    public void conjugateGradient(float[] f, float[] g, int[] idx, float[] w, int from, int to, float alpha,
                                  float regPerEntry, float[] x, int xOff, int steps) {
        if (to == from) {
            Arrays.fill(x, xOff, xOff + k, 0f);
            return;
        }
        FloatKernels kr = kern;
        float extra = rowReg(w, from, to, regPerEntry);
        // r = b - A x
        kr.gemv(false, k, k, -1f, g, 0, k, x, xOff, 0f, r, 0);
        if (extra != 0f) {
            kr.axpy(k, -extra, x, xOff, r, 0);
        }
        sums.confidenceSum(f, idx, w, from, to, alpha, true, x, xOff, r, k);
        System.arraycopy(r, 0, p, 0, k);
        float rs = kr.dot(r, 0, r, 0, k);
        for (int it = 0; it < steps; it++) {
            if (!(rs > 1e-20f)) {
                break;
            }
            kr.gemv(false, k, k, 1f, g, 0, k, p, 0, 0f, ap, 0);
            if (extra != 0f) {
                kr.axpy(k, extra, p, 0, ap, 0);
            }
            sums.confidenceSum(f, idx, w, from, to, alpha, false, p, 0, ap, k);
            float pap = kr.dot(p, 0, ap, 0, k);
            if (!(pap > 0f)) {
                break;
            }
            float step = rs / pap;
            kr.axpy(k, step, p, 0, x, xOff);
            kr.axpy(k, -step, ap, 0, r, 0);
            float rsNew = kr.dot(r, 0, r, 0, k);
            float beta = rsNew / rs;
            for (int q = 0; q < k; q++) {
                p[q] = r[q] + beta * p[q];
            }
            rs = rsNew;
        }
    }

    /** {@code regPerEntry} times the number of positive values in {@code w[from, to)}. */
    private static float rowReg(float[] w, int from, int to, float regPerEntry) {
        if (regPerEntry == 0f) {
            return 0f;
        }
        int n = 0;
        for (int j = from; j < to; j++) {
            if (w[j] > 0f) {
                n++;
            }
        }
        return regPerEntry * n;
    }
}
