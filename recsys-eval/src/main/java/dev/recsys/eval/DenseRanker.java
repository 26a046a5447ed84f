package dev.recsys.eval;

import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.util.Arrays;

/**
 * Ranks with a {@link TrainedModel} at the level of dense indices: one {@code score} call per unit
 * fills a score for every catalogue item; excluded items and items scored
 * {@code Float.NEGATIVE_INFINITY} are never recommended; ties go to the lower item index.
 *
 * <p>Thread safety: stateless apart from the model, whose {@code score} is thread-safe.
 */
final class DenseRanker implements UnitRanker {
    private final TrainedModel model;

    DenseRanker(TrainedModel model) {
        this.model = model;
    }

    /** Scores the unit once (cached by stamp); {@code validate} checks every score for NaN/+Infinity. */
    private boolean score(Work w, boolean validate) {
        if (w.scoredStamp == w.stamp) {
            return w.scoredOk;
        }
        Query q = Query.ofUser(w.queryUser, w.historyItems, w.historyWeights, w.scene);
        boolean ok = model.score(q, w.scores);
        if (ok && validate) {
            float[] s = w.scores;
            for (int i = 0; i < w.nItems; i++) {
                if (Float.isNaN(s[i]) || s[i] == Float.POSITIVE_INFINITY) {
                    throw badScore(w, i);
                }
            }
        }
        w.scoredStamp = w.stamp;
        w.scoredOk = ok;
        return ok;
    }

    private IllegalStateException badScore(Work w, int item) {
        return new IllegalStateException("model " + model.algorithm() + " scored item index " + item
                + " for user index " + w.user + " as " + w.scores[item] + "; scores must be finite or -Infinity");
    }

    @Override
    public boolean rankCatalogue(Work w, int depth, boolean fullAuc) {
        w.auc = Double.NaN;
        if (!score(w, false)) {
            w.length = 0;
            if (fullAuc) {
                w.auc = 0.5; // nothing known: every candidate ties
            }
            return false;
        }
        int n = w.nItems;
        float[] s = w.scores;
        int k = Math.max(1, Math.min(depth, n));
        w.topK.reset(k);
        int[] excluded = w.excluded;
        int stamp = w.stamp;
        for (int i = 0; i < n; i++) {
            float v = s[i];
            if (!(v < Float.POSITIVE_INFINITY)) { // NaN or +Infinity
                throw badScore(w, i);
            }
            if (excluded[i] != stamp && v != Float.NEGATIVE_INFINITY) {
                w.topK.offer(i, v);
            }
        }
        w.ensureList(k);
        w.length = w.topK.drain(w.list, w.listScores);
        if (fullAuc) {
            w.auc = fullAuc(w);
        }
        return true;
    }

    /** Mann-Whitney AUC over non-excluded catalogue items, ties counting half. */
    private static double fullAuc(Work w) {
        int n = w.nItems;
        if (w.sortBuf == null) {
            w.sortBuf = new float[Math.max(1, n)];
        }
        float[] rel = w.sortBuf;
        float[] scores = w.scores;
        int[] relevant = w.relevant;
        int[] excluded = w.excluded;
        int stamp = w.stamp;
        int nr = 0;
        for (int i = 0; i < n; i++) {
            if (relevant[i] == stamp && excluded[i] != stamp) {
                rel[nr++] = scores[i];
            }
        }
        if (nr == 0) {
            return 0.5;
        }
        Arrays.sort(rel, 0, nr);
        double correct = 0;
        long neg = 0;
        if (nr == 1) {
            float r = rel[0];
            long below = 0;
            long tied = 0;
            for (int i = 0; i < n; i++) {
                if (relevant[i] != stamp && excluded[i] != stamp) {
                    neg++;
                    float s = scores[i];
                    below += s < r ? 1 : 0;
                    tied += s == r ? 1 : 0;
                }
            }
            correct = below + 0.5 * tied;
        } else {
            for (int i = 0; i < n; i++) {
                if (relevant[i] == stamp || excluded[i] == stamp) {
                    continue;
                }
                neg++;
                float s = scores[i];
                int lo = lowerBound(rel, nr, s);
                int hi = upperBound(rel, nr, s);
                correct += (nr - hi) + 0.5 * (hi - lo);
            }
        }
        long pairs = neg * nr;
        return pairs == 0 ? 0.5 : correct / pairs;
    }

    @Override
    public void rankCandidates(Work w, int n) {
        boolean ok = score(w, true);
        w.topK.reset(Math.max(1, n));
        w.ensureList(n);
        for (int j = 0; j < n; j++) {
            int c = w.cands[j];
            w.topK.offer(c, scoreOf(w, ok, c));
        }
        w.length = w.topK.drain(w.list, w.listScores);
        if (n <= 1) {
            w.auc = 0.5;
            return;
        }
        float target = scoreOf(w, ok, w.cands[0]);
        double correct = 0;
        for (int j = 1; j < n; j++) {
            float s = scoreOf(w, ok, w.cands[j]);
            correct += s < target ? 1.0 : s == target ? 0.5 : 0.0;
        }
        w.auc = correct / (n - 1);
    }

    private static float scoreOf(Work w, boolean ok, int item) {
        return ok && item < w.nItems ? w.scores[item] : Float.NEGATIVE_INFINITY;
    }

    private static int lowerBound(float[] a, int n, float s) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < s) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(float[] a, int n, float s) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= s) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
