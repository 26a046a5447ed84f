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

    private boolean score(Work w) {
        if (w.scoredStamp == w.stamp) {
            return w.scoredOk;
        }
        Query q = Query.ofUser(w.user, w.historyItems, w.historyWeights, w.scene);
        boolean ok = model.score(q, w.scores);
        if (ok) {
            float[] s = w.scores;
            for (int i = 0; i < w.nItems; i++) {
                float v = s[i];
                if (Float.isNaN(v) || v == Float.POSITIVE_INFINITY) {
                    throw new IllegalStateException("model " + model.algorithm() + " scored item index " + i
                            + " for user index " + w.user + " as " + v + "; scores must be finite or -Infinity");
                }
            }
        }
        w.scoredStamp = w.stamp;
        w.scoredOk = ok;
        return ok;
    }

    @Override
    public boolean rankCatalogue(Work w, int depth, boolean fullAuc) {
        w.auc = Double.NaN;
        if (!score(w)) {
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
        for (int i = 0; i < n; i++) {
            if (w.excluded[i] != w.stamp && s[i] != Float.NEGATIVE_INFINITY) {
                w.topK.offer(i, s[i]);
            }
        }
        w.ensureList(k);
        w.length = w.topK.drainSorted(w.list, w.listScores);
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
        int nr = 0;
        for (int i = 0; i < n; i++) {
            if (w.relevant[i] == w.stamp && w.excluded[i] != w.stamp) {
                rel[nr++] = w.scores[i];
            }
        }
        Arrays.sort(rel, 0, nr);
        double correct = 0;
        long neg = 0;
        for (int i = 0; i < n; i++) {
            if (w.relevant[i] == w.stamp || w.excluded[i] == w.stamp) {
                continue;
            }
            neg++;
            float s = w.scores[i];
            int lo = lowerBound(rel, nr, s);
            int hi = upperBound(rel, nr, s);
            correct += (nr - hi) + 0.5 * (hi - lo);
        }
        long pairs = neg * nr;
        return pairs == 0 ? 0.5 : correct / pairs;
    }

    @Override
    public void rankCandidates(Work w, int n) {
        boolean ok = score(w);
        w.topK.reset(Math.max(1, n));
        w.ensureList(n);
        for (int j = 0; j < n; j++) {
            int c = w.cands[j];
            w.topK.offer(c, scoreOf(w, ok, c));
        }
        w.length = w.topK.drainSorted(w.list, w.listScores);
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
