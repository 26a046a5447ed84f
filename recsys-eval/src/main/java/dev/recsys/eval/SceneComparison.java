package dev.recsys.eval;

import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.eval.metrics.RankingMetrics;
import dev.recsys.eval.split.PerUserHoldout;
import dev.recsys.eval.split.Split;
import dev.recsys.eval.stats.ComparisonResult;
import dev.recsys.eval.stats.PairedComparison;
import dev.recsys.internal.topk.TopK;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scene comparison protocol: does a scene-aware model beat, in every scene, the same model
 * without scenes, one model per scene, and the best scene-blind model of the library?
 *
 * <p>Per split (seeds {@code seed .. seed + splits - 1}): each user's events are split 80/20
 * ({@link PerUserHoldout}); with {@code validate} the 20% hold-out is cut again from the training
 * part, so the test part is never seen (use it for tuning). Every entry trains on the training
 * part according to its {@link Role}; an algorithm with a {@code seed} parameter gets the split's
 * seed. The evaluation units are the (test user, scene) pairs: the relevant items are the user's
 * held-out items in that scene not in their training history, the query is the user's whole
 * training history (all scenes, weight 1) in that scene, training items are excluded from the
 * ranking, and NDCG@k and recall@k are computed on the full catalogue.
 *
 * <p>Per scene the report gives each entry's mean over the splits and its standard deviation, and
 * for every scene-aware entry its difference to every other entry and to the best scene-blind one
 * (the scene-blind entry with the highest mean NDCG in that scene): mean and standard deviation of
 * the per-split difference, the splits won, and a paired test ({@link PairedComparison}) over the
 * units of all splits pooled.
 *
 * <p>Thread safety: immutable; {@link #run} may be called from several threads (models train with
 * their own {@code threads} parameter).
 */
public final class SceneComparison {
    private static final Logger LOG = LoggerFactory.getLogger(SceneComparison.class);

    /** How an entry uses the scenes of the training data. */
    public enum Role {
        /** Trained once on all training events with their scenes. */
        SCENE_AWARE,
        /** The same kind of model without scenes: trained on all training events, scenes removed. */
        WITHOUT_SCENES,
        /** One model per scene, each trained on that scene's training events only (scenes removed). */
        PER_SCENE,
        /** A model that ignores scenes, trained on all training events with scenes removed. */
        SCENE_BLIND
    }

    /**
     * One model in the comparison.
     *
     * @param label     name in the report, unique
     * @param role      how it is trained
     * @param algorithm registered algorithm name ({@link Algorithms#byName})
     * @param params    parameters given to it (others default); {@code seed} is set per split when
     *                  the algorithm has one and it is not given
     */
    public record Entry(String label, Role role, String algorithm, Map<String, String> params) {
        /** Validates and copies. */
        public Entry {
            if (label == null || label.isBlank() || label.contains("|")) {
                throw new IllegalArgumentException("label must be non-blank without '|', got '" + label + "'");
            }
            if (role == null || algorithm == null) {
                throw new IllegalArgumentException("role and algorithm must not be null (entry " + label + ")");
            }
            params = Map.copyOf(params == null ? Map.of() : params);
        }
    }

    /**
     * Protocol settings.
     *
     * @param splits       number of splits, 1..100
     * @param seed         seed of the first split
     * @param testFraction share of each user's events held out, in (0, 1)
     * @param validate     evaluate on a hold-out cut from the training part (for tuning)
     * @param k            cut-off of NDCG and recall, 1..1000
     */
    public record Options(int splits, long seed, double testFraction, boolean validate, int k) {
        /** Validates. */
        public Options {
            if (splits < 1 || splits > 100) {
                throw new IllegalArgumentException("splits must be in 1..100, got " + splits);
            }
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
            }
            if (k < 1 || k > 1000) {
                throw new IllegalArgumentException("k must be in 1..1000, got " + k);
            }
        }

