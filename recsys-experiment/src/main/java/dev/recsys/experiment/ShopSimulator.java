package dev.recsys.experiment;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Recommender;
import dev.recsys.api.Scene;
import dev.recsys.data.IdIndex;
import dev.recsys.data.ItemCatalog;
import dev.recsys.experiment.internal.Hashing;
import dev.recsys.synth.SyntheticData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated shop for proving experiments: the users of a {@link SyntheticData} set, whose
 * planted tastes decide how they react to the lists a ranker shows them.
 *
 * <p><b>Click model</b> (position-based): a list is shown once per session; the item at position
 * {@code p} (0 = top) is clicked with probability
 * {@code min(0.95, examine(p) * attraction(u, i) * clickiness(u))} (the product capped at 0.95 before examination too), where
 * {@code examine(p) = 1 / log2(p + 2)} and
 * {@code attraction = 0.01 + (0.10 * category + 0.04 * brand) * (0.5 + 0.5 * priceFit)}:
 * {@code category} is 1, 0.6 or 0.35 when the item's category is the user's first, second or third
 * planted taste (else 0), {@code brand} is 1 for a planted brand, and {@code priceFit} is
 * {@code exp(-ln(price / (median * level))^2 / 0.72)} with the category's median price and the
 * user's planted price level. A click becomes an add-to-cart with probability
 * {@code 0.15 * (0.5 + 0.5 * category) * priceFit}, and a cart a purchase with probability 0.5,
 * with the item's price as revenue.
 *
 * <p><b>Traffic</b>: users differ in activity and propensity to click, as real ones do. Each user
 * has {@code sessions/day = 0.3 * LogNormal(0, 0.8)} (mean 0.3, capped at 5) and a clickiness
 * {@code LogNormal(0, 0.5)} (mean 1), drawn once from the simulator's seed. An experiment of N
 * units draws N visitors (population users at random, with replacement, each a new unit), each
 * arriving on a uniformly random day with one session plus {@code Poisson(rate / 2)}, then
 * {@code Poisson(rate)} sessions on each later day.
 *
 * <p>Because attraction, examination and traffic are known, the true value of a ranker's CTR is
 * known exactly ({@link #trueCtr}); experiments on the simulator can be checked against it.
 *
 * <p>Thread safety: immutable after construction; the run methods may be called concurrently.
 */
public final class ShopSimulator {
    private static final double[] CATEGORY_WEIGHT = {1.0, 0.6, 0.35};
    private static final long DAY = 86_400L;
    private final SyntheticData data;
    private final int users;
    private final int[] itemCategory;
    private final int[] itemBrand;
    private final float[] itemPrice;
    private final double[] categoryMedian;
    private final double[] rate;
    private final double[] clickiness;
    private final double[] examine;
    private final int listLength;
    // planted tastes, cached (SyntheticData returns copies)
    private final int[][] tasteCats;
    private final int[][] tasteBrands;

    /**
     * A simulator over a synthetic shop.
     *
     * @param data       the shop and its planted tastes
     * @param listLength positions shown per impression, 1..100
     * @param seed       seed of the users' activity and clickiness
     * @throws IllegalArgumentException if data is null or listLength is out of range
     */
    public ShopSimulator(SyntheticData data, int listLength, long seed) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (listLength < 1 || listLength > 100) {
            throw new IllegalArgumentException("listLength must be in 1..100, got " + listLength);
        }
        this.data = data;
        this.listLength = listLength;
        this.users = data.dataset().interactions().users().size();
        ItemCatalog cat = data.dataset().catalog();
        int ni = cat.items().size();
        itemCategory = new int[ni];
        itemBrand = new int[ni];
        itemPrice = new float[ni];
        int nc = 0;
        for (int i = 0; i < ni; i++) {
            itemCategory[i] = cat.category(i);
            itemBrand[i] = cat.brand(i);
            itemPrice[i] = cat.price(i, 1f);
            nc = Math.max(nc, itemCategory[i] + 1);
        }
        categoryMedian = new double[nc];
        for (int c = 0; c < nc; c++) {
            List<Float> prices = new ArrayList<>();
            for (int i = 0; i < ni; i++) {
                if (itemCategory[i] == c) {
                    prices.add(itemPrice[i]);
                }
            }
            prices.sort(null);
            categoryMedian[c] = prices.isEmpty() ? 1 : Math.max(1e-3, prices.get(prices.size() / 2));
        }
        rate = new double[users];
        clickiness = new double[users];
        SplittableRandom r = new SplittableRandom(seed);
        for (int u = 0; u < users; u++) {
            rate[u] = Math.min(5, 0.3 * Math.exp(0.8 * r.nextGaussian() - 0.32));
            clickiness[u] = Math.exp(0.5 * r.nextGaussian() - 0.125);
        }
        tasteCats = new int[users][];
        tasteBrands = new int[users][];
        for (int u = 0; u < users; u++) {
            tasteCats[u] = data.tasteCategories(u);
            tasteBrands[u] = data.tasteBrands(u);
        }
        examine = new double[listLength];
        for (int p = 0; p < listLength; p++) {
            examine[p] = 1 / (Math.log(p + 2) / Math.log(2));
        }
    }

    /** Number of population users. */
    public int users() {
        return users;
    }

    /** Positions shown per impression. */
    public int listLength() {
        return listLength;
    }

    /** The probability that user {@code u} clicks item {@code i} at the top position. */
    public double clickProbability(int u, int i) {
        return Math.min(0.95, attraction(u, i) * clickiness[u]);
    }

    private double categoryMatch(int u, int i) {
        int[] cats = tasteCats[u];
        for (int k = 0; k < cats.length && k < CATEGORY_WEIGHT.length; k++) {
            if (cats[k] == itemCategory[i]) {
                return CATEGORY_WEIGHT[k];
            }
        }
        return 0;
    }

    private double priceFit(int u, int i) {
        int c = itemCategory[i];
        double ref = (c >= 0 && c < categoryMedian.length ? categoryMedian[c] : 1) * data.priceLevel(u);
        double l = Math.log(Math.max(1e-6, itemPrice[i]) / Math.max(1e-6, ref));
        return Math.exp(-l * l / 0.72);
    }

    private double attraction(int u, int i) {
        double brand = 0;
        for (int b : tasteBrands[u]) {
            if (b == itemBrand[i]) {
                brand = 1;
                break;
            }
        }
        return 0.01 + (0.10 * categoryMatch(u, i) + 0.04 * brand) * (0.5 + 0.5 * priceFit(u, i));
    }

    private double cartProbability(int u, int i) {
        return 0.15 * (0.5 + 0.5 * categoryMatch(u, i)) * priceFit(u, i);
    }


    /**
     * A ranker's list for every population user, with per-position click, cart and revenue
     * figures precomputed.
     *
     * <p>Thread safety: immutable.
     */
    public static final class Ranking {
        private final String name;
        private final int[][] items;
        private final String[][] ids;
        final double[][] click;
        final double[][] cart;
        final double[][] price;

        private Ranking(String name, int[][] items, String[][] ids, double[][] click, double[][] cart, double[][] price) {
            this.name = name;
            this.items = items;
            this.ids = ids;
            this.click = click;
            this.cart = cart;
            this.price = price;
        }

        /** The ranker's name. */
        public String name() {
            return name;
        }

        /** User {@code u}'s list as item indices of the shop's data set (a copy). */
        public int[] list(int u) {
            return items[u].clone();
        }

        List<String> ids(int u) {
            return Arrays.asList(ids[u]);
        }
    }

    /**
     * The lists a recommender gives every population user on the {@code home} scene.
     *
     * @param name        the ranker's name
     * @param recommender the recommender (its user ids are the data set's)
     */
    public Ranking ranking(String name, Recommender recommender) {
        if (recommender == null) {
            throw new IllegalArgumentException("recommender must not be null");
        }
        IdIndex uidx = data.dataset().interactions().users();
        IdIndex iidx = data.dataset().catalog().items();
        int[][] lists = new int[users][];
        for (int u = 0; u < users; u++) {
            List<Recommendation> recs = recommender.recommend(uidx.idOf(u), Scene.HOME, listLength);
            int[] l = new int[recs.size()];
            int n = 0;
            for (Recommendation r : recs) {
                int i = iidx.indexOf(r.itemId());
                if (i >= 0) {
                    l[n++] = i;
                }
            }
            lists[u] = Arrays.copyOf(l, n);
        }
        return ranking(name, lists);
    }

    /**
     * A ranking from explicit lists.
     *
     * @param name  the ranker's name
     * @param lists one list of distinct item indices per population user, at most
     *              {@link #listLength()} long
     * @throws IllegalArgumentException if the lists do not fit
     */
    public Ranking ranking(String name, int[][] lists) {
        Experiment.checkName("name", name);
        if (lists == null || lists.length != users) {
            throw new IllegalArgumentException("lists must hold one list per user (" + users + ")");
        }
        IdIndex iidx = data.dataset().catalog().items();
        int[][] items = new int[users][];
        String[][] ids = new String[users][];
        double[][] click = new double[users][];
        double[][] cart = new double[users][];
        double[][] price = new double[users][];
        for (int u = 0; u < users; u++) {
            int[] l = lists[u];
            if (l == null || l.length > listLength) {
                throw new IllegalArgumentException("list of user " + u + " must hold at most " + listLength + " items");
            }
            items[u] = l.clone();
            ids[u] = new String[l.length];
            click[u] = new double[l.length];
            cart[u] = new double[l.length];
            price[u] = new double[l.length];
            for (int p = 0; p < l.length; p++) {
                if (l[p] < 0 || l[p] >= itemCategory.length) {
                    throw new IllegalArgumentException("list of user " + u + " holds item index " + l[p] + " out of range");
                }
                ids[u][p] = iidx.idOf(l[p]);
                click[u][p] = Math.min(0.95, examine[p] * clickProbability(u, l[p]));
                cart[u][p] = cartProbability(u, l[p]);
                price[u][p] = itemPrice[l[p]];
            }
        }
        return new Ranking(name, items, ids, click, cart, price);
    }

    /**
     * The ranker's true CTR in an experiment of {@code days} days: expected clicks over expected
     * impressions, each user weighted by their expected sessions
     * ({@code 1 + rate / 2 + rate * (days - 1) / 2} for a uniformly random arrival day).
     */
    public double trueCtr(Ranking r, int days) {
        if (r == null || days < 1) {
            throw new IllegalArgumentException("ranking must not be null and days must be >= 1");
        }
        double clicks = 0;
        double impressions = 0;
        for (int u = 0; u < users; u++) {
            double w = 1 + rate[u] / 2 + rate[u] * (days - 1) / 2.0;
            double c = 0;
            for (double p : r.click[u]) {
                c += p;
            }
            clicks += w * c;
            impressions += r.click[u].length > 0 ? w : 0;
        }
        return impressions > 0 ? clicks / impressions : 0;
    }

    /**
     * The outcome of one simulated A/B experiment.
     *
     * @param looks for each day, the comparisons (B against A) of every {@link Metric}, in metric
     *              order, on the data up to that day's end
     * @param unitsA units assigned to A
     * @param unitsB units assigned to B
     *
     * <p>Thread safety: immutable.
     */
    public record AbOutcome(List<List<Comparison>> looks, int unitsA, int unitsB) {
        /** Copies. */
        public AbOutcome {
            looks = List.copyOf(looks);
        }

        /** The comparisons at the last look. */
        public List<Comparison> last() {
            return looks.get(looks.size() - 1);
        }
    }

    /**
     * Runs an A/B experiment: {@code units} visitors split 50/50 by a {@link Layer} salted with the
     * seed, A's lists for one half and B's for the other, over {@code days} days, looked at after
     * each day.
     *
     * @param a     control ranking
     * @param b     treatment ranking (the same one for an A/A test)
     * @param units visitors, &gt;= 4
     * @param days  days, 1..365
     * @param seed  seed of the visitors, their assignment and their behaviour
     * @param test  the sequential test
     * @param log   if not null, every event is appended (experiment {@code "sim"}, variants
     *              {@code "A"} and {@code "B"}, time stamps from {@code start})
     * @param start epoch seconds of the first day (for the log)
     */
    public AbOutcome runAb(Ranking a, Ranking b, int units, int days, long seed, SequentialTest test, EventLog log, long start) {
        checkRun(a, b, units, days);
        if (test == null) {
            throw new IllegalArgumentException("test must not be null");
        }
        Layer layer = Layer.builder("sim", "sim-" + seed)
                .experiment(Experiment.builder("sim").variant("A", 1).variant("B", 1).build()).build();
        SplittableRandom rnd = new SplittableRandom(Hashing.mix(seed ^ 0x5eedL));
        // per unit and day: impressions, clicks, carts, purchases, revenue
        double[][][] perDay = new double[units][][];
        int[] arrival = new int[units];
        boolean[] isB = new boolean[units];
        int nb = 0;
        for (int j = 0; j < units; j++) {
            String unitId = "s" + seed + "-v" + j;
            isB[j] = layer.assign(unitId).orElseThrow().variant().equals("B");
            nb += isB[j] ? 1 : 0;
            int u = rnd.nextInt(users);
            arrival[j] = rnd.nextInt(days);
            perDay[j] = new double[days][5];
            Ranking r = isB[j] ? b : a;
            for (int d = arrival[j]; d < days; d++) {
                int sessions = d == arrival[j] ? 1 + poisson(rnd, rate[u] / 2) : poisson(rnd, rate[u]);
                for (int s = 0; s < sessions; s++) {
                    session(r, u, rnd, perDay[j][d], log, unitId, isB[j] ? "B" : "A", start + d * DAY + s * 600L);
                }
            }
        }
        List<List<Comparison>> looks = new ArrayList<>();
        double[] prev = new double[Metric.values().length];
        Arrays.fill(prev, 1.0);
        double[][] cum = new double[units][5];
        for (int d = 0; d < days; d++) {
            UnitTotals ta = new UnitTotals();
            UnitTotals tb = new UnitTotals();
            for (int j = 0; j < units; j++) {
                if (arrival[j] > d) {
                    continue;
                }
                double[] c = cum[j];
                double[] x = perDay[j][d];
                for (int f = 0; f < 5; f++) {
                    c[f] += x[f];
                }
                UnitTotals t = isB[j] ? tb : ta;
                t.add(t.size(), c[0], c[1], c[2], c[3], c[4]);
            }
            List<Comparison> look = new ArrayList<>();
            for (Metric m : Metric.values()) {
                Comparison cmp = AbTest.compare(m, ta, tb, test, prev[m.ordinal()]);
                prev[m.ordinal()] = cmp.alwaysValidP();
                look.add(cmp);
            }
            looks.add(look);
        }
        return new AbOutcome(looks, units - nb, nb);
    }

    /**
     * Runs an interleaving experiment: every one of {@code units} visitors sees, in each session, a
     * fresh team-draft interleaving of A's and B's lists; clicks credit the teams.
     *
     * @param log   if not null, every impression and click is appended (experiment
     *              {@code "sim-interleaving"}, variant {@code "AB"})
     * @param start epoch seconds of the first day (for the log)
     */
    public Interleaving.Result runInterleaving(Ranking a, Ranking b, int units, int days, long seed, EventLog log, long start) {
        checkRun(a, b, units, days);
        SplittableRandom rnd = new SplittableRandom(Hashing.mix(seed ^ 0x1eafL));
        int[] creditA = new int[units];
        int[] creditB = new int[units];
        int[] credit = new int[2];
        for (int j = 0; j < units; j++) {
            String unitId = "s" + seed + "-i" + j;
            int u = rnd.nextInt(users);
            int arrival = rnd.nextInt(days);
            for (int d = arrival; d < days; d++) {
                int sessions = d == arrival ? 1 + poisson(rnd, rate[u] / 2) : poisson(rnd, rate[u]);
                for (int s = 0; s < sessions; s++) {
                    Interleaving.Interleaved il = Interleaving.teamDraft(a.ids(u), b.ids(u), listLength, rnd.nextLong());
                    credit[0] = 0;
                    credit[1] = 0;
                    interleavedSession(il, u, rnd, credit, log, unitId, start + d * DAY + s * 600L);
                    creditA[j] += credit[0];
                    creditB[j] += credit[1];
                }
            }
        }
        return Interleaving.analyze(creditA, creditB);
    }

    private void interleavedSession(Interleaving.Interleaved il, int u, SplittableRandom rnd, int[] credit, EventLog log,
                                    String unitId, long t) {
        IdIndex iidx = data.dataset().catalog().items();
        long imp = log == null ? 0 : rnd.nextLong() >>> 2;
        if (log != null) {
            log.append(LogEvent.interleaved(t, unitId, "sim-interleaving", "AB", imp, il.items(), il.teams()));
        }
        for (int p = 0; p < il.items().size(); p++) {
            int item = iidx.indexOf(il.items().get(p));
            double pc = Math.min(0.95, examine[p] * clickProbability(u, item));
            if (rnd.nextDouble() < pc) {
                credit[il.teams().charAt(p) == 'A' ? 0 : 1]++;
                if (log != null) {
                    log.append(LogEvent.click(t + 5 + p, unitId, "sim-interleaving", "AB", imp, il.items().get(p), p));
                }
            }
        }
    }

    private void session(Ranking r, int u, SplittableRandom rnd, double[] acc, EventLog log, String unitId, String variant,
                         long t) {
        double[] click = r.click[u];
        if (click.length == 0) {
            return;
        }
        long imp = log == null ? 0 : rnd.nextLong() >>> 2;
        if (log != null) {
            log.append(LogEvent.impression(t, unitId, "sim", variant, imp, r.ids(u)));
        }
        acc[0]++;
        for (int p = 0; p < click.length; p++) {
            if (rnd.nextDouble() < click[p]) {
                acc[1]++;
                String item = log == null ? null : r.ids[u][p];
                if (log != null) {
                    log.append(LogEvent.click(t + 5 + p, unitId, "sim", variant, imp, item, p));
                }
                if (rnd.nextDouble() < r.cart[u][p]) {
                    acc[2]++;
                    if (log != null) {
                        log.append(LogEvent.cart(t + 60 + p, unitId, "sim", variant, imp, item));
                    }
                    if (rnd.nextDouble() < 0.5) {
                        acc[3]++;
                        acc[4] += r.price[u][p];
                        if (log != null) {
                            log.append(LogEvent.purchase(t + 300 + p, unitId, "sim", variant, imp, item, r.price[u][p]));
                        }
                    }
                }
            }
        }
    }

    private void checkRun(Ranking a, Ranking b, int units, int days) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("rankings must not be null");
        }
        if (a.click.length != users || b.click.length != users) {
            throw new IllegalArgumentException("rankings must come from this simulator");
        }
        if (units < 4 || units > 50_000_000) {
            throw new IllegalArgumentException("units must be in 4..50000000, got " + units);
        }
        if (days < 1 || days > 365) {
            throw new IllegalArgumentException("days must be in 1..365, got " + days);
        }
    }

    private static int poisson(SplittableRandom r, double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = r.nextDouble();
        while (p > l && k < 1000) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }
}
