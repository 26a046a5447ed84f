package dev.recsys.eval.internal;

import dev.recsys.data.Behavior;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.ValueTransform;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The tuner's search space and cost model: which configurations of which algorithms are tried, in
 * which (seeded) order, and how much work each is. Used by {@code dev.recsys.eval.Tuner}.
 *
 * <p>Thread safety: stateless; the records are immutable.
 */
public final class SearchSpace {
    /** Seconds per unit of {@link #work} before any trial was measured (a loaded 2-core machine). */
    static final double PRIOR_SECONDS_PER_UNIT = 4e-9;
    /** Largest catalogue EASE is tried on (its Gram matrix is dense, 4 n^2 bytes, inverted in n^3). */
    static final int EASE_MAX_ITEMS = 20_000;
    private static final int IALS_CONFIGS = 12;
    private static final int OTHER_CONFIGS = 5;

    private SearchSpace() {
    }

    /**
     * Sizes of a training matrix that drive the cost model.
     *
     * @param users      users with at least one event
     * @param items      items with at least one event
     * @param columns    width of the item index (the catalogue a model scores)
     * @param nnz        distinct (user, item) pairs
     * @param sumSquares sum over users of the squared number of items (co-occurrence and Gram cost)
     */
    public record DataStats(int users, int items, int columns, long nnz, double sumSquares) {
        /** The sizes of {@code m} (rows = users). */
        public static DataStats of(InteractionMatrix m) {
            int users = 0;
            double sq = 0;
            for (int u = 0; u < m.rows(); u++) {
                int len = m.rowLength(u);
                if (len > 0) {
                    users++;
                    sq += (double) len * len;
                }
            }
            boolean[] seen = new boolean[m.cols()];
            int items = 0;
            for (int c : m.colIdx()) {
                if (c < seen.length && !seen[c]) {
                    seen[c] = true;
                    items++;
                }
            }
            return new DataStats(users, items, m.cols(), m.rowPtr()[m.rows()], sq);
        }
    }

    /**
     * One data mapping a configuration is trained with.
     *
     * @param options the matrix options, or null for the algorithm's default mapping
     * @param tags    how it is shown in the validation table (empty: not searched)
     */
    public record Mapping(MatrixOptions options, Map<String, String> tags) {
        /** Copies the tags. */
        public Mapping {
            tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }

    /** Behaviour weights of the "flat" alternative: every implicit behaviour counts 1. */
    static final Map<Behavior, Float> FLAT_WEIGHTS = implicitWeights(1, 1, 1, 1);
    /** Behaviour weights of the "steep" alternative: favourite 4, cart 9, purchase 25 (view, click, search 1). */
    static final Map<Behavior, Float> STEEP_WEIGHTS = implicitWeights(1, 4, 9, 25);

    private static Map<Behavior, Float> implicitWeights(float view, float fav, float cart, float purchase) {
        Map<Behavior, Float> m = new EnumMap<>(Behavior.class);
        m.put(Behavior.VIEW, view);
        m.put(Behavior.CLICK, view);
        m.put(Behavior.SEARCH, view);
        m.put(Behavior.FAVORITE, fav);
        m.put(Behavior.ADD_TO_CART, cart);
        m.put(Behavior.PURCHASE, purchase);
        return m;
    }

