package dev.recsys.privacy;

import dev.recsys.api.Scene;
import dev.recsys.baseline.ItemCooccurrence;
import dev.recsys.baseline.Popularity;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.internal.scene.Summaries;
import dev.recsys.internal.scene.TrainingBehaviours;
import dev.recsys.internal.scene.TrainingSummary;
import dev.recsys.serving.ModelMetadata;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingListener;
import java.util.Set;

/**
 * Forgets a user: removes their events from a data set and their traces from a served model
 * (the right to erasure). {@link dev.recsys.scene.SceneEngine#forget} applies both to a running
 * engine and drops the user's real-time state too.
 *
 * <ul>
 *   <li>{@link #forget(Dataset, String)}: the data set without the user's events and without their
 *       id. The remaining users keep their order, the item index and catalogue (the shop's items)
 *       are kept as they are, so training on the result gives, with the same seed and parameters,
 *       exactly the model trained on data that never held the user (a test checks this bit for bit
 *       for every registered algorithm).</li>
 *   <li>{@link #forget(RecommenderModel, Dataset, String)}: a model that no longer knows the user.
 *       Count-based models ({@link #countBased}: popularity, item co-occurrence) are retrained on
 *       the forgotten data at once, so their counts no longer hold the user. For the others the
 *       user's id is replaced by a tombstone that no id maps to, so their user vector and history
 *       row are never served again, their history row is emptied, and the cold-start popularity,
 *       trending scores and co-view/co-purchase associations are recomputed from the forgotten
 *       data. What the user contributed to the item factors or weights of such a model goes at the
 *       next retrain (on {@link #forget(Dataset, String) forgotten} data) and swap; until then the
 *       factor row itself stays, unreachable, inside the trained model, and a model file saved
 *       from it still holds that row under the tombstone id.</li>
 * </ul>
 *
 * <p>Thread safety: stateless and thread-safe. Nothing is modified: the arguments are read, new
 * objects returned (the forgotten data set shares the original's item index and catalogue, which
 * nobody may modify afterwards).
 */
public final class Forgetting {
    private static final Set<String> COUNT_BASED = Set.of(Popularity.NAME, ItemCooccurrence.NAME);
    /** Prefix of the tombstone that replaces a forgotten string user id in a model's user index. */
    static final String TOMBSTONE = "\u0000forgotten-";

    private Forgetting() {
    }

    /**
     * What {@link #forget(RecommenderModel, Dataset, String)} returns.
     *
     * @param model           the model without the user
     * @param trainingData    the training data without the user, or null when none was given
     * @param countsCorrected whether the model was rebuilt from the forgotten data (count-based
     *                        models with training data), so nothing of the user is left in it
     *
     * <p>Thread safety: immutable.
     */
    public record Result(RecommenderModel model, Dataset trainingData, boolean countsCorrected) {
    }

    /**
     * Whether an algorithm's model is made of counts that {@link #forget(RecommenderModel, Dataset, String)}
     * corrects at once (by recounting): {@code popularity} and {@code item-cooccurrence}.
     */
    public static boolean countBased(String algorithm) {
        return algorithm != null && COUNT_BASED.contains(algorithm);
    }

