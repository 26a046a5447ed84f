package dev.recsys.eval.split;

import dev.recsys.data.Interactions;
import dev.recsys.eval.internal.PairGroups;

/** Shared helpers of the split protocols. */
final class Splits {
    private Splits() {
    }

    static Split of(Interactions log, boolean[] inTest, String description) {
        Interactions train = log.select(PairGroups.positions(inTest, false));
        Interactions test = log.select(PairGroups.positions(inTest, true));
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException(description + " leaves " + (train.isEmpty() ? "the training" : "the test")
                    + " set empty (" + log.size() + " events)");
        }
        return new Split(train, test, description);
    }

    static double checkFraction(double f) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + f);
        }
        return f;
    }

    static String percent(double f) {
        double p = f * 100;
        return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "%";
    }
}
