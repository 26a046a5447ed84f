package dev.recsys.nn.bench;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.nn.testing.MovieLens;
import dev.recsys.nn.testing.TestData;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The NCF paper's protocol on MovieLens 100K (run by hand): each user's latest rating (by time;
 * ties: the later line of u.data) is the test item, everything else trains. Reports HR@10 and
 * NDCG@10 (a) SAMPLED: the test item ranked against 99 items the user never rated (seeded), and
 * (b) FULL: ranked against the whole catalogue minus the user's training items.
 *
 * <pre>java -cp ... dev.recsys.nn.bench.LeaveLastOutRun ALGO [key=value ...]</pre>
 */
public final class LeaveLastOutRun {
    private LeaveLastOutRun() {
    }

    public static void main(String[] args) {
        Path dir = TestData.ml100k().orElseThrow(() -> new IllegalStateException("shared/data/ml-100k not found"));
        Algorithm algo = Algorithms.byName(args[0]);
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            given.put(kv[0], kv[1]);
        }
        Params params = Params.parse(algo.params(), given);
        Interactions all = MovieLens.read(dir.resolve("u.data"));
        int[] last = new int[MovieLens.USERS];
        java.util.Arrays.fill(last, -1);
        for (int e = 0; e < all.size(); e++) {
            int u = all.user(e);
            if (last[u] < 0 || all.time(e) >= all.time(last[u])) {
                last[u] = e;
            }
        }
        boolean[] isTest = new boolean[all.size()];
        int[] testItem = new int[MovieLens.USERS];
        for (int u = 0; u < MovieLens.USERS; u++) {
            isTest[last[u]] = true;
            testItem[u] = all.item(last[u]);
        }
        Interactions train = MovieLens.emptyLog();
        for (int e = 0; e < all.size(); e++) {
            if (!isTest[e]) {
                train.add(all.user(e), all.item(e), Behavior.RATING, all.value(e), all.time(e), Interactions.NO_SCENE);
            }
        }
        InteractionMatrix allM = MatrixBuilder.build(all, MatrixOptions.ratings());
        InteractionMatrix trainM = MatrixBuilder.build(train, MatrixOptions.ratings());
        long t0 = System.nanoTime();
        TrainedModel model = algo.train(new TrainingData(Dataset.of(train), MatrixOptions.ratings()), params, null);
        double secs = (System.nanoTime() - t0) / 1e9;
        NegativeSampler neg = NegativeSampler.uniform(allM.cols());
        java.util.SplittableRandom negRng = new java.util.SplittableRandom(2017);
        float[] s = new float[MovieLens.ITEMS];
        double hrS = 0;
        double ndS = 0;
        double hrF = 0;
        double ndF = 0;
        for (int u = 0; u < MovieLens.USERS; u++) {
            int[] items = trainM.rowColumns(u);
            float[] w = new float[items.length];
            java.util.Arrays.fill(w, 1f);
            if (!model.score(Query.ofUser(u, items, w, Scene.HOME), s)) {
                java.util.Arrays.fill(s, 0f);
            }
            float target = s[testItem[u]];
            // sampled: 99 distinct negatives the user never rated
            java.util.BitSet picked = new java.util.BitSet(MovieLens.ITEMS);
            int above = 0;
            for (int k = 0; k < 99; k++) {
                int j;
                do {
                    j = neg.drawNegative(negRng, allM, u);
                } while (picked.get(j));
                picked.set(j);
                above += s[j] > target ? 1 : 0;
            }
            if (above < 10) {
                hrS++;
                ndS += 1.0 / (Math.log(above + 2) / Math.log(2));
            }
            // full catalogue minus training items
            int aboveFull = 0;
            for (int j = 0; j < MovieLens.ITEMS; j++) {
                if (j != testItem[u] && !NegativeSampler.contains(trainM.colIdx(), trainM.rowPtr()[u], trainM.rowPtr()[u + 1], j) && s[j] > target) {
                    aboveFull++;
                }
            }
            if (aboveFull < 10) {
                hrF++;
                ndF += 1.0 / (Math.log(aboveFull + 2) / Math.log(2));
            }
        }
        int n = MovieLens.USERS;
        System.out.println(algo.name() + " " + params);
        System.out.printf("leave-last-out SAMPLED (1 + 99 negatives): HR@10 %.4f  NDCG@10 %.4f%n", hrS / n, ndS / n);
        System.out.printf("leave-last-out FULL catalogue:            HR@10 %.4f  NDCG@10 %.4f  (train %.1fs)%n",
                hrF / n, ndF / n, secs);
    }
}
