package dev.recsys.synth;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.internal.sample.Shuffle;
import it.unimi.dsi.fastutil.bytes.ByteArrayList;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates a seeded synthetic e-commerce data set with planted structure, for quick starts,
 * examples and tests of multi-scene recommenders.
 *
 * <p><b>Catalogue.</b> Categories have a median price; items have a category, a brand, a price
 * (log-normal around the category median, scaled by a brand factor) and a power-law popularity.
 * The first 30 categories have names ({@code phone}, {@code phone-case}, {@code laptop}, ...);
 * eight of them form complement pairs (phone -&gt; phone-case, laptop -&gt; laptop-bag,
 * coffee-machine -&gt; coffee-beans, printer -&gt; ink-cartridge, razor -&gt; razor-blades,
 * camera -&gt; memory-card, game-console -&gt; video-game, sneakers -&gt; socks) and the consumables
 * (coffee beans, ink, blades, shampoo, detergent, pet food, socks, tea, vitamins) are
 * <em>repeatable</em>: the catalogue's categorical attribute {@value ItemCatalog#REPEATABLE} is {@code yes} for
 * their items and {@code no} for the others.
 *
 * <p><b>Users</b> have 2-3 preferred categories, preferred brands and a price level.
 *
 * <p><b>Sessions</b> (about {@code meanSessionsPerUser} per user, spread over the period) move
 * through the scenes: a CLICK on the {@code home} page or a SEARCH ({@code search} scene), VIEWs on
 * {@code item-detail} pages (mostly items matching the user's taste, some globally popular ones;
 * some become FAVORITEs), an ADD_TO_CART of the best-liked viewed item ({@code cart}), a PURCHASE at
 * {@code checkout}, often followed by a complementary item (add to cart and purchase), and later a
 * REVIEW ({@code after-sale-review}) with a value of 1-5 that is higher when the item matches the
 * user's taste. Users re-buy repeatable items they bought before. Time stamps increase within a
 * session; the log is sorted by time.
 *
 * <p>Ids are {@code u1..uN} and {@code i1..iM}; indices are assigned in order of first appearance
 * in the time-sorted log (items never interacted with come last), exactly as loading the CSV
 * written by {@link SyntheticData#writeCsv} assigns them. Same configuration and seed: identical
 * data.
 *
 * <p>Thread safety: stateless; concurrent calls are safe.
 */
public final class SyntheticGenerator {
    private static final String[] NAMES = {
        "phone", "phone-case", "laptop", "laptop-bag", "coffee-machine", "coffee-beans", "printer", "ink-cartridge",
        "razor", "razor-blades", "camera", "memory-card", "game-console", "video-game", "sneakers", "socks",
        "shampoo", "detergent", "pet-food", "headphones", "t-shirt", "jeans", "book", "toy", "tea", "vitamins",
        "lamp", "cookware", "watch", "backpack"};
    private static final float[] MEDIAN_PRICE = {
        400, 15, 900, 40, 150, 12, 120, 25, 40, 15, 500, 20, 350, 50, 90, 8, 8, 10, 25, 80, 20, 50, 15, 25, 6, 15,
        35, 45, 150, 45};
    private static final String[] REPEATABLE_NAMES = {
        "coffee-beans", "ink-cartridge", "razor-blades", "socks", "shampoo", "detergent", "pet-food", "tea", "vitamins"};
    private static final long DAY = 86_400L;

    private SyntheticGenerator() {
    }

    /**
     * Generates a data set.
     *
     * @param config sizes and seed
     * @throws IllegalArgumentException if config is null
     */
    public static SyntheticData generate(SyntheticConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new Run(config).run();
    }

    /** The state of one generation. */
    private static final class Run {
        final SyntheticConfig cfg;
        final SplittableRandom root;
        final int nc;
        final int nb;
        final int ni;
        final int nu;
        // categories
        final String[] catName;
        final float[] catMedian;
        final double[] catWeight;
        final boolean[] catRepeatable;
        final int[] catComplement;
        int[][] catBrands;
        int[][] catItems;
        // brands
        final float[] brandFactor;
        // items
        final int[] itemCat;
        final int[] itemBrand;
        final float[] itemPrice;
        final double[] itemPop;
        double[] popCum;
        // users
        final int[][] userCats;
        final double[][] userCatWeights;
        final int[][] userBrands;
        final float[] userLevel;
        // events
        final IntArrayList evUser = new IntArrayList();
        final IntArrayList evItem = new IntArrayList();
        final ByteArrayList evBehavior = new ByteArrayList();
        final FloatArrayList evValue = new FloatArrayList();
        final LongArrayList evTime = new LongArrayList();
        final ByteArrayList evScene = new ByteArrayList();
        static final Scene[] SCENES = {Scene.HOME, Scene.ITEM_DETAIL, Scene.CART, Scene.CHECKOUT, Scene.AFTER_SALE_REVIEW,
            Scene.SEARCH};
        static final byte HOME = 0;
        static final byte DETAIL = 1;
        static final byte CART = 2;
        static final byte CHECKOUT = 3;
        static final byte REVIEW = 4;
        static final byte SEARCH = 5;

        Run(SyntheticConfig cfg) {
            this.cfg = cfg;
            this.root = new SplittableRandom(cfg.seed());
            nc = cfg.categories();
            nb = cfg.brands();
            ni = cfg.items();
            nu = cfg.users();
            catName = new String[nc];
            catMedian = new float[nc];
            catWeight = new double[nc];
            catRepeatable = new boolean[nc];
            catComplement = new int[nc];
            brandFactor = new float[nb];
            itemCat = new int[ni];
            itemBrand = new int[ni];
            itemPrice = new float[ni];
            itemPop = new double[ni];
            userCats = new int[nu][];
            userCatWeights = new double[nu][];
            userBrands = new int[nu][];
            userLevel = new float[nu];
        }

        SyntheticData run() {
            makeCategories(root.split());
            makeItems(root.split());
            SplittableRandom users = root.split();
            for (int u = 0; u < nu; u++) {
                SplittableRandom r = users.split();
                makeUser(u, r);
                simulateUser(u, r);
            }
            return assemble();
        }

        void makeCategories(SplittableRandom r) {
            Arrays.fill(catComplement, -1);
            for (int c = 0; c < nc; c++) {
                if (c < NAMES.length) {
                    catName[c] = NAMES[c];
                    catMedian[c] = MEDIAN_PRICE[c];
                    catRepeatable[c] = Arrays.asList(REPEATABLE_NAMES).contains(NAMES[c]);
                } else {
                    catName[c] = String.format(Locale.ROOT, "category-%02d", c + 1);
                    catMedian[c] = (float) Math.max(2, Math.exp(Math.log(30) + r.nextGaussian()));
                    catRepeatable[c] = r.nextDouble() < 0.2;
                }
                catWeight[c] = Math.exp(0.5 * r.nextGaussian());
            }
            // complement pairs among the named categories: phone -> phone-case, ..., sneakers -> socks
            for (int c = 0; c + 1 < Math.min(nc, 16); c += 2) {
                catComplement[c] = c + 1;
            }
            for (int b = 0; b < nb; b++) {
                brandFactor[b] = (float) Math.exp(0.25 * r.nextGaussian());
            }
            int perCat = Math.min(nb, Math.max(3, nb / 4));
            catBrands = new int[nc][];
            int[] all = new int[nb];
            for (int c = 0; c < nc; c++) {
                for (int b = 0; b < nb; b++) {
                    all[b] = b;
                }
                for (int k = 0; k < perCat; k++) { // partial Fisher-Yates
                    int j = k + r.nextInt(nb - k);
                    int t = all[k];
                    all[k] = all[j];
                    all[j] = t;
                }
                catBrands[c] = Arrays.copyOf(all, perCat);
            }
        }

        void makeItems(SplittableRandom r) {
            double[] catCum = cumulative(catWeight);
            IntArrayList[] byCat = new IntArrayList[nc];
            for (int c = 0; c < nc; c++) {
                byCat[c] = new IntArrayList();
            }
            int[] rank = new int[ni];
            for (int i = 0; i < ni; i++) {
                rank[i] = i;
            }
            Shuffle.ints(rank, 0, ni, r);
            for (int i = 0; i < ni; i++) {
                int c = i < nc ? i : sample(catCum, r);
                int b = catBrands[c][r.nextInt(catBrands[c].length)];
                double price = catMedian[c] * brandFactor[b] * Math.exp(0.35 * r.nextGaussian());
                itemCat[i] = c;
                itemBrand[i] = b;
                itemPrice[i] = (float) Math.max(0.5, Math.round(price * 100) / 100.0);
                itemPop[i] = Math.pow(rank[i] + 1, -0.9);
                byCat[c].add(i);
            }
            catItems = new int[nc][];
            for (int c = 0; c < nc; c++) {
                catItems[c] = byCat[c].toIntArray();
            }
            popCum = cumulative(itemPop);
        }

        void makeUser(int u, SplittableRandom r) {
            int k = Math.min(nc, 2 + (r.nextDouble() < 0.4 ? 1 : 0));
            int[] cats = new int[k];
            double[] w = catWeight.clone();
            for (int j = 0; j < k; j++) {
                int c = sample(cumulative(w), r);
                cats[j] = c;
                w[c] = 0;
            }
            double[] cw = new double[k];
            for (int j = 0; j < k; j++) {
                cw[j] = j == 0 ? 0.5 : 0.5 / (k - 1);
            }
            int[] brands = new int[2];
            for (int j = 0; j < 2; j++) {
                int[] pool = catItems[cats[r.nextInt(k)]];
                brands[j] = itemBrand[pool[r.nextInt(pool.length)]];
            }
            if (brands[0] == brands[1]) {
                brands = new int[] {brands[0]};
            }
            userCats[u] = cats;
            userCatWeights[u] = cumulative(cw);
            userBrands[u] = brands;
            userLevel[u] = (float) Math.exp(0.35 * r.nextGaussian());
        }

        void simulateUser(int u, SplittableRandom r) {
            double activity = Math.exp(0.5 * r.nextGaussian() - 0.125);
            int sessions = 1 + poisson((cfg.meanSessionsPerUser() - 1) * activity, r);
            long span = cfg.days() * DAY;
            long[] starts = new long[sessions];
            for (int s = 0; s < sessions; s++) {
                starts[s] = cfg.startEpochSeconds() + (long) (r.nextDouble() * span);
            }
            Arrays.sort(starts);
            IntArrayList repeatables = new IntArrayList();
            for (int s = 0; s < sessions; s++) {
                session(u, starts[s], repeatables, r);
            }
        }

        void session(int u, long start, IntArrayList repeatables, SplittableRandom r) {
            long t = start;
            // replenishment of a consumable bought before
            if (!repeatables.isEmpty() && r.nextDouble() < 0.3) {
                int i = repeatables.getInt(r.nextInt(repeatables.size()));
                emit(u, i, Behavior.VIEW, 1f, t, DETAIL);
                t += step(r);
                emit(u, i, Behavior.ADD_TO_CART, 1f, t, CART);
                t += step(r);
                emit(u, i, Behavior.PURCHASE, 1f, t, CHECKOUT);
                return;
            }
            IntArrayList viewed = new IntArrayList();
            if (r.nextDouble() < 0.15) {
                int i = tasteItem(u, r);
                emit(u, i, Behavior.SEARCH, 1f, t, SEARCH);
                viewed.add(i);
            } else {
                int i = r.nextDouble() < 0.7 ? tasteItem(u, r) : popularItem(r);
                emit(u, i, Behavior.CLICK, 1f, t, HOME);
                viewed.add(i);
            }
            int views = 1 + geometric(0.35, r);
            for (int v = 0; v < views; v++) {
                t += step(r);
                int i = v == 0 ? viewed.getInt(0) : (r.nextDouble() < 0.75 ? tasteItem(u, r) : popularItem(r));
                emit(u, i, Behavior.VIEW, 1f, t, DETAIL);
                if (v > 0) {
                    viewed.add(i);
                }
                if (r.nextDouble() < 0.06) {
                    t += step(r);
                    emit(u, i, Behavior.FAVORITE, 1f, t, DETAIL);
                }
            }
            if (r.nextDouble() >= 0.4) {
                return;
            }
            int best = viewed.getInt(0);
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < viewed.size(); k++) {
                int i = viewed.getInt(k);
                double sc = tasteScore(u, i) + 0.3 * r.nextDouble();
                if (sc > bestScore) {
                    bestScore = sc;
                    best = i;
                }
            }
            t += step(r);
            emit(u, best, Behavior.ADD_TO_CART, 1f, t, CART);
            if (r.nextDouble() >= 0.65) {
                return;
            }
            t += step(r);
            emit(u, best, Behavior.PURCHASE, 1f, t, CHECKOUT);
            purchased(u, best, repeatables);
            int comp = catComplement[itemCat[best]];
            int extra = -1;
            if (comp >= 0 && r.nextDouble() < 0.6) {
                extra = categoryItem(u, comp, r);
                t += step(r);
                emit(u, extra, Behavior.ADD_TO_CART, 1f, t, CHECKOUT);
                t += step(r);
                emit(u, extra, Behavior.PURCHASE, 1f, t, CHECKOUT);
                purchased(u, extra, repeatables);
            }
            if (r.nextDouble() < 0.4) {
                t += DAY + (long) (r.nextDouble() * 4 * DAY);
                emit(u, best, Behavior.REVIEW, review(u, best, r), t, REVIEW);
            }
        }

        void purchased(int u, int i, IntArrayList repeatables) {
            if (catRepeatable[itemCat[i]] && !repeatables.contains(i)) {
                repeatables.add(i);
            }
        }

        float review(int u, int i, SplittableRandom r) {
            double v = 2.6 + (inTaste(u, itemCat[i]) ? 1.0 : 0) + (likesBrand(u, itemBrand[i]) ? 0.6 : 0)
                    + 0.8 * (priceFit(u, i) - 0.5) + 0.6 * r.nextGaussian();
            return (float) Math.max(1, Math.min(5, Math.round(v)));
        }

        double tasteScore(int u, int i) {
            return (inTaste(u, itemCat[i]) ? 2 : 0) + (likesBrand(u, itemBrand[i]) ? 1 : 0) + priceFit(u, i);
        }

        boolean inTaste(int u, int c) {
            for (int x : userCats[u]) {
                if (x == c) {
                    return true;
                }
            }
            return false;
        }

        boolean likesBrand(int u, int b) {
            for (int x : userBrands[u]) {
                if (x == b) {
                    return true;
                }
            }
            return false;
        }

        double priceFit(int u, int i) {
            double z = Math.log(itemPrice[i] / (catMedian[itemCat[i]] * userLevel[u])) / 0.5;
            return Math.exp(-0.5 * z * z);
        }

        int tasteItem(int u, SplittableRandom r) {
            int c = userCats[u][sample(userCatWeights[u], r)];
            return categoryItem(u, c, r);
        }

        int categoryItem(int u, int c, SplittableRandom r) {
            int[] pool = catItems[c];
            double[] w = new double[pool.length];
            double sum = 0;
            for (int k = 0; k < pool.length; k++) {
                int i = pool[k];
                sum += Math.pow(itemPop[i], 0.5) * (likesBrand(u, itemBrand[i]) ? 4 : 1) * (0.1 + priceFit(u, i));
                w[k] = sum;
            }
            return pool[sample(w, r)];
        }

        int popularItem(SplittableRandom r) {
            return sample(popCum, r);
        }

        void emit(int u, int i, Behavior b, float v, long t, byte scene) {
            evUser.add(u);
            evItem.add(i);
            evBehavior.add(b.code());
            evValue.add(v);
            evTime.add(t);
            evScene.add(scene);
        }

        SyntheticData assemble() {
            int n = evUser.size();
            int[] order = new int[n];
            for (int e = 0; e < n; e++) {
                order[e] = e;
            }
            long[] time = evTime.elements();
            IntArrays.mergeSort(order, (a, b) -> Long.compare(time[a], time[b]));
            IdIndex users = new IdIndex();
            IdIndex items = new IdIndex();
            Interactions log = new Interactions(users, items, n);
            int[] userIdx = new int[nu];
            int[] itemIdx = new int[ni];
            Arrays.fill(userIdx, -1);
            Arrays.fill(itemIdx, -1);
            byte[] sceneCode = new byte[SCENES.length];
            Arrays.fill(sceneCode, (byte) -2);
            for (int k = 0; k < n; k++) {
                int e = order[k];
                int gu = evUser.getInt(e);
                int gi = evItem.getInt(e);
                if (userIdx[gu] < 0) {
                    userIdx[gu] = users.add("u" + (gu + 1));
                }
                if (itemIdx[gi] < 0) {
                    itemIdx[gi] = items.add("i" + (gi + 1));
                }
                byte s = evScene.getByte(e);
                if (sceneCode[s] == -2) {
                    sceneCode[s] = log.sceneCode(SCENES[s]);
                }
                log.add(userIdx[gu], itemIdx[gi], Behavior.ofCode(evBehavior.getByte(e)), evValue.getFloat(e), time[e],
                        sceneCode[s]);
            }
            for (int gi = 0; gi < ni; gi++) {
                if (itemIdx[gi] < 0) {
                    itemIdx[gi] = items.add("i" + (gi + 1));
                }
            }
            int[] itemOfIndex = new int[ni];
            for (int gi = 0; gi < ni; gi++) {
                itemOfIndex[itemIdx[gi]] = gi;
            }
            ItemCatalog catalog = new ItemCatalog(items);
            for (int idx = 0; idx < ni; idx++) {
                int gi = itemOfIndex[idx];
                catalog.setCategorical(ItemCatalog.CATEGORY, idx, catName[itemCat[gi]]);
                catalog.setCategorical(ItemCatalog.BRAND, idx, brandName(itemBrand[gi]));
                catalog.setNumeric(ItemCatalog.PRICE, idx, itemPrice[gi]);
                catalog.setCategorical(ItemCatalog.REPEATABLE, idx,
                        catRepeatable[itemCat[gi]] ? ItemCatalog.YES : ItemCatalog.NO);
            }
            log.trimToSize();
            // ground truth in data set codes
            ItemCatalog.Dictionary cd = catalog.dictionary(ItemCatalog.CATEGORY);
            ItemCatalog.Dictionary bd = catalog.dictionary(ItemCatalog.BRAND);
            int[] catCode = new int[nc];
            for (int c = 0; c < nc; c++) {
                catCode[c] = cd.codeOf(catName[c]);
            }
            int[] complement = new int[nc];
            boolean[] repeatable = new boolean[nc];
            for (int c = 0; c < nc; c++) {
                complement[catCode[c]] = catComplement[c] < 0 ? -1 : catCode[catComplement[c]];
                repeatable[catCode[c]] = catRepeatable[c];
            }
            int[][] tc = new int[nu][];
            int[][] tb = new int[nu][];
            float[] lv = new float[nu];
            for (int gu = 0; gu < nu; gu++) {
                int u = userIdx[gu];
                tc[u] = Arrays.stream(userCats[gu]).map(c -> catCode[c]).toArray();
                tb[u] = Arrays.stream(userBrands[gu]).map(b -> bd.codeOf(brandName(b))).toArray();
                lv[u] = userLevel[gu];
            }
            return new SyntheticData(cfg, new Dataset(log, catalog), tc, tb, lv, complement, repeatable);
        }

        static String brandName(int b) {
            return String.format(Locale.ROOT, "brand-%02d", b + 1);
        }

        static long step(SplittableRandom r) {
            return 5 + r.nextInt(115);
        }

        static int geometric(double p, SplittableRandom r) {
            int k = 0;
            while (r.nextDouble() >= p && k < 50) {
                k++;
            }
            return k;
        }

        static int poisson(double mean, SplittableRandom r) {
            if (mean <= 0) {
                return 0;
            }
            if (mean > 30) {
                return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
            }
            double l = Math.exp(-mean);
            int k = 0;
            double p = r.nextDouble();
            while (p > l) {
                k++;
                p *= r.nextDouble();
            }
            return k;
        }

        static double[] cumulative(double[] w) {
            double[] c = new double[w.length];
            double s = 0;
            for (int k = 0; k < w.length; k++) {
                s += w[k];
                c[k] = s;
            }
            return c;
        }

        static int sample(double[] cum, SplittableRandom r) {
            double x = r.nextDouble() * cum[cum.length - 1];
            int lo = 0;
            int hi = cum.length - 1;
            while (lo < hi) { // smallest k with cum[k] > x: never an entry of weight 0
                int mid = (lo + hi) >>> 1;
                if (cum[mid] > x) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }
    }
}
