package dev.recsys.mf;

import dev.recsys.api.Scene;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.Arrays;

/**
 * Test-only evaluation (private stand-in for recsys-eval until it is merged). RMSE over test
 * ratings whose user and item are in the training data. Top-10 ranking: relevant = every item
 * of the user in the test set (also items unknown to the model, which can never be hit), the
 * user's training items excluded from the ranking, the full catalogue ranked, users with at least
 * one test item; P@10 = hits / 10; NDCG@10 with binary gains, log2 discount and IDCG over
 * min(10, |relevant|). The query history is the user's training row under
 * {@link MatrixOptions#implicitDefaults()} (as the evaluation module does by default).
 */
final class Harness {
    private Harness() {
    }

    /** Evaluation figures. */
    record Result(double rmse, int rated, double precision, double ndcg, int rankedUsers, double trainSeconds,
                  String progress) {
        @Override
        public String toString() {
            return String.format("rmse=%.4f (n=%d) P@10=%.4f NDCG@10=%.4f (users=%d) train=%.2fs %s",
                    rmse, rated, precision, ndcg, rankedUsers, trainSeconds, progress);
        }
    }

    static TrainingData data(MovieLens.Split s, Algorithm a) {
        return new TrainingData(s.train(), a.explicit() ? MatrixOptions.ratings() : MatrixOptions.implicitDefaults());
    }

    static Result run(Algorithm a, Params p, MovieLens.Split s, boolean ranking) {
        TrainingData d = data(s, a);
        java.util.Map<String, Integer> last = new java.util.concurrent.ConcurrentHashMap<>();
        TrainingListener l = (stage, step, total, metrics) -> last.merge(stage, step, Math::max);
        long t0 = System.nanoTime();
        TrainedModel m = a.train(d, p, l);
        double secs = (System.nanoTime() - t0) / 1e9;
        Result r = evaluate(m, s, ranking, secs);
        return new Result(r.rmse(), r.rated(), r.precision(), r.ndcg(), r.rankedUsers(), secs, last.toString());
    }

    static Result evaluate(TrainedModel m, MovieLens.Split s, boolean ranking, double secs) {
        double sq = 0;
        int rated = 0;
        if (m.predictsRatings()) {
            for (int p = 0; p < s.testUser().length; p++) {
                int u = s.testUser()[p];
                int i = s.testItem()[p];
                if (u >= 0 && i >= 0 && i < m.numItems()) {
                    double e = m.predict(u, i) - s.testRating()[p];
                    sq += e * e;
                    rated++;
                }
            }
        }
        double prec = Double.NaN;
        double ndcg = Double.NaN;
        int users = 0;
        if (ranking) {
            double[] pn = ranking(m, s);
            prec = pn[0];
            ndcg = pn[1];
            users = (int) pn[2];
        }
        return new Result(rated > 0 ? Math.sqrt(sq / rated) : Double.NaN, rated, prec, ndcg, users, secs, "");
    }

    /** {mean P@10, mean NDCG@10, users}. */
    static double[] ranking(TrainedModel m, MovieLens.Split s) {
        InteractionMatrix hist = MatrixBuilder.build(s.train().interactions(), MatrixOptions.implicitDefaults());
        int nUsers = hist.rows();
        int nItems = m.numItems();
        // relevant test items per user (distinct; unknown items counted, never hit)
        int[][] rel = new int[nUsers][];
        int[] relCount = new int[nUsers];
        java.util.List<java.util.Set<Integer>> sets = new java.util.ArrayList<>();
        for (int u = 0; u < nUsers; u++) {
            sets.add(new java.util.HashSet<>());
        }
        int unknownCounter = -2;
        for (int p = 0; p < s.testUser().length; p++) {
            int u = s.testUser()[p];
            if (u < 0) {
                continue;
            }
            int i = s.testItem()[p];
            if (i >= 0 && hist.get(u, i) != 0f) {
                continue; // training item: excluded
            }
            sets.get(u).add(i >= 0 ? i : unknownCounter--);
        }
        float[] scores = new float[nItems];
        double sp = 0;
        double sn = 0;
        int users = 0;
        for (int u = 0; u < nUsers; u++) {
            java.util.Set<Integer> r = sets.get(u);
            if (r.isEmpty()) {
                continue;
            }
            users++;
            int[] items = hist.rowColumns(u);
            float[] w = Arrays.copyOfRange(hist.values(), hist.rowPtr()[u], hist.rowPtr()[u + 1]);
            Arrays.fill(scores, Float.NEGATIVE_INFINITY);
            if (!m.score(Query.ofUser(u, items, w, Scene.HOME), scores)) {
                continue;
            }
            for (int it : items) {
                scores[it] = Float.NEGATIVE_INFINITY;
            }
            int[] top = top(scores, 10);
            int hits = 0;
            double dcg = 0;
            for (int rnk = 0; rnk < top.length; rnk++) {
                if (r.contains(top[rnk])) {
                    hits++;
                    dcg += 1.0 / (Math.log(rnk + 2) / Math.log(2));
                }
            }
            double idcg = 0;
            for (int rnk = 0; rnk < Math.min(10, r.size()); rnk++) {
                idcg += 1.0 / (Math.log(rnk + 2) / Math.log(2));
            }
            sp += hits / 10.0;
            sn += dcg / idcg;
        }
        return new double[] {sp / users, sn / users, users};
    }

    /** Indices of the k highest finite scores, descending, ties to the lower index. */
    static int[] top(float[] s, int k) {
        int[] best = new int[k];
        float[] bs = new float[k];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            float v = s[i];
            if (v == Float.NEGATIVE_INFINITY || Float.isNaN(v)) {
                continue;
            }
            if (n < k || v > bs[n - 1]) {
                int pos = n < k ? n++ : k - 1;
                while (pos > 0 && bs[pos - 1] < v) {
                    bs[pos] = bs[pos - 1];
                    best[pos] = best[pos - 1];
                    pos--;
                }
                bs[pos] = v;
                best[pos] = i;
            }
        }
        return Arrays.copyOf(best, n);
    }
}
