package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import java.util.Arrays;

/**
 * What the dense item-item models (EASE and its scene-aware version) share: the item Gram matrix
 * of a set of users' rows, and scoring a history with an item x item weight matrix.
 *
 * <p>Thread safety: stateless; concurrent calls must use distinct output arrays.
 */
public final class ItemItem {
    private ItemItem() {
    }

    /**
     * Adds {@code weight * X_U^T X_U} to the n x n row-major matrix g, X the interaction matrix
     * (1 per interaction when {@code binary}, else its values), U the given rows in the given order.
     *
     * @param m      interactions, n columns. Not modified.
     * @param users  row indices, or null for all rows. Not modified.
     * @param g      n x n. Modified.
     */
    public static void addGram(InteractionMatrix m, boolean binary, int[] users, float weight, float[] g, int n) {
        if (weight == 0f) {
            return;
        }
        int[] ptr = m.rowPtr();
        int[] col = m.colIdx();
        float[] val = m.values();
        int count = users == null ? m.rows() : users.length;
        for (int k = 0; k < count; k++) {
            int u = users == null ? k : users[k];
            for (int a = ptr[u]; a < ptr[u + 1]; a++) {
                float xa = weight * (binary ? 1f : val[a]);
                int row = col[a] * n;
                for (int b = ptr[u]; b < ptr[u + 1]; b++) {
                    g[row + col[b]] += xa * (binary ? 1f : val[b]);
                }
            }
        }
    }

    /**
     * {@code out = base + sum_j x_j B[j][:]} over the history (x_j = 1 when {@code binary}, else
     * the history weight).
     *
     * @param b    n x n row-major weights. Not modified.
     * @param base n intercepts, or null for 0. Not modified.
     * @param h    the history. Not modified.
     * @param out  at least n entries; the first n are overwritten. Modified.
     */
    public static void score(float[] b, float[] base, int n, boolean binary, History h, float[] out) {
        if (base == null) {
            Arrays.fill(out, 0, n, 0f);
        } else {
            System.arraycopy(base, 0, out, 0, n);
        }
        FloatKernels kern = Kernels.get();
        for (int j = 0; j < h.size(); j++) {
            float x = binary ? 1f : h.weights()[j];
            if (x != 0f) {
                kern.axpy(n, x, b, h.items()[j] * n, out, 0);
            }
        }
    }
}
