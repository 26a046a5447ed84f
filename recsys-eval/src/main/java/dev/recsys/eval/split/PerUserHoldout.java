package dev.recsys.eval.split;

import dev.recsys.data.Interactions;
import dev.recsys.eval.internal.PairGroups;
import dev.recsys.internal.sample.Shuffle;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Per-user (stratified) hold-out, e.g. 75/25 per user: of each user's {@code g} distinct items,
 * {@code min(g - 1, round(g * testFraction))} seeded random ones go to test with all their events.
 * Promises: every test user keeps at least one training item (users with a single item stay
 * entirely in training), and no (user, item) pair is on both sides. Items may appear only in test.
 *
 * @param testFraction share of each user's items held out, in (0, 1)
 * @param seed         random seed (users are shuffled in index order from one generator)
 *
 * <p>Thread safety: immutable.
 */
public record PerUserHoldout(double testFraction, long seed) implements SplitProtocol {
    /** Validates the fraction. */
    public PerUserHoldout {
        Splits.checkFraction(testFraction);
    }

    @Override
    public List<Split> split(Interactions log) {
        PairGroups g = new PairGroups(log);
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] inTest = new boolean[log.size()];
        int[] idx = new int[g.size];
        for (int i = 0; i < g.size; i++) {
            idx[i] = i;
        }
        int a = 0;
        while (a < g.size) {
            int b = a;
            while (b < g.size && g.user[b] == g.user[a]) {
                b++;
            }
            int count = b - a;
            int nTest = Math.min(count - 1, (int) Math.round(count * testFraction));
            if (nTest > 0) {
                Shuffle.ints(idx, a, b, rng);
                for (int i = a; i < a + nTest; i++) {
                    g.mark(idx[i], inTest, true);
                }
            }
            a = b;
        }
        return List.of(Splits.of(log, inTest, describe()));
    }

    @Override
    public String describe() {
        return "per-user hold-out " + Splits.percent(testFraction) + " of each user's items (seed " + seed + ")";
    }
}
