package dev.recsys.nn.internal.layers;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.nn.internal.loss.BinaryCrossEntropy;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Binary cross-entropy with negatives shared by small groups of rows, on top of an output layer held
 * item-major ({@link ItemMajorOutput}), for large catalogues (CDAE uses it). The per-row sampling
 * of {@link dev.recsys.nn.internal.loss.SampledBinaryCrossEntropy} gives row r
 * {@code W_r = min(negatives * |P_r|, n - |P_r|)} uniform negatives outside its positives P_r; here
 * each group of {@value #POOL_ROWS} consecutive rows of the mini-batch draws one pool of
 * {@code M = min(n, negatives * ceil(nnz / rows))} items (nnz and rows of the group) uniformly with
 * replacement, every row of the group scores all of them, a draw that is one of the row's positives is
 * dropped, and each remaining draw's loss is weighted by
 * {@code w_r = W_r / (M (1 - |P_r| / n))}, so that the expected loss and gradient equal the
 * per-row sampling's: {@code L = (1/batch) sum_r [sum_{j in P_r} -log s(z_rj) + w_r sum_{s not in P_r} -log(1 - s(z_rs))]}.
 * (One pool for a whole mini-batch of 64 users lost 10 % NDCG@10 on MovieLens forced through this
 * path, 8 rows 2.4 %, 4 rows 0.7 % at 1.5x the cost of 8: the negatives of one pool are common to
 * its rows, which correlates the noise of the shared encoder's gradient.) Each pool's logits and
 * gradients are three gemms over {@code rows x M x in}, and only the pools' and the positives' rows of the table are read and get a gradient (and an optimizer update), so a
 * mini-batch costs {@code (nnz + batch * M) * in} multiply-adds per pass and nothing proportional
 * to the catalogue.
 *
 * <p>Thread safety: not thread-safe (sampling state and scratch). Results do not depend on the
 * threads of {@code par} (products split as in {@link Dense}; gradient rows summed on the calling
 * thread in a fixed order).
 */
public final class SampledBinaryOutput {
    private final ItemMajorOutput out;
    private final int in;
    private final int n;
    private final Parallel par;
    private final NegativeSampler uniform;
    private int[] pool = new int[0];
    private float[] wp = new float[0];
    private float[] wpT = new float[0];
    private float[] bp = new float[0];
    private float[] dwp = new float[0];
    private float[] dbp = new float[0];
    private float[] grid = new float[0];
    private float[] posGrad = new float[0];
    private double[] rowLoss = new double[0];
    /** Rows per chunk of the per-row loops split between threads. */
    private static final int ROWS_PER_CHUNK = 8;
    /** Rows sharing one pool of negatives. */
    static final int POOL_ROWS = 8;

    /**
     * @param out the output table; its values are read, its row gradient written
     * @param par the threads for the products
     */
    public SampledBinaryOutput(ItemMajorOutput out, Parallel par) {
        this.out = out;
        this.in = out.inputSize();
        this.n = out.items();
        this.par = par;
        this.uniform = NegativeSampler.uniform(n);
    }

    /**
     * The size of a mini-batch's shared pool: {@code min(n, negatives * ceil(nnz / batch))}.
     *
     * @param negatives negatives per positive
     * @param nnz       positives in the batch
     * @param batch     rows, >= 1
     * @param n         catalogue size
     */
    public static int poolSize(int negatives, long nnz, int batch, int n) {
        long perRow = (nnz + batch - 1) / batch;
        return (int) Math.min(n, negatives * perRow);
    }

    /**
     * Forward and backward through the output layer and the loss; the table's row gradient is
     * replaced by this batch's.
     *
     * @param h         batch x in inputs of the output layer. Not modified.
     * @param batch     rows
     * @param target    each row's positives (values ignored). Not modified.
     * @param negatives negatives per positive, >= 0
     * @param rnd       the pool draws. Advanced.
     * @param dh        receives dL/dh (batch x in). Modified.
     * @return the batch loss (mean over rows)
     */
    public double lossAndBackward(float[] h, int batch, InteractionMatrix target, int negatives,
                                  SplittableRandom rnd, float[] dh) {
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives must be >= 0, got " + negatives);
        }
        FloatKernels k = Kernels.get();
        out.beginBatch();
        int[] ptr = target.rowPtr();
        int[] ci = target.colIdx();
        int nnz = ptr[batch];
        if (posGrad.length < nnz) {
            posGrad = new float[nnz];
        }
        if (rowLoss.length < batch) {
            rowLoss = new double[batch];
        }
        float inv = 1f / batch;
        for (int g0 = 0; g0 < batch; g0 += POOL_ROWS) {
            int g1 = Math.min(batch, g0 + POOL_ROWS);
            group(k, h, g0, g1, ptr, ci, negatives, inv, rnd, dh);
        }
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            sum += rowLoss[r];
        }
        // the positives: dh row by row (split between threads), then their gradient rows in order
        par.forRange(batch, ROWS_PER_CHUNK, (worker, from, to) -> {
            FloatKernels kw = Kernels.get();
            for (int r = from; r < to; r++) {
                for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                    out.backToInput(kw, ci[q], posGrad[q], dh, r * in);
                }
            }
        });
        for (int r = 0; r < batch; r++) {
            for (int q = ptr[r]; q < ptr[r + 1]; q++) {
                out.addGradient(k, ci[q], posGrad[q], h, r * in);
            }
        }
        return sum / batch;
    }

    /** Rows {@code [g0, g1)} with their own pool: losses, pool gradients, and dh (overwritten) of those rows. */
    private void group(FloatKernels k, float[] h, int g0, int g1, int[] ptr, int[] ci, int negatives, float inv,
                       SplittableRandom rnd, float[] dh) {
        int rows = g1 - g0;
        int m = poolSize(negatives, ptr[g1] - ptr[g0], rows, n);
        if (pool.length < m) {
            pool = new int[m];
            wp = new float[m * in];
            wpT = new float[m * in];
            bp = new float[m];
            dwp = new float[m * in];
            dbp = new float[m];
        }
        if (grid.length < rows * m) {
            grid = new float[rows * m];
        }
        for (int s = 0; s < m; s++) {
            pool[s] = uniform.draw(rnd);
        }
        Arrays.sort(pool, 0, m); // the gradient rows of the pool come in item order
        if (m > 0) {
            out.gather(pool, m, wp, wpT, bp);
            Dense.gemm(par, false, false, rows, m, in, 1f, h, g0 * in, in, wpT, 0, m, 0f, grid, 0, m);
        }
        par.forRange(rows, ROWS_PER_CHUNK, (worker, from, to) -> {
            FloatKernels kw = Kernels.get();
            for (int r = g0 + from; r < g0 + to; r++) {
                rowLoss[r] = row(kw, h, r, (r - g0) * m, ptr, ci, m, negatives, inv);
            }
        });
        if (m > 0) {
            // the pool: dh = G wp, its weight gradients G^T h, bias gradients the column sums of G
            Dense.gemm(par, false, false, rows, in, m, 1f, grid, 0, m, wp, 0, in, 0f, dh, g0 * in, in);
            Dense.gemm(par, true, false, m, in, rows, 1f, grid, 0, m, h, g0 * in, in, 0f, dwp, 0, in);
            Arrays.fill(dbp, 0, m, 0f);
            for (int r = 0; r < rows; r++) {
                k.axpy(m, 1f, grid, r * m, dbp, 0);
            }
            out.addGradients(k, pool, m, dwp, dbp);
        } else {
            Arrays.fill(dh, g0 * in, g1 * in, 0f);
        }
    }

    /**
     * Row r's loss; leaves dL/dz of its positives in {@code posGrad} and of the pool in
     * {@code grid[o ..]} (which holds the pool's raw logits on entry). A pool item that is one of the
     * row's positives (found by merging the two sorted lists) is dropped.
     */
    private double row(FloatKernels k, float[] h, int r, int o, int[] ptr, int[] ci, int m, int negatives, float inv) {
        int p0 = ptr[r];
        int p1 = ptr[r + 1];
        int positives = p1 - p0;
        double l = 0;
        for (int q = p0; q < p1; q++) {
            float z = out.logit(k, h, r * in, ci[q]);
            l += BinaryCrossEntropy.loss(z, 1f);
            posGrad[q] = (Sigmoid.sigmoid(z) - 1f) * inv;
        }
        int want = Math.min(positives * negatives, n - positives);
        float w = want <= 0 || m == 0 ? 0f : (float) (want / (m * (1.0 - (double) positives / n)));
        double ln = 0;
        for (int s = 0, p = p0; s < m; s++) {
            int j = pool[s];
            while (p < p1 && ci[p] < j) {
                p++;
            }
            if (w == 0f || p < p1 && ci[p] == j) {
                grid[o + s] = 0f; // a positive of this row (or no negatives): not a negative
            } else {
                float z = grid[o + s] + bp[s];
                ln += BinaryCrossEntropy.loss(z, 0f);
                grid[o + s] = w * Sigmoid.sigmoid(z) * inv;
            }
        }
        return l + w * ln;
    }
}
