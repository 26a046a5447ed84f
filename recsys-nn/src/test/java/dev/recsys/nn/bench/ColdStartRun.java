package dev.recsys.nn.bench;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.nn.testing.MovieLens;
import dev.recsys.nn.testing.TestData;
import dev.recsys.nn.internal.train.RankingValidator;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Cold-start items on MovieLens 100K (run by hand): 10% of the items (seeded) are held out
 * entirely; the model trains on the ratings of the other items (with u.item genres and release
 * year as attributes of all items); for each user with a rating on a held-out item, the held-out
 * items are ranked and recall@20 = hits / min(20, relevant) is averaged. References: random
 * ranking (exact expectation), genre popularity (a held-out item scores the mean training
 * popularity of warm items sharing its genres), and an oracle test-set popularity.
 *
 * <pre>java -cp ... dev.recsys.nn.bench.ColdStartRun [key=value ...]   (params of item-attribute-ae)</pre>
 */
public final class ColdStartRun {
    private ColdStartRun() {
    }

    public static void main(String[] args) {
        Path dir = TestData.ml100k().orElseThrow(() -> new IllegalStateException("shared/data/ml-100k not found"));
        Map<String, String> given = new LinkedHashMap<>();
        long splitSeed = 11;
        String algoName = "item-attribute-ae";
        boolean val = false;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv[0].equals("split-seed")) {
                splitSeed = Long.parseLong(kv[1]);
            } else if (kv[0].equals("mode")) {
                val = kv[1].equals("val");
            } else if (kv[0].equals("algo")) {
                algoName = kv[1];
            } else {
                given.put(kv[0], kv[1]);
            }
        }
        Algorithm algo = Algorithms.byName(algoName);
        Params params = Params.parse(algo.params(), given);
        Interactions all = MovieLens.read(dir.resolve("u.data"));
        int n = MovieLens.ITEMS;
        boolean[] cold = new boolean[n];
        SplittableRandom rnd = new SplittableRandom(splitSeed);
        int nCold = 0;
        while (nCold < n / 10) {
            int i = rnd.nextInt(n);
            if (!cold[i]) {
                cold[i] = true;
                nCold++;
            }
        }
        if (val) {
            // tuning: drop the test items entirely, then hold out another 10% of the items as validation
            boolean[] test = cold;
            cold = new boolean[n];
            nCold = 0;
            SplittableRandom vr = new SplittableRandom(splitSeed + 1);
            while (nCold < n / 10) {
                int i = vr.nextInt(n);
                if (!test[i] && !cold[i]) {
                    cold[i] = true;
                    nCold++;
                }
            }
            Interactions kept = MovieLens.emptyLog();
            for (int e = 0; e < all.size(); e++) {
                if (!test[all.item(e)]) {
                    kept.add(all.user(e), all.item(e), Behavior.RATING, all.value(e), all.time(e), Interactions.NO_SCENE);
                }
            }
            all = kept;
        }
        Interactions train = MovieLens.emptyLog();
        Interactions test = MovieLens.emptyLog();
        for (int e = 0; e < all.size(); e++) {
            Interactions dst = cold[all.item(e)] ? test : train;
            dst.add(all.user(e), all.item(e), Behavior.RATING, all.value(e), all.time(e), Interactions.NO_SCENE);
        }
        ItemCatalog catalog = new ItemCatalog(train.items());
        MovieLens.readItems(dir.resolve("u.item"), catalog);
        InteractionMatrix trainM = MatrixBuilder.build(train, MatrixOptions.ratings());
        InteractionMatrix testM = MatrixBuilder.build(test, MatrixOptions.ratings());
        long t0 = System.nanoTime();
        TrainedModel model = algo.train(new TrainingData(new Dataset(train, catalog), MatrixOptions.ratings()), params, null);
        double secs = (System.nanoTime() - t0) / 1e9;

        int[] coldIds = new int[nCold];
        for (int i = 0, k = 0; i < n; i++) {
            if (cold[i]) {
                coldIds[k++] = i;
            }
        }
        float[] genrePop = genrePopularity(catalog, trainM, coldIds);
        float[] oracle = new float[n];
        for (int q = 0; q < testM.nnz(); q++) {
            oracle[testM.colIdx()[q]]++;
        }
        float[] s = new float[n];
        float[] sub = new float[nCold];
        int[] top = new int[20];
        double rModel = 0;
        double rRandom = 0;
        double rGenre = 0;
        double rOracle = 0;
        double fullModel = 0;
        int users = 0;
        for (int u = 0; u < MovieLens.USERS; u++) {
            int rel = testM.rowLength(u);
            if (rel == 0) {
                continue;
            }
            users++;
            int[] items = trainM.rowColumns(u);
            float[] w = new float[items.length];
            java.util.Arrays.fill(w, 1f);
            if (!model.score(Query.ofUser(u, items, w, Scene.HOME), s)) {
                java.util.Arrays.fill(s, 0f);
            }
            double denom = Math.min(20, rel);
            rModel += hits(s, coldIds, sub, top, testM, u) / denom;
            rGenre += hits(genrePop, coldIds, sub, top, testM, u) / denom;
            rOracle += hits(oracle, coldIds, sub, top, testM, u) / denom;
            rRandom += 20.0 * rel / nCold / denom;
            // full catalogue (warm + cold, training items excluded)
            for (int i : items) {
                s[i] = Float.NEGATIVE_INFINITY;
            }
            int k = RankingValidator.topK(s, 20, top);
            int h = 0;
            for (int t = 0; t < k; t++) {
                h += testM.get(u, top[t]) != 0f ? 1 : 0;
            }
            fullModel += h / denom;
        }
        System.out.println(algo.name() + " " + params + (val ? "  [VALIDATION split]" : "  [TEST split]"));
        System.out.printf("cold items %d, users with cold test ratings %d, train %.1fs%n", nCold, users, secs);
        System.out.printf("recall@20 among held-out items: model %.4f | random %.4f | genre popularity %.4f | oracle test popularity %.4f%n",
                rModel / users, rRandom / users, rGenre / users, rOracle / users);
        System.out.printf("recall@20 of held-out items over the full catalogue (train items excluded): model %.4f%n",
                fullModel / users);
    }

    private static int hits(float[] scores, int[] coldIds, float[] sub, int[] top, InteractionMatrix test, int u) {
        for (int k = 0; k < coldIds.length; k++) {
            sub[k] = scores[coldIds[k]];
        }
        int n = RankingValidator.topK(sub, 20, top);
        int h = 0;
        for (int t = 0; t < n; t++) {
            h += test.get(u, coldIds[top[t]]) != 0f ? 1 : 0;
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
        java.util.List<String> genres = new java.util.ArrayList<>();
        for (String a : c.numericAttributes()) {
            if (a.startsWith("genre:")) {
                genres.add(a);
            }
        }
        double[] sum = new double[genres.size()];
        int[] num = new int[genres.size()];
        for (int i = 0; i < n; i++) {
            if (count[i] == 0) {
                continue;
            }
            for (int g = 0; g < genres.size(); g++) {
                if (c.numeric(genres.get(g), i, 0f) > 0) {
                    sum[g] += count[i];
                    num[g]++;
                }
            }
        }
        float[] out = new float[n];
        for (int i : coldIds) {
            double s = 0;
            int k = 0;
            for (int g = 0; g < genres.size(); g++) {
                if (c.numeric(genres.get(g), i, 0f) > 0 && num[g] > 0) {
                    s += sum[g] / num[g];
                    k++;
                }
            }
            out[i] = k == 0 ? 0f : (float) (s / k);
        }
        return out;
    }
}
