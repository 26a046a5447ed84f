package dev.recsys.mf;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.History;
import dev.recsys.spi.Query;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * How the factor models of this package turn a {@link Query} into the user row they score with,
 * one rule for all of them: a known user whose query history is exactly their training row (same
 * items and weights, checked by {@link Fingerprints}), or who comes with no history at all, uses
 * the stored row; otherwise the user is folded in from the query's events; a query with neither a
 * known user nor usable events has nothing to score from.
 *
 * <p>Thread safety: stateless.
 */
final class QueryUser {
    private QueryUser() {
    }

    /**
     * The row to score with, or null when there is nothing to score from.
     *
     * @param stored  the stored row of a known user (called only for one)
     * @param history the query's events as the model reads them (built only when needed)
     * @param fold    the row folded in from a non-empty history
     */
    static float[] row(Query query, int numUsers, Fingerprints fingerprints, IntFunction<float[]> stored,
                       Supplier<History> history, Function<History, float[]> fold) {
        int u = query.user();
        boolean known = u >= 0 && u < numUsers && fingerprints.count(u) > 0;
        if (known && (query.items().length == 0 || fingerprints.matches(u, query.items(), query.weights()))) {
            return stored.apply(u);
        }
        History h = history.get();
        if (h.size() == 0) {
            return known ? stored.apply(u) : null;
        }
        return fold.apply(h);
    }

    /** A copy of row {@code user} of the row-major {@code numUsers x k} matrix, after checking the index. */
    static float[] vector(float[] rows, int user, int numUsers, int k) {
        checkUser(user, numUsers);
        return Arrays.copyOfRange(rows, user * k, user * k + k);
    }

    /**
     * The biased models' scores: {@code out[i] = mu + row[0] + itemBias[i] + row[1..k] . q_i} for
     * every item, {@code row} in the layout of {@link #biasAndVector}. out modified.
     */
    static void biasedScores(float[] itemFactors, float[] itemBias, int numItems, int k, float mu, float[] row,
                             float[] out) {
        Kernels.get().scoreRows(itemFactors, numItems, k, row, 1, out, 0);
        float base = mu + row[0];
        for (int i = 0; i < numItems; i++) {
            out[i] += base + itemBias[i];
        }
    }

    /** {@code [bias[user], rows[user]...]}: the layout the biased models' fold-ins return. */
    static float[] biasAndVector(float[] bias, dev.recsys.internal.rows.FactorRows rows, int user, int k) {
        float[] r = new float[k + 1];
        r[0] = bias[user];
        rows.copyRow(user, r, 1);
        return r;
    }

    /** @throws IllegalArgumentException naming the index if {@code user} is not in {@code [0, numUsers)} */
    static void checkUser(int user, int numUsers) {
        if (user < 0 || user >= numUsers) {
            throw new IllegalArgumentException("user index " + user + " is outside [0, " + numUsers + ")");
        }
    }
}
