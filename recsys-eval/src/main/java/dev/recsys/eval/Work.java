package dev.recsys.eval;

import dev.recsys.api.Scene;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.internal.topk.TopK;

/**
 * Per-thread scratch of an evaluation run: score buffer, stamp arrays marking the current unit's
 * excluded and relevant items, the current ranked list, and the current unit's query.
 *
 * <p>Thread safety: not thread-safe; one instance per worker task.
 */
final class Work {
    final int nItems;
    final float[] scores;
    final int[] excluded;
    final int[] relevant;
    final int[] picked;
    final TopK topK;
    final NegativeSampler.Distinct sampled;
    int stamp;
    int pickStamp;

    // current unit
    int user;
    /** The user as the model sees it: -1 if the user has no training event (not trained on). */
    int queryUser;
    Scene scene;
    int[] historyItems;
    float[] historyWeights;
    int[] seenItems;
    int candidates;
    int relevantCandidates;

    // current list
    int[] list;
    float[] listScores;
    boolean[] hits;
    int length;
    double auc = Double.NaN;
    int[] cands;

    // dense score cache (sampled mode scores once per unit)
    int scoredStamp;
    boolean scoredOk;
    float[] sortBuf;

    Work(int nItems, int listCapacity) {
        this.nItems = nItems;
        this.scores = new float[Math.max(1, nItems)];
        this.excluded = new int[Math.max(1, nItems)];
        this.relevant = new int[Math.max(1, nItems)];
        this.picked = new int[Math.max(1, nItems)];
        this.topK = new TopK(Math.max(1, listCapacity), TopK.Mode.NOT_NAN);
        this.sampled = new NegativeSampler.Distinct();
        ensureList(Math.max(1, listCapacity));
        this.cands = new int[16];
    }

    void ensureList(int capacity) {
        if (list == null || list.length < capacity) {
            list = new int[capacity];
            listScores = new float[capacity];
            hits = new boolean[capacity];
        }
    }

    void ensureCands(int capacity) {
        if (cands.length < capacity) {
            cands = new int[capacity];
        }
    }

    boolean isExcluded(int item) {
        return item < nItems && excluded[item] == stamp;
    }

    boolean isRelevant(int item) {
        return item >= 0 && item < nItems && relevant[item] == stamp;
    }

    /** A fresh stamp for duplicate checks. */
    int nextPickStamp() {
        return ++pickStamp;
    }
}
