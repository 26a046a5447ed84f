package dev.recsys.internal.scene;

import dev.recsys.baseline.Popularity;
import dev.recsys.data.Behavior;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;

/**
 * What the scene engine derives from a model's training events: time-decayed trending scores,
 * co-view and co-purchase associations between items and between categories, the strongest
 * behaviour per (user, item) and each user's latest purchase. A {@link dev.recsys.serving.RecommenderModel} keeps one (computed
 * once at training and stored in the model file), so every recommender of the model ranks and
 * explains the same way, before and after a save and load, without the training events.
 *
 * @param trending             one finite trending score per item
 * @param trendingHalfLifeDays half-life of the trending decay, in days
 * @param sessionGapSeconds    gap that ended a session for the associations
 * @param coView               item co-view associations
 * @param coBuy                item co-purchase (cart or purchase) associations
 * @param categoryCoBuy        category co-purchase associations (one row per category code)
 * @param behaviours           strongest training behaviour per (user, item)
 * @param lastPurchase         each user's latest purchased item in the training events (-1: none),
 *                             the item of the after-sale review page when the request names none
 *
 * <p>Thread safety: immutable (the arrays are shared read-only); safe for concurrent use.
 */
public record TrainingSummary(float[] trending, double trendingHalfLifeDays, long sessionGapSeconds,
                              Associations coView, Associations coBuy, Associations categoryCoBuy,
                              TrainingBehaviours behaviours, int[] lastPurchase) {
    /** Neighbours kept per item in the item association tables. */
    public static final int ITEM_NEIGHBOURS = 50;
    /** Neighbours kept per category in the category association table. */
    public static final int CATEGORY_NEIGHBOURS = 10;
    /** Sessions that must hold a pair before it counts as associated. */
    public static final int MIN_SUPPORT = 2;

    /** Validates shapes and values. */
    public TrainingSummary {
        if (trending == null || coView == null || coBuy == null || categoryCoBuy == null || behaviours == null) {
            throw new IllegalArgumentException("summary parts must not be null");
        }
        if (coView.numItems() != trending.length || coBuy.numItems() != trending.length) {
            throw new IllegalArgumentException("associations cover " + coView.numItems() + " and " + coBuy.numItems()
                    + " items, trending " + trending.length);
        }
        for (float t : trending) {
            if (!Float.isFinite(t)) {
                throw new IllegalArgumentException("trending score " + t + " is not finite");
            }
        }
        if (!(trendingHalfLifeDays > 0) || Double.isInfinite(trendingHalfLifeDays)) {
            throw new IllegalArgumentException("trendingHalfLifeDays must be finite and > 0, got " + trendingHalfLifeDays);
        }
        if (sessionGapSeconds <= 0) {
            throw new IllegalArgumentException("sessionGapSeconds must be > 0, got " + sessionGapSeconds);
        }
        if (lastPurchase == null || lastPurchase.length != behaviours.numUsers()) {
            throw new IllegalArgumentException("lastPurchase must hold one entry per user (" + behaviours.numUsers() + ")");
        }
        for (int i : lastPurchase) {
            if (i < -1 || i >= trending.length) {
                throw new IllegalArgumentException("last purchase " + i + " outside -1.." + (trending.length - 1));
            }
        }
    }

    /**
     * Derives the summary from training events.
     *
     * @param log                  the events. Not modified. Its item index must agree with
     *                             {@code items} on the indices it holds.
     * @param users                the model's user index
     * @param items                the model's item index
     * @param catalog              the model's catalogue (categories for the category associations)
     * @param options              the model's matrix options (event weights of the trending scores)
     * @param trendingHalfLifeDays half-life of the trending decay, in days
     * @param sessionGapSeconds    gap that ends a session for the associations
     * @throws IllegalArgumentException if the log's item index is not a prefix of {@code items}
     */
    public static TrainingSummary of(Interactions log, IdIndex users, IdIndex items, ItemCatalog catalog,
                                     MatrixOptions options, double trendingHalfLifeDays, long sessionGapSeconds) {
        int numItems = items.size();
        IdIndex logItems = log.items();
        if (logItems.size() > numItems) {
            throw new IllegalArgumentException("trainingData has " + logItems.size() + " items but the model "
                    + numItems + ": pass the data set the model was trained on");
        }
        for (int i = 0; i < logItems.size(); i++) {
            if (!logItems.idOf(i).equals(items.idOf(i))) {
                throw new IllegalArgumentException("trainingData item " + i + " is " + logItems.idOf(i)
                        + " but the model's is " + items.idOf(i) + ": pass the data set the model was trained on");
            }
        }
        float[] t = Popularity.counts(log, options, trendingHalfLifeDays * 86_400.0);
        float[] trending = new float[numItems];
        for (int i = 0; i < Math.min(t.length, numItems); i++) {
            trending[i] = Float.isFinite(t[i]) ? t[i] : 0f;
        }
        Associations coView = Associations.build(log, numItems, new Behavior[] {Behavior.VIEW, Behavior.CLICK},
                sessionGapSeconds, MIN_SUPPORT, ITEM_NEIGHBOURS);
        Associations coBuy = Associations.build(log, numItems, new Behavior[] {Behavior.ADD_TO_CART, Behavior.PURCHASE},
                sessionGapSeconds, MIN_SUPPORT, ITEM_NEIGHBOURS);
        int[] catOf = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            catOf[i] = catalog.category(i);
        }
        Associations categoryCoBuy = Associations.build(log, numCategories(catalog), catOf,
                new Behavior[] {Behavior.ADD_TO_CART, Behavior.PURCHASE}, sessionGapSeconds, MIN_SUPPORT,
                CATEGORY_NEIGHBOURS);
        int[] last = new int[users.size()];
        java.util.Arrays.fill(last, -1);
        long[] lastTime = new long[users.size()];
        int[] userMap = new int[log.users().size()];
        for (int u = 0; u < userMap.length; u++) {
            int i = users.indexOf(log.users().idOf(u));
            userMap[u] = i >= 0 && i < users.size() ? i : -1;
        }
        for (int e = 0; e < log.size(); e++) {
            int u = userMap[log.user(e)];
            if (u >= 0 && log.behavior(e) == Behavior.PURCHASE && (last[u] < 0 || log.time(e) >= lastTime[u])) {
                last[u] = log.item(e);
                lastTime[u] = log.time(e);
            }
        }
        return new TrainingSummary(trending, trendingHalfLifeDays, sessionGapSeconds, coView, coBuy, categoryCoBuy,
                new TrainingBehaviours(log, users, items), last);
    }

    /**
     * The summary of a model without training events: its popularity as trending, no associations,
     * no behaviours.
     */
    public static TrainingSummary withoutEvents(float[] popularity, int numUsers, ItemCatalog catalog,
                                                double trendingHalfLifeDays, long sessionGapSeconds) {
        float[] trending = popularity.clone();
        for (int i = 0; i < trending.length; i++) {
            if (!Float.isFinite(trending[i])) {
                trending[i] = 0f;
            }
        }
        int n = trending.length;
        int[] none = new int[numUsers];
        java.util.Arrays.fill(none, -1);
        return new TrainingSummary(trending, trendingHalfLifeDays, sessionGapSeconds, Associations.empty(n),
                Associations.empty(n), Associations.empty(numCategories(catalog)),
                TrainingBehaviours.of(numUsers, n, new int[numUsers + 1], new int[0], new byte[0]), none);
    }

    /** Number of rows of the category association table of a catalogue (at least 1). */
    public static int numCategories(ItemCatalog catalog) {
        return Math.max(1, catalog.dictionary(ItemCatalog.CATEGORY).size());
    }
}
