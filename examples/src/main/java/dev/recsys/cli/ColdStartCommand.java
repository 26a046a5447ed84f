package dev.recsys.cli;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.SharedData;
import dev.recsys.internal.topk.TopK;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code recsys cold-start}: cold-start items on a MovieLens 100K style directory ({@code u.data},
 * {@code u.item}). A seeded fraction of the items (default 10%) is held out entirely: the model
 * ({@code item-attribute-ae} by default) trains on the ratings of the other items with the genres and
 * release year of every item as attributes; each user with a rating on a held-out item then ranks
 * the held-out items, and recall@20 = hits / min(20, relevant) is averaged over those users.
 * References on the same users: random ranking (its exact expectation), genre popularity (a
 * held-out item scores the mean training popularity of the warm items sharing its genres) and, as an
 * upper reference, the held-out items' own test popularity (an oracle).
 */
final class ColdStartCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar cold-start [--dir DIR] [--fraction F] [--seed N] [--algo NAME] [--param k=v]...",
            "  DIR holds u.data (user TAB item TAB rating TAB time) and u.item (MovieLens 100K item file);",
            "    default: ml-100k under ../shared/data",
            "  holds out a seeded fraction F (default 0.1) of the items entirely, trains NAME (default",
            "  item-attribute-ae) on the rest with genres and year as item attributes, and prints recall@20",
            "  of the held-out items for the users who rated them, against random, genre popularity and",
            "  an oracle (test popularity); seed default 11");
    private static final int K = 20;
    private static final String[] GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
        "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
        "Thriller", "War", "Western"};
    private final PrintStream out;

    ColdStartCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) throws IOException {
        Args a = Args.parse(argv, Set.of("dir", "fraction", "seed", "algo", "param"), Set.of("help"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        Path dir = a.has("dir") ? Path.of(a.get("dir", "")) : SharedData.dir().map(d -> d.resolve("ml-100k"))
                .orElseThrow(() -> new Args.UsageException("no --dir and ../shared/data/ml-100k not found"));
        double fraction = Double.parseDouble(a.get("fraction", "0.1"));
        if (!(fraction > 0 && fraction < 1)) {
            throw new Args.UsageException("--fraction must be in (0, 1), got " + fraction);
        }
        long seed = Long.parseLong(a.get("seed", "11"));
        Algorithm algo = Algorithms.byName(a.get("algo", "item-attribute-ae"));
        Map<String, String> given = a.params("param");
        Params params = Params.parse(algo.params(), given);

        IdIndex users = new IdIndex();
        IdIndex items = new IdIndex();
        List<String[]> itemLines = readItems(dir.resolve("u.item"), items);
        List<String[]> ratings = readRatings(dir.resolve("u.data"), users, items);
        int n = items.size();
        int nCold = (int) Math.max(1, Math.round(n * fraction));
        boolean[] cold = new boolean[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < nCold; ) {
            int i = rnd.nextInt(n);
            if (!cold[i]) {
                cold[i] = true;
                c++;
            }
        }
        Interactions train = new Interactions(users, items, ratings.size());
        Interactions test = new Interactions(users, items, ratings.size() / 8);
        for (String[] f : ratings) {
            int u = users.indexOf(f[0]);
            int i = items.indexOf(f[1]);
            (cold[i] ? test : train).add(u, i, Behavior.RATING, Float.parseFloat(f[2]), Long.parseLong(f[3]),
                    Interactions.NO_SCENE);
        }
        ItemCatalog catalog = new ItemCatalog(items);
        for (String[] f : itemLines) {
            int i = items.indexOf(f[0]);
            String date = f[2].trim();
            if (date.length() >= 4) {
                int year = Integer.parseInt(date.substring(date.length() - 4));
                catalog.setNumeric("year", i, year);
                catalog.setCategorical("decade", i, Integer.toString(year / 10 * 10));
            }
            for (int g = 0; g < GENRES.length; g++) {
                catalog.setNumeric("genre:" + GENRES[g], i, Float.parseFloat(f[5 + g]));
            }
        }
        InteractionMatrix trainM = MatrixBuilder.build(train, MatrixOptions.ratings());
        InteractionMatrix testM = MatrixBuilder.build(test, MatrixOptions.ratings());
        long t0 = System.nanoTime();
        TrainedModel model = algo.train(new TrainingData(new Dataset(train, catalog), MatrixOptions.ratings()), params,
                TrainingListener.NONE);
        double secs = (System.nanoTime() - t0) / 1e9;

        int[] coldIds = new int[nCold];
        for (int i = 0, c = 0; i < n; i++) {
            if (cold[i]) {
                coldIds[c++] = i;
            }
        }
        float[] genrePop = genrePopularity(catalog, trainM, coldIds);
        float[] oracle = new float[n];
        for (int q = 0; q < testM.nnz(); q++) {
            oracle[testM.colIdx()[q]]++;
        }
        float[] s = new float[model.numItems()];
        double rModel = 0;
        double rRandom = 0;
        double rGenre = 0;
        double rOracle = 0;
        int evaluated = 0;
        TopK top = new TopK(K);
        for (int u = 0; u < testM.rows(); u++) {
            int rel = testM.rowLength(u);
            if (rel == 0) {
                continue;
            }
            evaluated++;
            int[] hist = trainM.rowColumns(u);
            float[] w = new float[hist.length];
            Arrays.fill(w, 1f);
            if (!model.score(Query.ofUser(u, hist, w, Scene.HOME), s)) {
                Arrays.fill(s, 0f);
            }
            double denom = Math.min(K, rel);
            rModel += hits(top, s, coldIds, testM, u) / denom;
            rGenre += hits(top, genrePop, coldIds, testM, u) / denom;
            rOracle += hits(top, oracle, coldIds, testM, u) / denom;
            rRandom += Math.min(K, nCold) * (double) rel / nCold / denom;
        }
        if (evaluated == 0) {
            throw new IllegalArgumentException("no user has a rating on a held-out item; raise --fraction");
        }
        out.printf("%s %s%n", algo.name(), params);
        out.printf("items %d, held out %d (seed %d), users with held-out ratings %d, trained in %.1f s%n",
                n, nCold, seed, evaluated, secs);
        out.printf("recall@20 among held-out items:%n");
        out.printf("  %-24s %.4f%n", "model", rModel / evaluated);
        out.printf("  %-24s %.4f%n", "random (expected)", rRandom / evaluated);
        out.printf("  %-24s %.4f%n", "genre popularity", rGenre / evaluated);
        out.printf("  %-24s %.4f%n", "oracle test popularity", rOracle / evaluated);
        return 0;
    }

    private static List<String[]> readItems(Path file, IdIndex items) throws IOException {
        List<String[]> lines = new ArrayList<>();
        int no = 0;
        for (String l : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            no++;
            if (l.isBlank()) {
                continue;
            }
            String[] f = l.split("\\|", -1);
            if (f.length < 5 + GENRES.length) {
                throw new IllegalArgumentException(file + " line " + no + ": expected id|title|date|video|url|19 genre flags");
            }
            items.add(f[0].trim());
            lines.add(f);
        }
        return lines;
    }

    private static List<String[]> readRatings(Path file, IdIndex users, IdIndex items) throws IOException {
        List<String[]> lines = new ArrayList<>();
        int no = 0;
        for (String l : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            no++;
            if (l.isBlank()) {
                continue;
            }
            String[] f = l.trim().split("\t");
            if (f.length < 4) {
                throw new IllegalArgumentException(file + " line " + no + ": expected user TAB item TAB rating TAB time");
            }
            if (items.indexOf(f[1]) < 0) {
                throw new IllegalArgumentException(file + " line " + no + ": item " + f[1] + " is not in u.item");
            }
            users.add(f[0]);
            lines.add(f);
        }
        return lines;
    }

    /** Hits of the top 20 of {@code scores} restricted to the held-out items. */
    private static int hits(TopK top, float[] scores, int[] coldIds, InteractionMatrix test, int u) {
        top.reset(Math.min(K, coldIds.length));
        for (int c : coldIds) {
            top.offer(c, scores[c]);
        }
        int[] best = new int[K];
        float[] bs = new float[K];
        int m = top.drain(best, bs);
        int h = 0;
        for (int t = 0; t < m; t++) {
            h += test.get(u, best[t]) != 0f ? 1 : 0;
        }
        return h;
    }

    /** Mean training popularity of the warm items sharing each genre, averaged over an item's genres. */
    private static float[] genrePopularity(ItemCatalog c, InteractionMatrix train, int[] coldIds) {
        int n = train.cols();
        int[] count = new int[n];
        for (int q = 0; q < train.nnz(); q++) {
            count[train.colIdx()[q]]++;
        }
        double[] sum = new double[GENRES.length];
        int[] num = new int[GENRES.length];
        for (int i = 0; i < n; i++) {
            if (count[i] == 0) {
                continue;
            }
            for (int g = 0; g < GENRES.length; g++) {
                if (c.numeric("genre:" + GENRES[g], i, 0f) > 0) {
                    sum[g] += count[i];
                    num[g]++;
                }
            }
        }
        float[] out = new float[n];
        for (int i : coldIds) {
            double s = 0;
            int k = 0;
            for (int g = 0; g < GENRES.length; g++) {
                if (c.numeric("genre:" + GENRES[g], i, 0f) > 0 && num[g] > 0) {
                    s += sum[g] / num[g];
                    k++;
                }
            }
            out[i] = k == 0 ? 0f : (float) (s / k);
        }
        return out;
    }
}