    /**
     * The data set without the user's events and id (see the class comment). Returns {@code data}
     * itself when it does not hold the user.
     *
     * @param data events and catalogue. Not modified.
     * @param user the user's external id
     * @throws IllegalArgumentException if an argument is null
     */
    public static Dataset forget(Dataset data, String user) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (user == null) {
            throw new IllegalArgumentException("user must not be null");
        }
        Interactions in = data.interactions();
        int target = index(in.users(), user);
        if (target < 0) {
            return data;
        }
        IdIndex users = new IdIndex();
        int[] map = new int[in.users().size()];
        for (int u = 0; u < map.length; u++) {
            map[u] = u == target ? -1 : users.add(in.users().idOf(u));
        }
        Interactions out = new Interactions(users, in.items(), in.size());
        for (Scene s : in.scenes()) {
            out.sceneCode(s);
        }
        for (int e = 0; e < in.size(); e++) {
            int u = in.user(e);
            if (u != target) {
                out.add(map[u], in.item(e), in.behavior(e), in.value(e), in.time(e), in.sceneCode(e));
            }
        }
        out.trimToSize();
        return new Dataset(out, data.catalog());
    }

    /**
     * A model that no longer knows the user (see the class comment).
     *
     * @param model    the served model. Not modified.
     * @param training the events it was trained on, or null if they are not at hand (then only the
     *                 user's id, history row and per-user summary rows are removed; counts are
     *                 corrected at the next retrain). Not modified.
     * @param user     the user's external id
     * @throws IllegalArgumentException if model or user is null, or a count-based model's training
     *                                  data no longer holds any event once the user is forgotten
     */
    public static Result forget(RecommenderModel model, Dataset training, String user) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (user == null) {
            throw new IllegalArgumentException("user must not be null");
        }
        Dataset data = training == null ? null : forget(training, user);
        ModelMetadata meta = model.metadata();
        int u = index(model.users(), user);
        if (u < 0 && data == training) {
            return new Result(model, training, false); // nothing of the user in either
        }
        if (data != null && countBased(meta.algorithm())) {
            RecommenderModel m = Recommenders.train(data, Algorithms.byName(meta.algorithm()), meta.params().asText(),
                    meta.matrixOptions(), meta.popularityHalfLifeDays(), TrainingListener.NONE);
            return new Result(m, data, true);
        }
        boolean recount = data != null && data.interactions().items().size() == model.numItems();
        if (u < 0 && !recount) {
            return new Result(model, data, false);
        }
        IdIndex users = u < 0 ? model.users() : tombstone(model.users(), u);
        InteractionMatrix history = u < 0 ? model.history() : withoutRow(model.history(), u);
        float[] popularity = model.popularity();
        TrainingSummary old = Summaries.of(model);
        TrainingSummary summary = old;
        if (recount) {
            popularity = Popularity.counts(data.interactions(), meta.matrixOptions(),
                    meta.popularityHalfLifeDays() * 86_400.0);
            if (old != null) {
                summary = TrainingSummary.of(data.interactions(), users, model.items(), model.catalog(),
                        meta.matrixOptions(), old.trendingHalfLifeDays(), old.sessionGapSeconds());
            }
        } else if (old != null) {
            summary = withoutUser(old, u);
        }
        RecommenderModel m = Summaries.access().create(model.model(), users, model.items(), history, model.catalog(),
                popularity, meta, summary);
        return new Result(m, data, false);
    }

    private static int index(IdIndex index, String id) {
        int i = index.indexOf(id);
        return i >= 0 && i < index.size() ? i : -1;
    }

    /** A copy of the index with entry {@code u} replaced by an id nobody has. */
    static IdIndex tombstone(IdIndex index, int u) {
        if (index.isNumeric()) {
            long[] ids = index.toLongArray();
            long t = Long.MIN_VALUE + 1 + u;
            while (index.indexOf(t) >= 0) {
                t++;
            }
            ids[u] = t;
            return IdIndex.ofLongs(ids);
        }
        String[] ids = index.toStringArray();
        String t = TOMBSTONE + u;
        while (index.indexOf(t) >= 0) {
            t += "'";
        }
        ids[u] = t;
        return IdIndex.ofStrings(ids);
    }

    private static InteractionMatrix withoutRow(InteractionMatrix m, int row) {
        int[] ptr = m.rowPtr();
        int len = ptr[row + 1] - ptr[row];
        int[] p = new int[ptr.length];
        for (int r = 0; r < m.rows(); r++) {
            p[r + 1] = ptr[r + 1] - (r >= row ? len : 0);
        }
        int[] cols = new int[m.nnz() - len];
        float[] vals = new float[cols.length];
        System.arraycopy(m.colIdx(), 0, cols, 0, ptr[row]);
        System.arraycopy(m.colIdx(), ptr[row + 1], cols, ptr[row], m.nnz() - ptr[row + 1]);
        System.arraycopy(m.values(), 0, vals, 0, ptr[row]);
        System.arraycopy(m.values(), ptr[row + 1], vals, ptr[row], m.nnz() - ptr[row + 1]);
        return new InteractionMatrix(m.rows(), m.cols(), p, cols, vals);
    }

    private static TrainingSummary withoutUser(TrainingSummary s, int u) {
        if (u < 0) {
            return s;
        }
        TrainingBehaviours b = s.behaviours();
        int[] ptr = b.pointerArray();
        int len = ptr[u + 1] - ptr[u];
        int[] p = ptr.clone();
        for (int r = u + 1; r < p.length; r++) {
            p[r] -= len;
        }
        int[] items = new int[b.itemArray().length - len];
        byte[] ranks = new byte[items.length];
        System.arraycopy(b.itemArray(), 0, items, 0, ptr[u]);
        System.arraycopy(b.itemArray(), ptr[u + 1], items, ptr[u], b.itemArray().length - ptr[u + 1]);
        System.arraycopy(b.rankArray(), 0, ranks, 0, ptr[u]);
        System.arraycopy(b.rankArray(), ptr[u + 1], ranks, ptr[u], b.rankArray().length - ptr[u + 1]);
        int[] last = s.lastPurchase().clone();
        last[u] = -1;
        return new TrainingSummary(s.trending(), s.trendingHalfLifeDays(), s.sessionGapSeconds(), s.coView(), s.coBuy(),
                s.categoryCoBuy(), TrainingBehaviours.of(b.numUsers(), s.trending().length, p, items, ranks), last);
    }
}
