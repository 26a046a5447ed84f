package dev.recsys.eval.split;

import dev.recsys.data.Interactions;
import dev.recsys.eval.internal.PairGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * k-fold cross-validation over (user, item) pairs: the pairs are shuffled with the seed and dealt
 * round-robin into {@code k} folds; split {@code f} tests on fold {@code f} and trains on the rest.
 * Promises: the k test sets are disjoint and together hold every event; no pair is on both sides
 * of a split.
 *
 * @param k    number of folds, at least 2
 * @param seed random seed
 *
 * <p>Thread safety: immutable.
 */
public record KFold(int k, long seed) implements SplitProtocol {
    /** Validates k. */
    public KFold {
        if (k < 2) {
            throw new IllegalArgumentException("k must be >= 2, got " + k);
        }
    }

    @Override
    public List<Split> split(Interactions log) {
        PairGroups g = new PairGroups(log);
        if (g.size < k) {
            throw new IllegalArgumentException(k + "-fold cross-validation needs at least " + k + " (user, item) pairs, the log has " + g.size);
        }
        int[] perm = g.shuffled(new SplittableRandom(seed));
        int[] fold = new int[g.size];
        for (int r = 0; r < g.size; r++) {
            fold[perm[r]] = r % k;
        }
        List<Split> out = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            boolean[] inTest = new boolean[log.size()];
            for (int grp = 0; grp < g.size; grp++) {
                if (fold[grp] == f) {
                    g.mark(grp, inTest, true);
                }
            }
            out.add(Splits.of(log, inTest, describe() + ", fold " + (f + 1) + "/" + k));
        }
        return List.copyOf(out);
    }

    @Override
    public String describe() {
        return k + "-fold cross-validation of (user, item) pairs (seed " + seed + ")";
    }
}
