package dev.recsys.eval.metrics;

import java.util.Arrays;

/**
 * Accuracy metrics of one ranked list against one user's relevant items. All share these
 * conventions:
 * <ul>
 *   <li>The list is given as hit flags: {@code hits[i]} says whether the item at rank {@code i + 1}
 *       is relevant; only the first {@code length} entries are read. The list may be shorter than
 *       {@code k} (fewer candidates than {@code k}, or a catalogue smaller than {@code k}); missing
 *       positions count as non-relevant, never as an error.</li>
 *   <li>{@code relevant} is the number of relevant items of the user (which may include items the
 *       list could not contain). Relevance is binary: which test items are relevant (every test
 *       item, or those with a rating at or above a threshold) is decided by the evaluator.</li>
 *   <li>A user with {@code relevant == 0} gets 0 from every metric here except AUC (0.5); the
 *       evaluator does not evaluate such users at all, so they never enter a mean.</li>
 *   <li>Ties in score are broken before these functions are called (the evaluator orders equal
 *       scores by ascending item index), so the list order is the ranking; only
 *       {@link #auc(float[], int[], boolean[])} looks at scores and counts ties as half.</li>
 *   <li>Every result is finite and in [0, 1].</li>
 * </ul>
 *
 * <p>Thread safety: stateless.
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /** Number of hits among the first {@code min(length, k)} positions. */
    public static int hits(boolean[] hits, int length, int k) {
        check(hits, length, k);
        int n = Math.min(length, k);
        int h = 0;
        for (int i = 0; i < n; i++) {
            if (hits[i]) {
                h++;
            }
        }
        return h;
    }

    /**
     * Precision at k: {@code hits@k / k}. The denominator is always {@code k}, also when the list
     * holds fewer than {@code k} items (the missing positions count as misses, as in LibRec).
     */
    public static double precision(boolean[] hits, int length, int k) {
        return hits(hits, length, k) / (double) k;
    }

    /** Recall at k: {@code hits@k / relevant}; 0 if {@code relevant == 0}. */
    public static double recall(boolean[] hits, int length, int relevant, int k) {
        checkRelevant(relevant);
        return relevant == 0 ? 0.0 : Math.min(1.0, hits(hits, length, k) / (double) relevant);
    }

    /**
     * Normalised recall at k, as in the Mult-VAE paper (Liang et al. 2018):
     * {@code hits@k / min(k, relevant)}; 0 if {@code relevant == 0}. Reaches 1 whenever the top k
     * are all relevant, even if the user has more than k relevant items.
     */
    public static double normalizedRecall(boolean[] hits, int length, int relevant, int k) {
        checkRelevant(relevant);
        return relevant == 0 ? 0.0 : Math.min(1.0, hits(hits, length, k) / (double) Math.min(k, relevant));
    }

    /**
     * F1 at k: the harmonic mean {@code 2 P R / (P + R)} of this user's precision and recall at k;
     * 0 if both are 0. (The evaluator averages per-user F1 values; it does not combine mean P and
     * mean R.)
     */
    public static double f1(boolean[] hits, int length, int relevant, int k) {
        double p = precision(hits, length, k);
        double r = recall(hits, length, relevant, k);
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /**
     * NDCG at k with binary gains and a log2 discount:
     * {@code DCG = sum over ranks i = 1..min(length, k) of rel_i / log2(i + 1)}, divided by the
     * ideal {@code IDCG = sum over i = 1..min(k, relevant) of 1 / log2(i + 1)}; 0 if
     * {@code relevant == 0}.
     */
    public static double ndcg(boolean[] hits, int length, int relevant, int k) {
        check(hits, length, k);
        checkRelevant(relevant);
        if (relevant == 0) {
            return 0.0;
        }
        int n = Math.min(length, k);
        double dcg = 0;
        for (int i = 0; i < n; i++) {
            if (hits[i]) {
                dcg += discount(i);
            }
        }
        int ideal = Math.min(k, relevant);
        double idcg = 0;
        for (int i = 0; i < ideal; i++) {
            idcg += discount(i);
        }
        return Math.min(1.0, dcg / idcg);
    }

    /**
     * Average precision at k: the sum of precision@i over the ranks {@code i <= min(length, k)}
     * that hold a relevant item, divided by {@code min(k, relevant)}; 0 if {@code relevant == 0}.
     * MAP@k is its mean over users.
     */
    public static double averagePrecision(boolean[] hits, int length, int relevant, int k) {
        check(hits, length, k);
        checkRelevant(relevant);
        if (relevant == 0) {
            return 0.0;
        }
        int n = Math.min(length, k);
        double sum = 0;
        int h = 0;
        for (int i = 0; i < n; i++) {
            if (hits[i]) {
                h++;
                sum += h / (double) (i + 1);
            }
        }
        return Math.min(1.0, sum / Math.min(k, relevant));
    }

    /** Reciprocal rank at k: {@code 1 / rank} of the first relevant item within the top k, else 0. */
    public static double reciprocalRank(boolean[] hits, int length, int k) {
        check(hits, length, k);
        int n = Math.min(length, k);
        for (int i = 0; i < n; i++) {
            if (hits[i]) {
                return 1.0 / (i + 1);
            }
        }
        return 0.0;
    }

    /** Hit rate at k: 1 if at least one relevant item is in the top k, else 0. */
    public static double hitRate(boolean[] hits, int length, int k) {
        return hits(hits, length, k) > 0 ? 1.0 : 0.0;
    }

    /**
     * AUC of a ranking truncated at k: the share of (relevant, non-relevant) candidate pairs that are
     * ordered correctly when only the top {@code min(length, k)} positions are ranked and every other
     * candidate shares the last place. A pair counts 1 if the relevant item is ranked above the
     * non-relevant one, 0 if below, and 1/2 if both are outside the list. With {@code k} at least
     * the number of candidates and a full list this is the usual AUC of the ranking.
     *
     * @param relevantCandidates relevant items among the candidates (relevant items the list cannot
     *                           contain, such as excluded ones, are not counted)
     * @param candidates         number of items that could be ranked (catalogue minus exclusions)
     * @return the AUC, or 0.5 if there is no (relevant, non-relevant) pair
     */
    public static double aucAtK(boolean[] hits, int length, int relevantCandidates, int candidates, int k) {
        check(hits, length, k);
        if (relevantCandidates < 0 || candidates < relevantCandidates) {
            throw new IllegalArgumentException("need 0 <= relevantCandidates <= candidates, got " + relevantCandidates + " and " + candidates);
        }
        int n = Math.min(length, k);
        if (n > candidates) {
            throw new IllegalArgumentException("the list holds " + n + " items but there are only " + candidates + " candidates");
        }
        int hitsInList = hits(hits, length, k);
        if (hitsInList > relevantCandidates) {
            throw new IllegalArgumentException("the list holds " + hitsInList + " hits but relevantCandidates is " + relevantCandidates);
        }
        long negatives = candidates - relevantCandidates;
        long pairs = relevantCandidates * negatives;
        if (pairs == 0) {
            return 0.5;
        }
        long negInList = n - hitsInList;
        long negOutside = negatives - negInList;
        long relOutside = relevantCandidates - hitsInList;
        double correct = 0;
        long negSeen = 0;
        for (int i = 0; i < n; i++) {
            if (hits[i]) {
                correct += (negInList - negSeen) + negOutside;
            } else {
                negSeen++;
            }
        }
        correct += 0.5 * relOutside * negOutside;
        return correct / pairs;
    }

    /**
     * AUC over the whole candidate list from scores: the share of (relevant, non-relevant) candidate
     * pairs in which the relevant item scores higher, a tie counting 1/2 (the Mann-Whitney
     * statistic). Candidates are the items {@code i < scores.length} with {@code excluded[i]}
     * false; {@code Float.NEGATIVE_INFINITY} scores (items the model cannot score) take part and
     * tie with each other.
     *
     * @param scores   one score per catalogue item; must not hold NaN. Not modified.
     * @param relevant relevant item indices (duplicates, excluded ones and those outside
     *                 {@code scores} are ignored). Not modified.
     * @param excluded items that are not candidates (may be null, or shorter than {@code scores}). Not modified.
     * @return the AUC, or 0.5 if there is no (relevant, non-relevant) pair
     */
    public static double auc(float[] scores, int[] relevant, boolean[] excluded) {
        int n = scores.length;
        boolean[] rel = new boolean[n];
        int nr = 0;
        for (int r : relevant) {
            if (r >= 0 && r < n && !rel[r] && !isExcluded(excluded, r)) {
                rel[r] = true;
                nr++;
            }
        }
        float[] relScores = new float[nr];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (rel[i]) {
                relScores[j++] = scores[i];
            }
        }
        Arrays.sort(relScores);
        double correct = 0;
        long neg = 0;
        for (int i = 0; i < n; i++) {
            if (rel[i] || isExcluded(excluded, i)) {
                continue;
            }
            float s = scores[i];
            if (Float.isNaN(s)) {
                throw new IllegalArgumentException("score of item " + i + " is NaN");
            }
            neg++;
            correct += pairsAbove(relScores, s);
        }
        long pairs = neg * nr;
        return pairs == 0 ? 0.5 : correct / pairs;
    }

    /**
     * Number of entries of the ascending array {@code sorted} greater than {@code s}, plus half the
     * number equal to it.
     */
    static double pairsAbove(float[] sorted, float s) {
        int lo = lowerBound(sorted, s);
        int hi = upperBound(sorted, s);
        return (sorted.length - hi) + 0.5 * (hi - lo);
    }

    private static int lowerBound(float[] a, float s) {
        int lo = 0;
        int hi = a.length;
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

    private static int upperBound(float[] a, float s) {
        int lo = 0;
        int hi = a.length;
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

    private static boolean isExcluded(boolean[] excluded, int i) {
        return excluded != null && i < excluded.length && excluded[i];
    }

    /** {@code 1 / log2(rank + 1)} for the 0-based position {@code i} (rank {@code i + 1}). */
    static double discount(int i) {
        return 1.0 / (Math.log(i + 2) / Math.log(2));
    }

    private static void check(boolean[] hits, int length, int k) {
        if (hits == null) {
            throw new IllegalArgumentException("hits must not be null");
        }
        if (length < 0 || length > hits.length) {
            throw new IllegalArgumentException("length must be in [0, " + hits.length + "], got " + length);
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
    }

    private static void checkRelevant(int relevant) {
        if (relevant < 0) {
            throw new IllegalArgumentException("relevant must be >= 0, got " + relevant);
        }
    }
}
