package dev.recsys.eval.split;

import dev.recsys.data.Interactions;
import dev.recsys.eval.internal.PairGroups;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random hold-out: a seeded random {@code testFraction} of all (user, item) pairs goes to test,
 * with all events of a pair on the same side (so no pair is on both sides). Users or items may end
 * up only in test (cold start); use {@link PerUserHoldout} to keep every test user in training.
 *
 * @param testFraction share of pairs held out, in (0, 1); the count is rounded to the nearest integer
 * @param seed         random seed
 *
 * <p>Thread safety: immutable.
 */
public record RandomHoldout(double testFraction, long seed) implements SplitProtocol {
    /** Validates the fraction. */
    public RandomHoldout {
        Splits.checkFraction(testFraction);
    }

    @Override
    public List<Split> split(Interactions log) {
        PairGroups g = new PairGroups(log);
        int[] perm = g.shuffled(new SplittableRandom(seed));
        int nTest = (int) Math.round(g.size * testFraction);
        boolean[] inTest = new boolean[log.size()];
        for (int i = 0; i < nTest; i++) {
            g.mark(perm[i], inTest, true);
        }
        return List.of(Splits.of(log, inTest, describe()));
    }

    @Override
    public String describe() {
        return "random hold-out " + Splits.percent(testFraction) + " of (user, item) pairs (seed " + seed + ")";
    }
}
