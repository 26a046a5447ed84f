package dev.recsys.internal.ann;

import dev.recsys.spi.FactorModel;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;
import java.util.Arrays;

/**
 * A factor model's {@link TrainedModel#score} through its serving path, for the evaluator: the
 * user row is the stored vector of a known user (or the fold-in of the query's events otherwise),
 * every item scored {@code x . f_i + b_i} in the stored form; with an index, only the
 * {@code depth} best items outside the query's own items (the index's candidates re-scored, as
 * the scene engine serves them) get a score, the others {@code NEGATIVE_INFINITY}. The ranking
 * equals the model's own up to the per-user constant its scores add (global mean, user bias) and
 * the storage's rounding.
 *
 * <p>Thread safety: safe for concurrent use (as the wrapped model).
 */
public final class ServedModel implements TrainedModel {
    private final TrainedModel model;
    private final FactorModel factors;
    private final ItemSearch search;
    private final int depth;

    /**
     * @param depth how many items an index search returns (outside the query's own items)
     */
    public ServedModel(TrainedModel model, ItemSearch search, int depth) {
        if (!(model instanceof FactorModel fm) || search.model() != fm) {
            throw new IllegalArgumentException("the serving data belongs to another model");
        }
        this.model = model;
        this.factors = fm;
        this.search = search;
        this.depth = depth;
    }

    @Override
    public String algorithm() {
        return model.algorithm();
    }

    @Override
    public Params params() {
        return model.params();
    }

    @Override
    public int numItems() {
        return model.numItems();
    }

    @Override
    public boolean score(Query query, float[] out) {
        float[] x;
        int u = query.user();
        if (u >= 0 && u < factors.numUsers()) {
            x = factors.userVector(u);
        } else if (query.items().length > 0) {
            x = factors.foldIn(query.items(), query.weights());
        } else {
            return false;
        }
        if (!search.hasIndex()) {
            search.scoreAll(x, 0, out);
            return true;
        }
        int want = Math.min(numItems(), depth);
        int[] rows = new int[want];
        float[] scores = new float[want];
        // the query's own items are left out of the search (as the scene engine's exclusions are)
        it.unimi.dsi.fastutil.ints.IntOpenHashSet seen = new it.unimi.dsi.fastutil.ints.IntOpenHashSet(query.items());
        int got = search.topK(x, 0, want, seen.isEmpty() ? null : seen::contains, rows, scores);
        Arrays.fill(out, 0, numItems(), Float.NEGATIVE_INFINITY);
        for (int j = 0; j < got; j++) {
            out[rows[j]] = scores[j];
        }
        return true;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        model.save(out);
    }
}
