package dev.recsys.nn.internal.train;

import dev.recsys.data.InteractionMatrix;
import java.util.SplittableRandom;

/**
 * A validation split cut from a training matrix: for each user (row) with at least two entries,
 * {@code round(fraction * entries)} entries chosen at random (at least one, and always leaving at
 * least one) move to the held-out matrix. Both matrices keep the original shape.
 *
 * @param train   the remaining entries
 * @param heldOut the held-out entries
 *
 * <p>Thread safety: immutable.
 */
public record HoldoutSplit(InteractionMatrix train, InteractionMatrix heldOut) {

    /**
     * Splits {@code m}.
     *
     * @param m        users x items. Not modified.
     * @param fraction share of each user's entries to hold out, in (0, 1)
     * @param seed     random seed
     * @throws IllegalArgumentException if fraction is outside (0, 1)
     */
    public static HoldoutSplit of(InteractionMatrix m, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int rows = m.rows();
        int[] ptr = m.rowPtr();
        int[] ci = m.colIdx();
        float[] v = m.values();
        int[] trPtr = new int[rows + 1];
        int[] hoPtr = new int[rows + 1];
        int[] trCols = new int[m.nnz()];
        float[] trVals = new float[m.nnz()];
        int[] hoCols = new int[m.nnz()];
        float[] hoVals = new float[m.nnz()];
        int nt = 0;
        int nh = 0;
        int[] perm = new int[0];
        boolean[] hold = new boolean[0];
        for (int r = 0; r < rows; r++) {
            int len = ptr[r + 1] - ptr[r];
            int k = len < 2 ? 0 : (int) Math.max(1, Math.min(len - 1, Math.round(fraction * len)));
            if (perm.length < len) {
                perm = new int[len];
                hold = new boolean[len];
            }
            java.util.Arrays.fill(hold, 0, len, false);
            if (k > 0) {
                for (int i = 0; i < len; i++) {
                    perm[i] = i;
                }
                for (int i = 0; i < k; i++) { // partial Fisher-Yates
                    int j = i + rnd.nextInt(len - i);
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                    hold[perm[i]] = true;
                }
            }
            for (int i = 0; i < len; i++) {
                int q = ptr[r] + i;
                if (hold[i]) {
                    hoCols[nh] = ci[q];
                    hoVals[nh++] = v[q];
                } else {
                    trCols[nt] = ci[q];
                    trVals[nt++] = v[q];
                }
            }
            trPtr[r + 1] = nt;
            hoPtr[r + 1] = nh;
        }
        return new HoldoutSplit(
                new InteractionMatrix(rows, m.cols(), trPtr, java.util.Arrays.copyOf(trCols, nt), java.util.Arrays.copyOf(trVals, nt)),
                new InteractionMatrix(rows, m.cols(), hoPtr, java.util.Arrays.copyOf(hoCols, nh), java.util.Arrays.copyOf(hoVals, nh)));
    }

}
