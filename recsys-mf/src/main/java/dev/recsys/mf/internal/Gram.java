package dev.recsys.mf.internal;

import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;

/**
 * {@code F^T F + reg I} of a row-major factor matrix, summed over fixed blocks of rows in block
 * order, so the result is the same bit for bit whatever the number of threads.
 *
 * <p>Thread safety: stateless.
 */
public final class Gram {
    private static final int BLOCK = 4096;

    private Gram() {
    }

    /**
     * Computes the k x k Gram matrix of the {@code rows} x k matrix f plus {@code reg} on the
     * diagonal.
     *
     * @param par threads for the block products (null: the calling thread)
     */
    public static float[] of(float[] f, int rows, int k, float reg, Parallel par) {
        FloatKernels kern = Kernels.get();
        int blocks = (rows + BLOCK - 1) / BLOCK;
        float[] parts = new float[Math.max(1, blocks) * k * k];
        // blocks run at once into parts of one array: a Java kernel (jblas copies arrays whole per call)
        FloatKernels blockKern = par == null || blocks <= 1 ? kern : Kernels.bestJava();
        Parallel.RangeBody body = (worker, from, to) -> {
            for (int b = from; b < to; b++) {
                int r0 = b * BLOCK;
                int n = Math.min(BLOCK, rows - r0);
                blockKern.gemm(true, false, k, k, n, 1f, f, r0 * k, k, f, r0 * k, k, 0f, parts, b * k * k, k);
            }
        };
        (par == null ? Parallel.SEQUENTIAL : par).forRange(blocks, 1, body);
        float[] g = new float[k * k];
        for (int b = 0; b < blocks; b++) {
            kern.axpy(k * k, 1f, parts, b * k * k, g, 0);
        }
        for (int q = 0; q < k; q++) {
            g[q * k + q] += reg;
        }
        return g;
    }

    /**
     * {@link #of} (on the calling thread) of the stored rows of {@code items}, dequantised a block
     * at a time: the same bits as {@code of(items.toFloats(), rows, k, reg, null)} without the
     * full float copy.
     */
    public static float[] of(QuantizedFactors items, float reg) {
        FloatKernels kern = Kernels.get();
        int rows = items.numItems();
        int k = items.dim();
        int blocks = (rows + BLOCK - 1) / BLOCK;
        float[] buf = new float[Math.min(BLOCK, Math.max(1, rows)) * k];
        float[] part = new float[k * k];
        float[] g = new float[k * k];
        for (int b = 0; b < blocks; b++) {
            int r0 = b * BLOCK;
            int n = Math.min(BLOCK, rows - r0);
            for (int j = 0; j < n; j++) {
                items.row(r0 + j, buf, j * k);
            }
            kern.gemm(true, false, k, k, n, 1f, buf, 0, k, buf, 0, k, 0f, part, 0, k);
            kern.axpy(k * k, 1f, part, 0, g, 0);
        }
        for (int q = 0; q < k; q++) {
            g[q * k + q] += reg;
        }
        return g;
    }
}