    /**
     * The data mappings the implicit families (popularity, item-cooccurrence, ease, ials) are tried
     * with, the default first: behaviour weights (the defaults, flat, steep) when the log holds two
     * or more implicit behaviours and the caller did not fix the weights; value transforms (none,
     * log, linear) when implicit events carry values other than 1 (a value column) and the caller
     * did not fix the transform. A single default mapping (null options, no tags) when nothing is
     * searched and nothing fixed.
     *
     * @param log            the training events
     * @param fixedWeights   weight overrides the caller fixed, or null to search
     * @param fixedTransform the value transform the caller fixed, or null to search
     */
    public static List<Mapping> mappings(Interactions log, Map<Behavior, Float> fixedWeights, ValueTransform fixedTransform) {
        MatrixOptions base = MatrixOptions.implicitDefaults();
        boolean[] present = new boolean[Behavior.values().length];
        boolean valued = false;
        for (int e = 0, n = log.size(); e < n; e++) {
            Behavior b = log.behavior(e);
            if (!b.hasValue()) {
                present[b.code()] = true;
                valued |= log.value(e) != 1f;
            }
        }
        int kinds = 0;
        for (Behavior b : Behavior.values()) {
            if (present[b.code()] && base.weight(b) != 0f) {
                kinds++;
            }
        }
        List<Map<Behavior, Float>> weights = new ArrayList<>();
        boolean searchWeights = fixedWeights == null && kinds >= 2;
        if (fixedWeights != null) {
            weights.add(fixedWeights);
        } else {
            weights.add(Map.of());
            if (searchWeights) {
                weights.add(FLAT_WEIGHTS);
                weights.add(STEEP_WEIGHTS);
            }
        }
        List<ValueTransform> transforms = new ArrayList<>();
        boolean searchTransform = fixedTransform == null && valued;
        if (fixedTransform != null) {
            transforms.add(fixedTransform);
        } else {
            transforms.add(ValueTransform.NONE);
            if (searchTransform) {
                transforms.add(ValueTransform.LOG);
                transforms.add(ValueTransform.LINEAR);
            }
        }
        List<Mapping> out = new ArrayList<>();
        for (Map<Behavior, Float> w : weights) {
            for (ValueTransform t : transforms) {
                if (fixedWeights == null && fixedTransform == null && !searchWeights && !searchTransform) {
                    out.add(new Mapping(null, Map.of()));
                    continue;
                }
                MatrixOptions o = base.withWeights(w).withValueTransform(t);
                Map<String, String> tags = new LinkedHashMap<>();
                if (searchWeights || fixedWeights != null) {
                    StringBuilder sb = new StringBuilder();
                    for (Behavior b : Behavior.values()) {
                        if (present[b.code()]) {
                            sb.append(sb.length() == 0 ? "" : ",").append(b.name().toLowerCase(java.util.Locale.ROOT))
                                    .append(':').append(fmt(o.weight(b)));
                        }
                    }
                    tags.put("weights", sb.toString());
                }
                if (searchTransform || fixedTransform != null) {
                    tags.put("transform", t.toString());
                }
                out.add(new Mapping(o, tags));
            }
        }
        return out;
    }

    private static String fmt(float w) {
        return w == Math.rint(w) && Math.abs(w) < 1e7 ? Long.toString((long) w) : Float.toString(w);
    }