        /** 5 splits from seed 1, 80/20, test part, k = 10. */
        public static Options defaults() {
            return new Options(5, 1, 0.2, false, 10);
        }
    }

    /**
     * One entry's figures in one scene.
     *
     * @param label  the entry
     * @param role   its role
     * @param ndcg   NDCG@k per split
     * @param recall recall@k per split
     */
    public record ModelScore(String label, Role role, double[] ndcg, double[] recall) {
        /** Mean NDCG@k over the splits. */
        public double meanNdcg() {
            return mean(ndcg);
        }

        /** Sample standard deviation of NDCG@k over the splits (0 for one split). */
        public double sdNdcg() {
            return sd(ndcg);
        }

        /** Mean recall@k over the splits. */
        public double meanRecall() {
            return mean(recall);
        }
    }

    /**
     * A scene-aware entry against another entry in one scene.
     *
     * @param subject  the scene-aware entry
     * @param against  the other entry
     * @param bestBlind whether {@code against} is the best scene-blind entry of the scene
     * @param diff     subject minus other, NDCG@k per split
     * @param wins     splits where the subject's NDCG@k is higher
     * @param test     paired test of NDCG@k over the units of all splits pooled (null if fewer than 2)
     */
    public record Versus(String subject, String against, boolean bestBlind, double[] diff, int wins,
                         ComparisonResult test) {
        /** Mean difference over the splits. */
        public double meanDiff() {
            return mean(diff);
        }

        /** Mean difference relative to the other entry's mean. */
        public double relative(double otherMean) {
            return otherMean == 0 ? 0 : meanDiff() / otherMean;
        }
    }

    /**
     * One scene's results.
     *
     * @param scene        scene name
     * @param units        evaluated (user, scene) units, summed over the splits
     * @param trainEvents  training events in the scene, summed over the splits
     * @param models       each entry's scores, in entry order
     * @param bestBlind    label of the best scene-blind entry (null if none)
     * @param versus       every scene-aware entry against every other entry
     */
    public record SceneReport(String scene, int units, long trainEvents, List<ModelScore> models, String bestBlind,
                              List<Versus> versus) {
        /** The score of an entry. */
        public ModelScore model(String label) {
            for (ModelScore m : models) {
                if (m.label().equals(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("no entry '" + label + "' in scene " + scene);
        }
    }

    /**
     * The whole comparison.
     *
     * @param description protocol description
     * @param options     the settings
     * @param scenes      one report per scene of the data, in the data's scene order
     */
    public record Report(String description, Options options, List<SceneReport> scenes) {
    }

    private final Options options;

    /** A comparison with the given settings. */
    public SceneComparison(Options options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        this.options = options;
    }

    /**
     * Runs the comparison.
     *
     * @param data     scene-tagged events and catalogue. Not modified.
     * @param entries  the models, labels unique, at least one. Not modified.
     * @param listener training progress of every model (null = none)
     * @throws IllegalArgumentException if the data has no scenes, an algorithm is unknown or labels repeat
     */
    public Report run(Dataset data, List<Entry> entries, TrainingListener listener) {
        if (data == null || entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("data and at least one entry are required");
        }
        Interactions log = data.interactions();
        List<Scene> scenes = log.scenes();
        if (scenes.isEmpty()) {
            throw new IllegalArgumentException("the data has no scenes: no event carries a scene");
        }
        Map<String, Algorithm> algos = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (algos.put(e.label(), Algorithms.byName(e.algorithm())) != null) {
                throw new IllegalArgumentException("entry label '" + e.label() + "' is used twice");
            }
        }
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        int splits = options.splits();
        int ns = scenes.size();
        int ne = entries.size();
        double[][][] ndcg = new double[ns][ne][splits];
        double[][][] recall = new double[ns][ne][splits];
        List<List<List<double[]>>> unitValues = new ArrayList<>(); // [scene][entry] -> per-split unit NDCG
        for (int s = 0; s < ns; s++) {
            List<List<double[]>> perEntry = new ArrayList<>();
            for (int e = 0; e < ne; e++) {
                perEntry.add(new ArrayList<>());
            }
            unitValues.add(perEntry);
        }
        int[] units = new int[ns];
        long[] trainEvents = new long[ns];
        String description = null;
        for (int r = 0; r < splits; r++) {
            long seed = options.seed() + r;
            Split split = new PerUserHoldout(options.testFraction(), seed).split(log).get(0);
            Interactions train = split.train();
            Interactions test = split.test();
            if (options.validate()) {
                Split inner = new PerUserHoldout(options.testFraction(), seed + 1_000_003L).split(train).get(0);
                train = inner.train();
                test = inner.test();
            }
            if (description == null) {
                description = split.description() + (options.validate() ? ", evaluated on a hold-out of the training part"
                        : "") + "; units (user, scene), relevant = held-out items of the scene not in training, "
                        + "training items excluded, full ranking, NDCG@" + options.k() + ", " + splits + " splits from seed "
                        + options.seed();
            }
            for (int e = 0; e < train.size(); e++) {
                if (train.sceneCode(e) >= 0) {
                    trainEvents[train.sceneCode(e)]++;
                }
            }
            TrainedModel[][] models = train(train, data.catalog(), entries, algos, seed, ns, l);
            evaluate(train, test, scenes, models, r, ndcg, recall, unitValues, units);
            LOG.info("scene comparison: split {} of {} done", r + 1, splits);
        }
        PairedComparison paired = PairedComparison.withSeed(options.seed());
        List<SceneReport> reports = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            List<ModelScore> scores = new ArrayList<>();
            String best = null;
            double bestMean = Double.NEGATIVE_INFINITY;
            for (int e = 0; e < ne; e++) {
                ModelScore ms = new ModelScore(entries.get(e).label(), entries.get(e).role(), ndcg[s][e], recall[s][e]);
                scores.add(ms);
                if (entries.get(e).role() == Role.SCENE_BLIND && ms.meanNdcg() > bestMean) {
                    bestMean = ms.meanNdcg();
                    best = ms.label();
                }
            }
            List<Versus> versus = new ArrayList<>();
            for (int a = 0; a < ne; a++) {
                if (entries.get(a).role() != Role.SCENE_AWARE) {
                    continue;
                }
                double[] ua = pooled(unitValues.get(s).get(a));
                for (int b = 0; b < ne; b++) {
                    if (b == a) {
                        continue;
                    }
                    double[] diff = new double[splits];
                    int wins = 0;
                    for (int r = 0; r < splits; r++) {
                        diff[r] = ndcg[s][a][r] - ndcg[s][b][r];
                        wins += diff[r] > 0 ? 1 : 0;
                    }
                    double[] ub = pooled(unitValues.get(s).get(b));
                    ComparisonResult test = ua.length >= 2
                            ? paired.compare("ndcg@" + options.k(), entries.get(a).label(), entries.get(b).label(), ua, ub)
                            : null;
                    versus.add(new Versus(entries.get(a).label(), entries.get(b).label(),
                            entries.get(b).label().equals(best), diff, wins, test));
                }
            }
            reports.add(new SceneReport(scenes.get(s).name(), units[s], trainEvents[s], scores, best, versus));
        }
        return new Report(description, options, reports);
    }

    private static TrainedModel[][] train(Interactions train, ItemCatalog catalog, List<Entry> entries,
                                          Map<String, Algorithm> algos, long seed, int ns, TrainingListener l) {
        MatrixOptions opts = MatrixOptions.binary();
        TrainingData withScenes = new TrainingData(new Dataset(train, catalog), opts);
        TrainingData blind = null;
        TrainingData[] perScene = null;
        TrainedModel[][] models = new TrainedModel[entries.size()][];
        for (int e = 0; e < entries.size(); e++) {
            Entry entry = entries.get(e);
            Algorithm algo = algos.get(entry.label());
            Params params = params(algo, entry.params(), seed);
            switch (entry.role()) {
                case SCENE_AWARE -> models[e] = fill(algo.train(withScenes, params, l), ns);
                case WITHOUT_SCENES, SCENE_BLIND -> {
                    if (blind == null) {
                        blind = new TrainingData(new Dataset(withoutScenes(train), catalog), opts);
                    }
                    models[e] = fill(algo.train(blind, params, l), ns);
                }
                case PER_SCENE -> {
                    if (perScene == null) {
                        perScene = new TrainingData[ns];
                        for (int s = 0; s < ns; s++) {
                            IntArrayList pos = new IntArrayList();
                            for (int i = 0; i < train.size(); i++) {
                                if (train.sceneCode(i) == s) {
                                    pos.add(i);
                                }
                            }
                            perScene[s] = pos.isEmpty() ? null
                                    : new TrainingData(new Dataset(withoutScenes(train.select(pos.toIntArray())), catalog), opts);
                        }
                    }
                    models[e] = new TrainedModel[ns];
                    for (int s = 0; s < ns; s++) {
                        models[e][s] = perScene[s] == null ? null : algo.train(perScene[s], params, l);
                    }
                }
                default -> throw new IllegalStateException("unknown role " + entry.role());
            }
        }
        return models;
    }

    private static Params params(Algorithm algo, Map<String, String> given, long seed) {
        Map<String, String> p = new HashMap<>(given);
        for (ParamSpec spec : algo.params()) {
            if (spec.name().equals("seed") && !p.containsKey("seed")) {
                p.put("seed", Long.toString(seed));
            }
        }
        return Params.parse(algo.params(), p);
    }

    /** The events with their scenes removed (same user and item indices). */
    static Interactions withoutScenes(Interactions log) {
        Interactions out = new Interactions(log.users(), log.items(), log.size());
        for (int e = 0; e < log.size(); e++) {
            out.add(log.user(e), log.item(e), log.behavior(e), log.value(e), log.time(e), Interactions.NO_SCENE);
        }
        return out;
    }

    private void evaluate(Interactions train, Interactions test, List<Scene> scenes, TrainedModel[][] models, int r,
                          double[][][] ndcg, double[][][] recall, List<List<List<double[]>>> unitValues, int[] units) {
        int k = options.k();
        InteractionMatrix trainM = new TrainingData(Dataset.of(train), MatrixOptions.binary()).matrix();
        Long2ObjectLinkedOpenHashMap<IntOpenHashSet> rel = new Long2ObjectLinkedOpenHashMap<>();
        for (int e = 0; e < test.size(); e++) {
            int s = test.sceneCode(e);
            int u = test.user(e);
            if (s < 0 || u >= trainM.rows() || trainM.rowLength(u) == 0) {
                continue;
            }
            int i = test.item(e);
            if (i < trainM.cols() && Arrays.binarySearch(trainM.colIdx(), trainM.rowPtr()[u], trainM.rowPtr()[u + 1], i) >= 0) {
                continue;
            }
            rel.computeIfAbsent(((long) s << 32) | u, x -> new IntOpenHashSet()).add(i);
        }
        boolean[] hits = new boolean[k];
        int[] top = new int[k];
        float[] topScores = new float[k];
        for (int s = 0; s < scenes.size(); s++) {
            List<Long> keys = new ArrayList<>();
            for (long key : rel.keySet()) {
                if ((int) (key >>> 32) == s) {
                    keys.add(key);
                }
            }
            units[s] += keys.size();
            for (int m = 0; m < models.length; m++) {
                TrainedModel model = models[m][s];
                double[] values = new double[keys.size()];
                double sumN = 0;
                double sumR = 0;
                float[] scores = model == null ? null : new float[model.numItems()];
                for (int x = 0; x < keys.size(); x++) {
                    long key = keys.get(x);
                    int u = (int) key;
                    IntOpenHashSet relevant = rel.get(key);
                    int[] hist = trainM.rowColumns(u);
                    float[] w = new float[hist.length];
                    Arrays.fill(w, 1f);
                    int got = 0;
                    if (model != null && model.score(Query.ofUser(u, hist, w, scenes.get(s)), scores)) {
                        for (int i : hist) {
                            if (i < scores.length) {
                                scores[i] = Float.NEGATIVE_INFINITY;
                            }
                        }
                        got = TopK.select(scores, k, null, null, null, top, topScores);
                    }
                    for (int t = 0; t < k; t++) {
                        hits[t] = t < got && relevant.contains(top[t]);
                    }
                    values[x] = RankingMetrics.ndcg(hits, k, relevant.size(), k);
                    sumN += values[x];
                    sumR += RankingMetrics.recall(hits, k, relevant.size(), k);
                }
                int cnt = Math.max(1, keys.size());
                ndcg[s][m][r] = sumN / cnt;
                recall[s][m][r] = sumR / cnt;
                unitValues.get(s).get(m).add(values);
            }
        }
    }

    private static double[] pooled(List<double[]> parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    private static TrainedModel[] fill(TrainedModel m, int n) {
        TrainedModel[] a = new TrainedModel[n];
        Arrays.fill(a, m);
        return a;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? 0 : s / x.length;
    }

    static double sd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    /** The report as console tables: per scene every entry, then every scene-aware entry against the others. */
    public static String format(Report report) {
        StringBuilder sb = new StringBuilder();
        Options o = report.options();
        sb.append(report.description()).append('\n');
        sb.append(String.format(Locale.ROOT, "%n%-20s %7s %9s | %-16s %8s %8s %9s%n", "scene", "units", "train-ev",
                "model", "NDCG@" + o.k(), "sd", "Recall@" + o.k()));
        for (SceneReport sr : report.scenes()) {
            boolean first = true;
            for (ModelScore m : sr.models()) {
                sb.append(String.format(Locale.ROOT, "%-20s %7s %9s | %-16s %8.4f %8.4f %9.4f%s%n",
                        first ? sr.scene() : "", first ? Integer.toString(sr.units()) : "",
                        first ? Long.toString(sr.trainEvents()) : "", m.label(), m.meanNdcg(), m.sdNdcg(),
                        m.meanRecall(), m.label().equals(sr.bestBlind()) ? "  (best scene-blind)" : ""));
                first = false;
            }
        }
        sb.append(String.format(Locale.ROOT, "%nscene-aware minus other, NDCG@%d: mean over splits (relative), "
                + "splits won, paired t / Wilcoxon p over all units%n", o.k()));
        for (SceneReport sr : report.scenes()) {
            boolean first = true;
            for (Versus v : sr.versus()) {
                double other = sr.model(v.against()).meanNdcg();
                sb.append(String.format(Locale.ROOT, "%-20s | %-12s vs %-16s %+8.4f (%+6.1f%%) %2d/%d  %s%s%n",
                        first ? sr.scene() : "", v.subject(), v.against() + (v.bestBlind() ? "*" : ""), v.meanDiff(),
                        100 * v.relative(other), v.wins(), o.splits(),
                        v.test() == null ? "-" : String.format(Locale.ROOT, "t p=%.2g  W p=%.2g",
                                v.test().tPValue(), v.test().wilcoxonPValue()), ""));
                first = false;
            }
        }
        sb.append("(* = best scene-blind model of the scene)\n");
        return sb.toString();
    }
}
