package dev.recsys.eval.context;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.data.DataField;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A protocol that evaluates one scene of the serving path on cases cut from test events: each case
 * is a request context (a cart, a session prefix) and one held-out item. {@link #evaluate} builds
 * the cases ({@link #cases}), asks the model's scene engine ({@link RecommenderModel#recommender()},
 * the engine {@code recsys recommend} answers with) for the top {@code k} of each case, and scores
 * the held-out item's rank: HitRate@k (listed or not), MRR@k (1/rank) and NDCG@k
 * (1/log2(rank + 1)), each the mean over the cases. The lists are scored as served, the scene's own
 * trending backfill included.
 *
 * <p><b>Grouping.</b> When the test log has the protocol's group column (basket ids for
 * {@link BasketProtocol}, session ids for {@link SessionProtocol}; {@link Interactions#hasBaskets()},
 * {@link Interactions#hasSessions()}, loaded from a {@code basket=} or {@code session=} column), a
 * user's test events with the same id form one group and events without an id are left out (counted
 * in the skip reasons); {@code gapSeconds} is then unused. Without the column a user's test events
 * are grouped by time: an event more than {@code gapSeconds} after the user's previous (grouped)
 * event starts a new basket or session. {@link #rule(Interactions)} states which rule applies.
 *
 * <p><b>Determinism.</b> Cases are built in (user index, [group code,] time, event position) order and the held-out
 * positions are drawn from one {@link java.util.SplittableRandom} seeded with {@code seed} in that
 * order; cases are then ranked in parallel on {@code threads} threads into per-case slots and the
 * metrics summed in case order, so the result does not depend on the thread count.
 *
 * <p>Thread safety: immutable; {@code evaluate} may be called concurrently.
 */
public abstract sealed class ContextProtocol permits BasketProtocol, SessionProtocol {
    /** Default gap that ends a basket or session: {@value SceneEngine#DEFAULT_SESSION_GAP_SECONDS} seconds, as the scene engine's sessions. */
    public static final long DEFAULT_GAP_SECONDS = SceneEngine.DEFAULT_SESSION_GAP_SECONDS;
    /** Default cut-off. */
    public static final int DEFAULT_K = 10;
    /** Largest accepted cut-off. */
    public static final int MAX_K = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ContextProtocol.class);

    final long gapSeconds;
    final int k;
    final long seed;
    final int threads;

    ContextProtocol(long gapSeconds, int k, long seed, int threads) {
        if (gapSeconds < 0) {
            throw new IllegalArgumentException("gapSeconds must be >= 0, got " + gapSeconds);
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be in [1, " + MAX_K + "], got " + k);
        }
        Parallel.resolve(threads); // names 'threads' if out of range
        this.gapSeconds = gapSeconds;
        this.k = k;
        this.seed = seed;
        this.threads = threads;
    }

    /** {@code basket} or {@code session}. */
    public abstract String name();

    /**
     * The one-line statement of the protocol's rules when the test log has no group column (the
     * time-gap rule); see {@link #rule(Interactions)}.
     */
    public abstract String rule();

    /**
     * The one-line statement of the rules as they apply to {@code test} (printed with every result):
     * groups from the protocol's id column when the log has it, else {@link #rule()}.
     *
     * @throws IllegalArgumentException if {@code test} is null
     */
    public String rule(Interactions test) {
        if (test == null) {
            throw new IllegalArgumentException("test must not be null");
        }
        return groupedByColumn(test) ? columnRule() : rule();
    }

    /** The rule when groups come from the id column. */
    abstract String columnRule();

    /** Whether this protocol groups {@code test} by its id column (the log has the column). */
    abstract boolean groupedByColumn(Interactions test);

    /** The group code of event {@code e} ({@link Interactions#NO_GROUP}: none); used when {@link #groupedByColumn}. */
    abstract int groupCode(Interactions test, int e);

    /** {@code basket} or {@code session}: what the id column holds, for messages. */
    abstract String groupLabel();

    /**
     * The optional data fields this protocol reads from a test log (see {@link DataField}): its id
     * column when the log has it ({@link DataField#BASKET} or {@link DataField#SESSION}) and the item
     * category, which the serving path's scenes use. Add the model's own
     * ({@link dev.recsys.serving.Recommenders#readFields}) and pass the union to
     * {@link dev.recsys.data.Dataset#unusedFields} to warn about columns given and not used.
     *
     * @throws IllegalArgumentException if {@code test} is null
     */
    public Set<DataField> reads(Interactions test) {
        if (test == null) {
            throw new IllegalArgumentException("test must not be null");
        }
        EnumSet<DataField> out = EnumSet.of(DataField.CATEGORY);
        if (groupedByColumn(test)) {
            out.add(groupLabel().equals("basket") ? DataField.BASKET : DataField.SESSION);
        }
        return out;
    }

    /** The gap in seconds that ends a basket or session. */
    public long gapSeconds() {
        return gapSeconds;
    }

    /** The cut-off. */
    public int k() {
        return k;
    }

    /** The seed of the held-out choice. */
    public long seed() {
        return seed;
    }

    /** Worker threads (0: all available processors). */
    public int threads() {
        return threads;
    }

    /**
     * The cases of a test log, in evaluation order.
     *
     * @param test    the test events. Not modified.
     * @param known   whether the model can rank an item (by the test log's dense item index)
     * @param skipped receives the count of every reason a basket or session gave no case
     */
    abstract List<ContextCase> cases(Interactions test, IntPredicate known, Map<String, Integer> skipped);

    /** The request that asks the scene for a case. */
    abstract RecommendRequest request(ContextCase c);

    /**
     * The cases this protocol cuts from a test log for a model (public for inspection and tests).
     *
     * @param model the model whose items can be held out. Not modified.
     * @param test  the test events. Not modified.
     * @throws IllegalArgumentException if an argument is null
     */
    public List<ContextCase> cases(RecommenderModel model, Interactions test) {
        check(model, test);
        return cases(test, knownItems(model, test.items()), new LinkedHashMap<>());
    }

    /**
     * Evaluates the model's serving path on the test log's cases.
     *
     * @param model     the model, trained on data before the test events. Not modified.
     * @param test      the test events. Not modified.
     * @param algorithm label for the output
     * @return the metrics, counts and rankings
     * @throws IllegalArgumentException if an argument is null or blank, or the test log gives no case
     *                                  (the message gives the counts of what was skipped)
     */
    public ContextResult evaluate(RecommenderModel model, Interactions test, String algorithm) {
        check(model, test);
        return evaluateEngine(model.recommender(), test, algorithm);
    }

    /**
     * Evaluates an engine's serving path (its declared scenes, e.g. the scene of
     * {@link SessionProtocol#leaveLastOut}) on the test log's cases, as {@link #evaluate(RecommenderModel,
     * Interactions, String)} does with the model's default engine.
     *
     * @param engine    the engine, over a model trained on data before the test events
     * @param test      the test events. Not modified.
     * @param algorithm label for the output
     * @throws IllegalArgumentException if an argument is null or blank, or the test log gives no case
     */
    public ContextResult evaluateEngine(SceneEngine engine, Interactions test, String algorithm) {
        if (engine == null) {
            throw new IllegalArgumentException("engine must not be null");
        }
        RecommenderModel model = engine.model();
        check(model, test);
        if (algorithm == null || algorithm.isBlank()) {
            throw new IllegalArgumentException("algorithm must not be blank");
        }
        // the other protocol's id column is given and not used here: a warning, not silence
        EnumSet<DataField> read = EnumSet.complementOf(EnumSet.of(DataField.BASKET, DataField.SESSION));
        read.addAll(reads(test));
        for (String w : Dataset.of(test).unusedFields(read, "the " + name() + " protocol")) {
            LOG.warn("{}", w);
        }
        long t0 = System.nanoTime();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        List<ContextCase> cases = cases(test, knownItems(model, test.items()), skipped);
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("the test events give no " + name() + " case (" + rule(test) + "); skipped: "
                    + skipped);
        }
        int n = cases.size();
        String[][] lists = new String[n][];
        float[][] scores = new float[n][];
        int[] ranks = new int[n];
        new Parallel(threads).forRange(n, 64, (worker, from, to) -> {
            for (int c = from; c < to; c++) {
                ContextCase cs = cases.get(c);
                List<Recommendation> recs = engine.recommend(request(cs));
                int len = Math.min(k, recs.size());
                String[] ids = new String[len];
                float[] sc = new float[len];
                int rank = 0;
                for (int i = 0; i < len; i++) {
                    Recommendation r = recs.get(i);
                    ids[i] = r.itemId();
                    sc[i] = r.score();
                    if (rank == 0 && r.itemId().equals(cs.target())) {
                        rank = i + 1;
                    }
                }
                lists[c] = ids;
                scores[c] = sc;
                ranks[c] = rank;
            }
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        LOG.info("{} protocol: {} cases ranked in {} s; skipped {}", name(), n, String.format(java.util.Locale.ROOT, "%.2f", secs),
                skipped);
        return new ContextResult(name(), rule(test), algorithm, k, cases, lists, scores, ranks, skipped, secs, 0.0);
    }

    private static void check(RecommenderModel model, Interactions test) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (test == null) {
            throw new IllegalArgumentException("test must not be null");
        }
    }

    /**
     * Whether the model knows each item of the test log's item index: the item has an entry in the
     * model's training matrix (an item the index holds only for its test events cannot be ranked
     * on evidence, so it is not held out).
     */
    private static IntPredicate knownItems(RecommenderModel model, IdIndex testItems) {
        InteractionMatrix h = model.history();
        boolean[] trained = new boolean[model.numItems()];
        int[] col = h.colIdx();
        for (int p = 0; p < h.nnz(); p++) {
            if (col[p] < trained.length) {
                trained[col[p]] = true;
            }
        }
        IdIndex mi = model.items();
        if (mi == testItems) {
            return i -> i >= 0 && i < trained.length && trained[i];
        }
        return i -> {
            int j = mi.indexOf(testItems.idOf(i));
            return j >= 0 && j < trained.length && trained[j];
        };
    }

    /**
     * Positions of the test events that pass {@code keep}, sorted by (user index, time, position):
     * the order in which cases are built.
     */
    static int[] byUserAndTime(Interactions test, IntPredicate keep) {
        return sorted(test, keep, null);
    }

    /**
     * The events of {@code test} that pass {@code keep}, in the order groups are cut from: with the
     * id column ({@link #groupedByColumn}) the events with an id, sorted by (user index, group code,
     * time, position), the events without one counted in {@code skipped}; else
     * {@link #byUserAndTime}.
     */
    final int[] groupOrder(Interactions test, IntPredicate keep, Map<String, Integer> skipped) {
        if (!groupedByColumn(test)) {
            return byUserAndTime(test, keep);
        }
        String noId = "test events without a " + groupLabel() + " id";
        skipped.put(noId, 0);
        return sorted(test, e -> {
            if (!keep.test(e)) {
                return false;
            }
            if (groupCode(test, e) == Interactions.NO_GROUP) {
                count(skipped, noId);
                return false;
            }
            return true;
        }, e -> groupCode(test, e));
    }

    /** The events that pass {@code keep} sorted by (user index, group code if {@code group} is not null, time, position). */
    private static int[] sorted(Interactions test, IntPredicate keep, IntUnaryOperator group) {
        int m = 0;
        int[] idx = new int[test.size()];
        for (int e = 0; e < test.size(); e++) {
            if (keep.test(e)) {
                idx[m++] = e;
            }
        }
        int[] order = java.util.Arrays.copyOf(idx, m);
        IntArrays.quickSort(order, (a, b) -> {
            int c = Integer.compare(test.user(a), test.user(b));
            if (c == 0 && group != null) {
                c = Integer.compare(group.applyAsInt(a), group.applyAsInt(b));
            }
            if (c != 0) {
                return c;
            }
            c = Long.compare(test.time(a), test.time(b));
            return c != 0 ? c : Integer.compare(a, b);
        });
        return order;
    }

    /** One group (basket or session) of the sorted events: {@code order[from, to)}. */
    @FunctionalInterface
    interface GroupBody {
        /**
         * @param user   dense user index
         * @param number the group's number among the user's groups, from 1
         * @param from   first position in the order
         * @param to     end (exclusive)
         */
        void accept(int user, int number, int from, int to);
    }

    /**
     * Splits events sorted by {@link #groupOrder} into groups: one user's events with the same id
     * (with the id column), else one user's events each at most {@code gapSeconds} after the previous one.
     */
    final void forEachGroup(Interactions test, int[] order, GroupBody body) {
        boolean byColumn = groupedByColumn(test);
        int p = 0;
        int prevUser = -1;
        int number = 0;
        while (p < order.length) {
            int u = test.user(order[p]);
            number = u == prevUser ? number + 1 : 1;
            prevUser = u;
            long last = test.time(order[p]);
            int q = p;
            int g = byColumn ? groupCode(test, order[p]) : Interactions.NO_GROUP;
            while (q < order.length && test.user(order[q]) == u
                    && (byColumn ? groupCode(test, order[q]) == g : test.time(order[q]) - last <= gapSeconds)) {
                last = test.time(order[q]);
                q++;
            }
            body.accept(u, number, p, q);
            p = q;
        }
    }

    /** Adds one to a skip reason's count. */
    static void count(Map<String, Integer> skipped, String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }
}