    /**
     * One configuration.
     *
     * @param algorithm algorithm name
     * @param params    the parameters set by the search, including the seed where the algorithm has one
     * @param fidelity  the iteration or epoch parameter that the first rung reduces, or null
     * @param full      its full value
     * @param low       its reduced value
     * @param isReduced true for the reduced copy
     * @param options   data mapping (matrix options), or null for the algorithm's default
     * @param tags      how the data mapping is shown (e.g. {@code weights}, {@code transform}); empty
     *                  when the mapping was not searched
     */
    public record Config(String algorithm, Map<String, String> params, String fidelity, int full, int low,
                         boolean isReduced, MatrixOptions options, Map<String, String> tags) {
        /** Copies the parameters (keeping their order). */
        public Config {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
            tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        /** A configuration with the algorithm's default data mapping. */
        public Config(String algorithm, Map<String, String> params, String fidelity, int full, int low,
                      boolean isReduced, MatrixOptions options) {
            this(algorithm, params, fidelity, full, low, isReduced, options, Map.of());
        }

        /** True if the first rung can run this configuration at reduced length. */
        public boolean reducible() {
            return fidelity != null && !isReduced;
        }

        /** The reduced copy (iterations or epochs cut to the reduced value). */
        public Config reduced() {
            if (fidelity == null) {
                return this;
            }
            Map<String, String> p = new LinkedHashMap<>(params);
            p.put(fidelity, Integer.toString(low));
            return new Config(algorithm, p, fidelity, full, low, true, options, tags);
        }

        /** The parameters to show (without the seed), then the data mapping's tags. */
        public Map<String, String> shown() {
            Map<String, String> p = new LinkedHashMap<>(params);
            p.remove("seed");
            p.putAll(tags);
            return p;
        }

        /** Algorithm and shown parameters. */
        public String label() {
            return algorithm + " " + shown();
        }

        int intParam(String name, int dflt) {
            String v = params.get(name);
            return v == null ? dflt : Integer.parseInt(v);
        }
    }

    /**
     * The configurations to try, in order: defaults first, then the families interleaved (iALS
     * twice per round), each family's other grid points in an order drawn from {@code seed}. iALS's
     * defaults run at full length in the first rung.
     *
     * @param rating     true for the rating task
     * @param s          sizes of the validation training part
     * @param seed       seed of the order and of the models
     * @param registered names of the registered algorithms
     * @param allowed    names the caller allows (empty = all)
     */
    public static List<Config> plan(boolean rating, DataStats s, long seed, Set<String> registered, Set<String> allowed) {
        return plan(rating, s, seed, registered, allowed, List.of(new Mapping(null, Map.of())));
    }

    /**
     * As {@link #plan(boolean, DataStats, long, Set, Set)}, the implicit families popularity,
     * item-cooccurrence, ease and ials also tried with each data mapping of {@code maps} (see
     * {@link #mappings}): the default parameters with every mapping come right after the defaults,
     * the other grid points are drawn from parameters x mappings.
     *
     * @param maps the data mappings, the default first (one entry: the mapping is not searched)
     */
    public static List<Config> plan(boolean rating, DataStats s, long seed, Set<String> registered, Set<String> allowed,
                                    List<Mapping> maps) {
        if (maps == null || maps.isEmpty()) {
            throw new IllegalArgumentException("maps must hold at least the default mapping");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        String sd = Long.toString(seed);
        List<List<Config>> families = new ArrayList<>();
        List<Integer> share = new ArrayList<>();
        if (rating) {
            // SGD models stop early on their own validation share: no reduced rung, one full trial each
            family(families, share, 1, grid(rng, "svdpp", null, 0, 0, sd, OTHER_CONFIGS,
                    new String[] {"factors", "128", "32", "64"}, new String[] {"reg", "0.06", "0.03", "0.1"}));
            family(families, share, 1, grid(rng, "als", "iterations", 15, 5, sd, OTHER_CONFIGS,
                    new String[] {"factors", "64", "16", "32"}, new String[] {"reg", "0.13", "0.08", "0.2"}));
            family(families, share, 1, grid(rng, "biased-mf", null, 0, 0, sd, OTHER_CONFIGS,
                    new String[] {"factors", "128", "32", "64"}, new String[] {"reg", "0.08", "0.04", "0.15"}));
        } else {
            List<Config> pop = new ArrayList<>();
            for (Mapping m : maps) {
                pop.add(new Config("popularity", Map.of(), null, 0, 0, false, m.options(), m.tags()));
            }
            family(families, share, 1, pop);
            // the defaults are the strongest prior: iALS's run at full length right away
            family(families, share, 2, grid(rng, "ials", "iterations", 15, 5, sd, IALS_CONFIGS, true, maps,
                    new String[] {"factors", "64", "32", "128"}, new String[] {"alpha", "0.5", "1", "2", "4"},
                    new String[] {"reg", "30", "10", "3", "100"}));
            family(families, share, 1, grid(rng, "item-cooccurrence", null, 0, 0, null, OTHER_CONFIGS, false, maps,
                    new String[] {"similarity", "cosine", "jaccard", "lift"}, new String[] {"neighbors", "100", "30"}));
            if (s.columns() <= EASE_MAX_ITEMS) {
                family(families, share, 1, grid(rng, "ease", null, 0, 0, null, OTHER_CONFIGS, false, maps,
                        new String[] {"lambda", "300", "100", "1000", "3000", "30"}));
            }
            family(families, share, 1, grid(rng, "bpr", "epochs", 100, 33, sd, 4,
                    new String[] {"factors", "64", "128"}, new String[] {"reg", "0.02", "0.005"},
                    new String[] {"learning-rate", "0.1", "0.05"}));
            family(families, share, 1, grid(rng, "mult-vae", "epochs", 100, 33, sd, 1));
        }
        // bpr and mult-vae keep the default mapping (bpr reads pairs, not confidences)
        List<Config> out = new ArrayList<>();
        int[] next = new int[families.size()];
        boolean any = true;
        while (any) {
            any = false;
            for (int f = 0; f < families.size(); f++) {
                List<Config> fam = families.get(f);
                for (int k = 0; k < share.get(f) && next[f] < fam.size(); k++) {
                    Config c = fam.get(next[f]++);
                    any = true;
                    if (registered.contains(c.algorithm()) && (allowed.isEmpty() || allowed.contains(c.algorithm()))) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private static void family(List<List<Config>> families, List<Integer> share, int perRound, List<Config> configs) {
        families.add(configs);
        share.add(perRound);
    }

    /** The grid's first point (all first values = the defaults), then up to {@code max - 1} others in seeded order. */
    private static List<Config> grid(SplittableRandom rng, String algo, String fidelity, int full, int low, String seed,
                                     int max, String[]... dims) {
        return grid(rng, algo, fidelity, full, low, seed, max, false, List.of(new Mapping(null, Map.of())), dims);
    }

    /**
     * The defaults with the first mapping; the defaults with each other mapping; then up to
     * {@code max - 1} other (parameters, mapping) points in seeded order. {@code fullDefault}: the
     * first runs at full length in the first rung (not reduced).
     */
    private static List<Config> grid(SplittableRandom rng, String algo, String fidelity, int full, int low, String seed,
                                     int max, boolean fullDefault, List<Mapping> maps, String[]... dims) {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (String[] d : dims) {
            List<Map<String, String>> nextPoints = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (int v = 1; v < d.length; v++) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(d[0], d[v]);
                    nextPoints.add(q);
                }
            }
            points = nextPoints;
        }
        // (point, mapping) pairs, point-major: with one mapping the order (and the draws) of the plain grid
        List<int[]> rest = new ArrayList<>();
        for (int p = 1; p < points.size(); p++) {
            for (int m = 0; m < maps.size(); m++) {
                rest.add(new int[] {p, m});
            }
        }
        for (int i = rest.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int[] t = rest.get(i);
            rest.set(i, rest.get(j));
            rest.set(j, t);
        }
        List<int[]> chosen = new ArrayList<>();
        for (int m = 0; m < maps.size(); m++) {
            chosen.add(new int[] {0, m});
        }
        chosen.addAll(rest.subList(0, Math.min(rest.size(), max - 1)));
        List<Config> out = new ArrayList<>();
        for (int[] pm : chosen) {
            Map<String, String> q = new LinkedHashMap<>(points.get(pm[0]));
            if (fidelity != null) {
                q.put(fidelity, Integer.toString(full));
            }
            if (seed != null) {
                q.put("seed", seed);
            }
            boolean whole = fullDefault && out.isEmpty();
            Mapping m = maps.get(pm[1]);
            out.add(new Config(algo, q, whole ? null : fidelity, full, low, false, m.options(), m.tags()));
        }
        return out;
    }

    /** Units of work of training {@code c} on data of sizes {@code s} (see {@link #PRIOR_SECONDS_PER_UNIT}). */
    public static double work(Config c, DataStats s) {
        double n = s.nnz();
        double rows = s.users() + (double) s.items();
        switch (c.algorithm()) {
            case "popularity":
                return n;
            case "item-cooccurrence":
                return s.sumSquares() + (double) s.items() * c.intParam("neighbors", 100);
            case "ease":
                return Math.pow(s.columns(), 3) / 10 + s.sumSquares();
            case "ials": {
                double f = c.intParam("factors", 64);
                return c.intParam("iterations", 15) * (6 * f * f * rows + 12 * n * f);
            }
            case "als": {
                double f = c.intParam("factors", 64);
                return c.intParam("iterations", 15) * (n * f * f + rows * f * f * f / 3);
            }
            case "bpr":
                return c.intParam("epochs", 100) * n * c.intParam("factors", 64) * 4;
            // early stopping ends these long before the epoch cap (on MovieLens 100K: biased-mf after
            // about 115 epochs, svdpp after about 15), and the refit repeats as many on all ratings
            case "biased-mf":
                return Math.min(c.intParam("epochs", 200), 120) * 2.0 * n * c.intParam("factors", 128) * 6;
            case "svdpp":
                return Math.min(c.intParam("epochs", 200), 16) * 2.0 * n * c.intParam("factors", 128) * 12;
            case "mult-vae":
                return c.intParam("epochs", 100) * (double) s.users() * s.columns() * c.intParam("hidden", 600) / 20;
            default:
                return n * 100;
        }
    }

    /** Seconds per unit of work before the algorithm was measured. */
    public static double priorSecondsPerUnit(String algorithm) {
        // iALS's work formula counts its dense f x f terms per row in full; measured 0.8e-9 s per unit
        // on the Taobao slice (130k users + items) with 2 cores shared by other jobs, where the common
        // prior kept its defaults from ever running (a trial that overruns is stopped anyway)
        return "ials".equals(algorithm) ? PRIOR_SECONDS_PER_UNIT / 4 : PRIOR_SECONDS_PER_UNIT;
    }

    /** Seconds of one validation ranking before any was measured. */
    public static double priorEvalSeconds(DataStats s) {
        return (double) s.users() * s.columns() * 64 * PRIOR_SECONDS_PER_UNIT;
    }
}
