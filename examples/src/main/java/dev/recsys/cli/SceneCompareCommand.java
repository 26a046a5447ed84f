package dev.recsys.cli;

import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.data.io.ItemCatalogLoader;
import dev.recsys.data.io.ItemCatalogLoader.MovieLensAttribute;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.data.io.MovieLensUsers;
import dev.recsys.data.io.SharedData;
import dev.recsys.eval.metrics.RankingMetrics;
import dev.recsys.eval.split.PerUserHoldout;
import dev.recsys.eval.split.Split;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code recsys scene-compare}: per-scene NDCG@10 and recall@10 of a shared model, separate
 * per-scene models and the scene-aware {@code scene-star} model, on synthetic multi-scene data or
 * on MovieLens 100K with scenes = user age groups.
 */
final class SceneCompareCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar scene-compare [--data synthetic|movielens] [--seed N] [--repeat R] [--validate] [--param k=v,...]",
            "                                [--models shared,ease,per-scene,scene-star]",
            "  splits each user's items 80/20 (per-user hold-out, seeded), trains",
            "    shared      scene-star with scenes=false on all training events",
            "    ease        EASE (recsys-mf) on all training events, ignoring scenes",
            "    per-scene   one scene-star (scenes=false) per scene on that scene's training events",
            "    scene-star  the scene-aware model on all training events",
            "  and evaluates every (test user, scene) in its scene (training items excluded).",
            "  --repeat R   repeat with seeds N..N+R-1 (split and models) and print the mean table",
            "  --validate   evaluate on a 20% hold-out cut from the training part instead (tuning)",
            "  --param      extra parameters for scene-star (all variants), e.g. factors=32,scene-reg=0.01",
            "  --models     which models to train and evaluate (default all four)",
            "  movielens scenes (u.user age): age-under-25 (<25), age-25-34, age-35-49, age-50-plus (>=50)");
    private static final int K = 10;
    private final PrintStream out;
    private final TrainingListener progress;

    SceneCompareCommand(PrintStream out, TrainingListener progress) {
        this.out = out;
        this.progress = progress;
    }

    int run(String[] argv) {
        Args a = Args.parse(argv, Set.of("data", "seed", "param", "repeat", "models"), Set.of("help", "validate"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        String data = a.get("data", "synthetic");
        long seed = Long.parseLong(a.get("seed", "42"));
        Map<String, String> extra = new HashMap<>();
        String ps = a.get("param", "");
        for (String kv : ps.split(",")) {
            if (!kv.isBlank()) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new Args.UsageException("--param entries must be key=value, got '" + kv + "'");
                }
                extra.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        Dataset full;
        if (data.equals("synthetic")) {
            full = SyntheticGenerator.generate(SyntheticConfig.builder().users(3000).items(2000).seed(seed).build())
                    .dataset();
        } else if (data.equals("movielens")) {
            full = movieLens();
        } else {
            throw new Args.UsageException("--data must be synthetic or movielens, got '" + data + "'");
        }
        int repeat = Integer.parseInt(a.get("repeat", "1"));
        if (repeat < 1 || repeat > 20) {
            throw new Args.UsageException("--repeat must be in 1..20, got " + repeat);
        }
        Set<String> chosen = new java.util.LinkedHashSet<>();
        for (String m : a.get("models", String.join(",", MODELS)).split(",")) {
            if (!m.isBlank()) {
                if (!MODELS.contains(m.trim())) {
                    throw new Args.UsageException("--models entries must be among " + MODELS + ", got '" + m + "'");
                }
                chosen.add(m.trim());
            }
        }
        Interactions log = full.interactions();
        ItemCatalog catalog = full.catalog();
        long t0 = System.nanoTime();
        Map<String, double[]> sum = new LinkedHashMap<>();
        Map<String, double[]> perSplit = new LinkedHashMap<>();
        for (int r = 0; r < repeat; r++) {
            Map<String, double[]> one = once(log, catalog, data, seed + r, a.flag("validate"), extra, chosen);
            for (Map.Entry<String, double[]> e : one.entrySet()) {
                double[] acc = sum.computeIfAbsent(e.getKey(), k -> new double[2]);
                acc[0] += e.getValue()[0] / repeat;
                acc[1] += e.getValue()[1] / repeat;
                perSplit.computeIfAbsent(e.getKey(), k -> new double[repeat])[r] = e.getValue()[0];
            }
        }
        if (repeat > 1) {
            out.printf("%nmean over %d splits (seeds %d..%d); sd = standard deviation of NDCG@10 over the splits%n"
                    + "%-20s | %-10s %8s %8s %9s%n", repeat, seed, seed + repeat - 1,
                    "scene", "model", "NDCG@10", "sd", "Recall@10");
            String last = "";
            for (Map.Entry<String, double[]> e : sum.entrySet()) {
                String[] k = e.getKey().split("\\|");
                out.printf("%-20s | %-10s %8.4f %8.4f %9.4f%n", k[0].equals(last) ? "" : k[0], k[1], e.getValue()[0],
                        sd(perSplit.get(e.getKey())), e.getValue()[1]);
                last = k[0];
            }
            if (chosen.contains("scene-star")) {
                out.printf("%nscene-star minus baseline, NDCG@10 per split (mean, sd of the difference, splits won)%n");
                last = "";
                for (String key : sum.keySet()) {
                    String[] k = key.split("\\|");
                    if (k[1].equals("scene-star")) {
                        continue;
                    }
                    double[] star = perSplit.get(k[0] + "|scene-star");
                    double[] base = perSplit.get(key);
                    double[] diff = new double[repeat];
                    int won = 0;
                    StringBuilder sb = new StringBuilder();
                    for (int r = 0; r < repeat; r++) {
                        diff[r] = star[r] - base[r];
                        won += diff[r] > 0 ? 1 : 0;
                        sb.append(String.format(java.util.Locale.ROOT, " %+.4f", diff[r]));
                    }
                    out.printf("%-20s | vs %-10s %+8.4f %8.4f %d/%d |%s%n", k[0].equals(last) ? "" : k[0], k[1],
                            mean(diff), sd(diff), won, repeat, sb);
                    last = k[0];
                }
            }
        }
        out.printf("%ntotal wall time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static final List<String> MODELS = List.of("shared", "ease", "per-scene", "scene-star");

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample standard deviation (0 for a single value). */
    private static double sd(double[] x) {
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

    private Map<String, double[]> once(Interactions log, ItemCatalog catalog, String data, long seed, boolean validate,
                                       Map<String, String> extra, Set<String> chosen) {
        Map<String, double[]> result = new LinkedHashMap<>();
        Split split = new PerUserHoldout(0.2, seed).split(log).get(0);
        Interactions train = split.train();
        Interactions test = split.test();
        if (validate) {
            Split inner = new PerUserHoldout(0.2, seed + 1).split(train).get(0);
            train = inner.train();
            test = inner.test();
        }
        out.printf("data %s: %d events, %d users, %d items; %s%s%n", data, log.size(), log.users().size(),
                log.items().size(), split.description(), validate ? " (validation: inner 20% of training)" : "");
        MatrixOptions opts = MatrixOptions.binary();
        Algorithm star = Algorithms.byName("scene-star");
        Map<String, String> base = new HashMap<>(extra);
        base.put("seed", Long.toString(seed));
        Params sceneParams = Params.parse(star.params(), base);
        Params sharedParams = sceneParams.with(Map.of("scenes", "false"));
        TrainingData td = new TrainingData(new Dataset(train, catalog), opts);
        InteractionMatrix trainM = td.matrix();
        List<Scene> scenes = train.scenes();
        Map<String, TrainedModel[]> models = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        if (chosen.contains("shared")) {
            models.put("shared", fill(star.train(td, sharedParams, progress), scenes.size()));
        }
        if (chosen.contains("ease")) {
            Algorithm ease = Algorithms.byName("ease");
            models.put("ease", fill(ease.train(td, Params.defaults(ease.params()), progress), scenes.size()));
        }
        TrainedModel[] per = new TrainedModel[scenes.size()];
        for (int s = 0; s < scenes.size() && chosen.contains("per-scene"); s++) {
            IntArrayList pos = new IntArrayList();
            for (int e = 0; e < train.size(); e++) {
                if (train.sceneCode(e) == s) {
                    pos.add(e);
                }
            }
            per[s] = pos.isEmpty() ? null
                    : star.train(new TrainingData(new Dataset(train.select(pos.toIntArray()), catalog), opts), sharedParams, progress);
        }
        if (chosen.contains("per-scene")) {
            models.put("per-scene", per);
        }
        if (chosen.contains("scene-star")) {
            models.put("scene-star", fill(star.train(td, sceneParams, progress), scenes.size()));
        }
        out.printf("trained in %.1f s; scene-star parameters: %s%n", (System.nanoTime() - t0) / 1e9, sceneParams);

        // test units: (user, scene) -> held-out items in that scene not seen in training
        Long2ObjectLinkedOpenHashMap<IntOpenHashSet> units = new Long2ObjectLinkedOpenHashMap<>();
        for (int e = 0; e < test.size(); e++) {
            int s = test.sceneCode(e);
            int u = test.user(e);
            if (s < 0 || u >= trainM.rows() || trainM.rowLength(u) == 0) {
                continue;
            }
            int i = test.item(e);
            if (i < trainM.cols() && contains(trainM, u, i)) {
                continue;
            }
            units.computeIfAbsent(((long) s << 32) | u, k -> new IntOpenHashSet()).add(i);
        }
        int n = Math.max(1, log.items().size());
        float[] scores = new float[n];
        boolean[] hits = new boolean[K];
        out.printf("%n%-20s %7s %8s | %-10s %8s %8s%n", "scene", "units", "train-ev", "model", "NDCG@10", "Recall@10");
        for (int s = 0; s < scenes.size(); s++) {
            int trainEvents = 0;
            for (int e = 0; e < train.size(); e++) {
                if (train.sceneCode(e) == s) {
                    trainEvents++;
                }
            }
            List<long[]> keys = new ArrayList<>();
            for (long key : units.keySet()) {
                if ((int) (key >>> 32) == s) {
                    keys.add(new long[] {key});
                }
            }
            boolean first = true;
            for (Map.Entry<String, TrainedModel[]> m : models.entrySet()) {
                TrainedModel model = m.getValue()[s];
                double ndcg = 0;
                double recall = 0;
                for (long[] kk : keys) {
                    int u = (int) kk[0];
                    IntOpenHashSet rel = units.get(kk[0]);
                    int[] hist = trainM.rowColumns(u);
                    float[] w = new float[hist.length];
                    java.util.Arrays.fill(w, 1f);
                    if (model == null || !model.score(Query.ofUser(u, hist, w, scenes.get(s)), scores)) {
                        continue;
                    }
                    for (int i : hist) {
                        scores[i] = Float.NEGATIVE_INFINITY;
                    }
                    int[] top = topK(scores, model.numItems());
                    for (int r = 0; r < K; r++) {
                        hits[r] = top[r] >= 0 && rel.contains(top[r]);
                    }
                    ndcg += RankingMetrics.ndcg(hits, K, rel.size(), K);
                    recall += RankingMetrics.recall(hits, K, rel.size(), K);
                }
                int cnt = Math.max(1, keys.size());
                result.put(scenes.get(s).name() + "|" + m.getKey(), new double[] {ndcg / cnt, recall / cnt});
                out.printf("%-20s %7s %8s | %-10s %8.4f %8.4f%n", first ? scenes.get(s).name() : "",
                        first ? Integer.toString(keys.size()) : "", first ? Integer.toString(trainEvents) : "",
                        m.getKey(), ndcg / cnt, recall / cnt);
                first = false;
            }
        }
        return result;
    }

    private static TrainedModel[] fill(TrainedModel m, int n) {
        TrainedModel[] a = new TrainedModel[n];
        java.util.Arrays.fill(a, m);
        return a;
    }

    private static boolean contains(InteractionMatrix m, int r, int c) {
        return java.util.Arrays.binarySearch(m.colIdx(), m.rowPtr()[r], m.rowPtr()[r + 1], c) >= 0;
    }

    private static int[] topK(float[] s, int n) {
        int[] top = new int[K];
        java.util.Arrays.fill(top, -1);
        dev.recsys.nn.internal.train.RankingValidator.topK(s, K, top);
        return top;
    }

    /**
     * MovieLens 100K ratings with scene = age group of the user ({@code u.user}). The catalogue holds
     * the u.item genres (if the file is there) as categorical attributes {@code genre-<name>} =
     * {@code yes}, one per genre flag set.
     */
    private static Dataset movieLens() {
        Path dir = SharedData.dir().map(d -> d.resolve("ml-100k"))
                .orElseThrow(() -> new Args.UsageException("../shared/data/ml-100k not found (set RECSYS_DATA_DIR)"));
        Map<String, Scene> sceneOf = new HashMap<>();
        for (MovieLensUsers.User u : MovieLensUsers.load(dir.resolve("u.user"))) {
            int age = u.age();
            sceneOf.put(u.id(), Scene.of(age < 25 ? "age-under-25" : age < 35 ? "age-25-34"
                    : age < 50 ? "age-35-49" : "age-50-plus"));
        }
        Path ratings = dir.resolve("u.data");
        Interactions loaded = InteractionLoader.load(ratings, DataFormat.MOVIELENS).dataset().interactions();
        Interactions log = new Interactions(loaded.users(), loaded.items(), loaded.size());
        for (int e = 0; e < loaded.size(); e++) {
            Scene sc = sceneOf.get(loaded.users().idOf(loaded.user(e)));
            if (sc == null) {
                throw new IllegalArgumentException(ratings + ": user " + loaded.users().idOf(loaded.user(e))
                        + " is not in u.user");
            }
            log.add(loaded.user(e), loaded.item(e), loaded.behavior(e), loaded.value(e), loaded.time(e),
                    log.sceneCode(sc));
        }
        ItemCatalog catalog = new ItemCatalog(log.items());
        Path itemFile = dir.resolve("u.item");
        if (Files.exists(itemFile)) {
            ItemCatalogLoader.loadMovieLensItems(itemFile, catalog, LoadOptions.defaults(),
                    EnumSet.of(MovieLensAttribute.GENRE_VALUES));
        }
        return new Dataset(log, catalog);
    }
}
