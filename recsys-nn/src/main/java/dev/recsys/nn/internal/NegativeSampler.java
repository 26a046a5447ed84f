package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import java.util.SplittableRandom;

/**
 * Draws items a user has not interacted with, uniformly, by rejection against the user's sorted
 * row of the training matrix (binary search). Users who interacted with every item get an
 * arbitrary item (never loops forever).
 *
 * <p>Thread safety: not thread-safe (random state).
 */
public final class NegativeSampler {
    private final InteractionMatrix m;
    private final SplittableRandom rnd;

    /**
     * @param m    users x items. Not modified.
     * @param seed random seed
     */
    public NegativeSampler(InteractionMatrix m, long seed) {
        this.m = m;
        this.rnd = new SplittableRandom(seed);
    }

    /** An item not in the user's row (uniform among those). */
    public int sample(int user) {
        int n = m.cols();
        if (m.rowLength(user) >= n) {
            return rnd.nextInt(n);
        }
        while (true) {
            int j = rnd.nextInt(n);
            if (!contains(m, user, j)) {
                return j;
            }
        }
    }

    /** Whether row r of m holds column c (binary search). */
    public static boolean contains(InteractionMatrix m, int r, int c) {
        int[] ci = m.colIdx();
        int lo = m.rowPtr()[r];
        int hi = m.rowPtr()[r + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ci[mid] < c) {
                lo = mid + 1;
            } else if (ci[mid] > c) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
