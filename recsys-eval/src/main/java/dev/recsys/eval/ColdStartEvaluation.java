package dev.recsys.eval;

import dev.recsys.api.Scene;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.topk.TopK;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The item cold-start protocol: a fraction of the items is held out entirely (all their events go
 * to the test side), a model is trained on the rest with the item attributes of every item, and the
 * held-out items are ranked for the users who interacted with them.
 *
 * <p>Use: {@link #holdOutItems} splits the log; the caller trains an attribute-aware model on
 * {@link ItemHoldout#train()} (with the catalogue that describes every item, held-out ones
 * included); {@link #evaluate} measures it.
 *
 * <p>Relevance and history are the RATING and REVIEW events ({@link MatrixOptions#ratings()});
 * other behaviours are ignored. Per user with at least one held-out item: the held-out items are ranked by the model's score;
 * recall@K = hits in the top K / min(K, relevant); mean over those users. References on the same
 * users: a random ranking (exact expectation K * relevant / held-out / min(K, relevant)) and
 * attribute popularity ({@link #attributePopularity}). Also measured: recall@K of the held-out
 * items when the model ranks the whole catalogue (warm and cold, the user's training items
 * excluded). Scores that are NaN or infinite never enter a top K.
 *
 * <p>Thread safety: stateless; {@link #evaluate} scores on the calling thread. Concurrent calls
 * are safe when nobody modifies their arguments meanwhile and the model allows concurrent scoring.
 */
public final class ColdStartEvaluation {
    private ColdStartEvaluation() {
    }

    /**
     * A log split into events of warm items (train) and of held-out items (test).
     *
     * @param train      events of the items kept; shares the user and item index of the log
     * @param test       every event of the held-out items; shares the indices too
     * @param coldItems  the held-out item indices, increasing
     * @param seenItems  number of items with at least one event in the log
     * @param fraction   the held-out fraction asked for
     * @param seed       the seed of the held-out choice
     */
    public record ItemHoldout(Interactions train, Interactions test, int[] coldItems, int seenItems, double fraction,
                              long seed) {
        /** Number of held-out items. */
        public int coldCount() {
            return coldItems.length;
        }
    }

    /**
     * Mean recall@K over the users with at least one held-out item.
     *
     * @param k                   the cut-off
     * @param users               users evaluated (those with a held-out item)
     * @param model               the model's recall among the held-out items
     * @param random              the expected recall of a random ranking of the held-out items
     * @param attributePopularity recall of ranking the held-out items by {@link #attributePopularity}
     * @param fullCatalogue       the model's recall of the held-out items when it ranks every item
     *                            except the user's training items
     */
    public record Result(int k, int users, double model, double random, double attributePopularity,
                         double fullCatalogue) {
    }

    /**
     * Holds out {@code floor(fraction * seen items)} items chosen uniformly at random among the
     * items with events; same log, fraction and seed give the same split.
     *
     * @param log      all events. Not modified.
     * @param fraction fraction of the items with events to hold out, in (0, 1)
     * @param seed     seed of the choice
     * @throws IllegalArgumentException if {@code fraction} is outside (0, 1) or holds out no item or
     *                                  every item
     */
    public static ItemHoldout holdOutItems(Interactions log, double fraction, long seed) {
        if (log == null) {
            throw new IllegalArgumentException("log must not be null");
        }
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
        }
        int nItems = log.items().size();
        boolean[] seen = new boolean[nItems];
        int nSeen = 0;
        for (int e = 0; e < log.size(); e++) {
            if (!seen[log.item(e)]) {
                seen[log.item(e)] = true;
                nSeen++;
            }
        }
        int nCold = (int) Math.floor(fraction * nSeen);
        if (nCold < 1 || nCold >= nSeen) {
            throw new IllegalArgumentException("fraction " + fraction + " of " + nSeen + " items holds out " + nCold
                    + " items; need at least 1 and fewer than all");
        }
        boolean[] cold = new boolean[nItems];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < nCold; ) {
            int i = rnd.nextInt(nItems);
            if (seen[i] && !cold[i]) {
                cold[i] = true;
                c++;
            }
        }
        IntArrayList trainPos = new IntArrayList();
        IntArrayList testPos = new IntArrayList();
        for (int e = 0; e < log.size(); e++) {
            (cold[log.item(e)] ? testPos : trainPos).add(e);
        }
        int[] coldIds = new int[nCold];
        for (int i = 0, c = 0; i < nItems; i++) {
            if (cold[i]) {
                coldIds[c++] = i;
            }
        }
        return new ItemHoldout(log.select(trainPos.toIntArray()), log.select(testPos.toIntArray()), coldIds, nSeen,
                fraction, seed);
    }

    /**
     * Evaluates a model trained on {@code holdout.train()}. Each user is queried in scene
     * {@link Scene#HOME} with their training items (weight 1) as history; a model that cannot score
     * the user counts as scoring every item 0.
     *
     * @param holdout the split. Not modified.
     * @param catalog the attributes of every item (for {@link #attributePopularity}). Not modified.
     * @param model   the trained model
     * @param k       the cut-off, &gt;= 1
     * @throws IllegalArgumentException if {@code k < 1} or no user has an event on a held-out item
     */
    public static Result evaluate(ItemHoldout holdout, ItemCatalog catalog, TrainedModel model, int k) {
        if (holdout == null || catalog == null || model == null) {
            throw new IllegalArgumentException("holdout, catalog and model must not be null");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int nItems = catalog.items().size();
        int[] coldIds = holdout.coldItems();
        int nCold = coldIds.length;
        InteractionMatrix trainM = MatrixBuilder.build(holdout.train(), MatrixOptions.ratings());
        InteractionMatrix testM = MatrixBuilder.build(holdout.test(), MatrixOptions.ratings());
        float[] attrPop = attributePopularity(catalog, trainM, nItems);
        float[] s = new float[nItems];
        TopK topK = new TopK(k);
        int[] top = new int[k];
        float[] topScores = new float[k];
        double rModel = 0;
        double rRandom = 0;
        double rPop = 0;
        double rFull = 0;
        int users = 0;
        for (int u = 0; u < testM.rows(); u++) {
            int rel = testM.rowLength(u);
            if (rel == 0) {
                continue;
            }
            users++;
            int[] items = u < trainM.rows() ? trainM.rowColumns(u) : new int[0];
            float[] w = new float[items.length];
            Arrays.fill(w, 1f);
            if (!model.score(Query.ofUser(u, items, w, Scene.HOME), s)) {
                Arrays.fill(s, 0f);
            }
            double denom = Math.min(k, rel);
            rModel += hits(topK, s, coldIds, top, topScores, testM, u) / denom;
            rPop += hits(topK, attrPop, coldIds, top, topScores, testM, u) / denom;
            rRandom += (double) k * rel / nCold / denom;
            for (int i : items) {
                s[i] = Float.NEGATIVE_INFINITY;
            }
            topK.reset(k);
            topK.collect(s, null, null, null);
            int n = topK.drain(top, topScores);
            int h = 0;
            for (int t = 0; t < n; t++) {
                h += testM.get(u, top[t]) != 0f ? 1 : 0;
            }
            rFull += h / denom;
        }
        if (users == 0) {
            throw new IllegalArgumentException("no user has an event on a held-out item");
        }
        return new Result(k, users, rModel / users, rRandom / users, rPop / users, rFull / users);
    }

    /** Hits of user {@code u} among the top K of the held-out items by {@code scores}. */
    private static int hits(TopK topK, float[] scores, int[] coldIds, int[] top, float[] topScores,
                            InteractionMatrix test, int u) {
        topK.reset(top.length);
        topK.collect(scores, coldIds, 0, coldIds.length, null, null, null);
        int n = topK.drain(top, topScores);
        int h = 0;
        for (int t = 0; t < n; t++) {
            h += test.get(u, top[t]) != 0f ? 1 : 0;
        }
        return h;
    }

    /**
     * The attribute-popularity reference score of every item: the mean over its attribute values
     * of the mean training popularity (event count in {@code train}) of the items with events that
     * have that value; 0 for an item without values. Values are the categorical attribute values
     * and, for numeric attributes whose every value is 0 or 1 (flags), the value 1.
     *
     * @param catalog the attributes. Not modified.
     * @param train   the training matrix (items = columns). Not modified.
     * @param nItems  number of items to score
     * @return one finite score per item
     */
    public static float[] attributePopularity(ItemCatalog catalog, InteractionMatrix train, int nItems) {
        int[] count = new int[nItems];
        for (int q = 0; q < train.nnz(); q++) {
            count[train.colIdx()[q]]++;
        }
        List<int[]> values = new ArrayList<>(); // per feature: value code per item (-1 = none)
        for (String attr : catalog.categoricalAttributes()) {
            int[] v = new int[nItems];
            for (int i = 0; i < nItems; i++) {
                v[i] = catalog.code(attr, i);
            }
            values.add(v);
        }
        for (String attr : catalog.numericAttributes()) {
            int[] v = new int[nItems];
            boolean flag = true;
            for (int i = 0; i < nItems && flag; i++) {
                float x = catalog.numeric(attr, i, 0f);
                flag = x == 0f || x == 1f;
                v[i] = x == 1f ? 0 : -1;
            }
            if (flag) {
                values.add(v);
            }
        }
        double[] sum = new double[nItems];
        int[] num = new int[nItems];
        for (int[] v : values) {
            int codes = 0;
            for (int x : v) {
                codes = Math.max(codes, x + 1);
            }
            double[] popSum = new double[codes];
            int[] popNum = new int[codes];
            for (int i = 0; i < nItems; i++) {
                if (v[i] >= 0 && count[i] > 0) {
                    popSum[v[i]] += count[i];
                    popNum[v[i]]++;
                }
            }
            for (int i = 0; i < nItems; i++) {
                if (v[i] >= 0 && popNum[v[i]] > 0) {
                    sum[i] += popSum[v[i]] / popNum[v[i]];
                    num[i]++;
                }
            }
        }
        float[] out = new float[nItems];
        for (int i = 0; i < nItems; i++) {
            out[i] = num[i] == 0 ? 0f : (float) (sum[i] / num[i]);
        }
        return out;
    }
}
