package dev.recsys.eval.context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a context protocol run: HitRate@k, MRR@k and NDCG@k (means over the cases), the
 * counts of what was skipped and why, and per case the ranked list the scene returned.
 *
 * <p>Thread safety: immutable.
 */
public final class ContextResult {
    private final String protocol;
    private final String rule;
    private final String algorithm;
    private final int k;
    private final List<ContextCase> cases;
    private final String[][] lists;
    private final float[][] scores;
    private final int[] ranks;
    private final Map<String, Double> metrics;
    private final Map<String, Integer> skipped;
    private final double evalSeconds;
    private final double trainSeconds;

    ContextResult(String protocol, String rule, String algorithm, int k, List<ContextCase> cases, String[][] lists,
                  float[][] scores, int[] ranks, Map<String, Integer> skipped, double evalSeconds, double trainSeconds) {
        this.protocol = protocol;
        this.rule = rule;
        this.algorithm = algorithm;
        this.k = k;
        this.cases = List.copyOf(cases);
        this.lists = lists;
        this.scores = scores;
        this.ranks = ranks;
        this.skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
        this.evalSeconds = evalSeconds;
        this.trainSeconds = trainSeconds;
        double hit = 0;
        double mrr = 0;
        double ndcg = 0;
        for (int r : ranks) {
            if (r > 0 && r <= k) {
                hit += 1;
                mrr += 1.0 / r;
                ndcg += 1.0 / (Math.log(r + 1) / Math.log(2));
            }
        }
        int n = ranks.length;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("hitrate@" + k, n == 0 ? 0.0 : hit / n);
        m.put("mrr@" + k, n == 0 ? 0.0 : mrr / n);
        m.put("ndcg@" + k, n == 0 ? 0.0 : ndcg / n);
        this.metrics = Collections.unmodifiableMap(m);
    }

    /** A copy with the training time set (seconds, for the output). */
    public ContextResult withTrainSeconds(double seconds) {
        return new ContextResult(protocol, rule, algorithm, k, cases, lists, scores, ranks, skipped, evalSeconds, seconds);
    }

    /** {@code basket} or {@code session}. */
    public String protocol() {
        return protocol;
    }

    /** The one-line statement of how cases were built and ranked (printed with every result). */
    public String rule() {
        return rule;
    }

    /** The algorithm label. */
    public String algorithm() {
        return algorithm;
    }

    /** The cut-off. */
    public int k() {
        return k;
    }

    /** {@code hitrate@k}, {@code mrr@k}, {@code ndcg@k}, in that order (0 when there is no case). */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /** Number of evaluated cases. */
    public int caseCount() {
        return cases.size();
    }

    /** The evaluated cases, in evaluation order. */
    public List<ContextCase> cases() {
        return cases;
    }

    /** The ranked items of a case, best first (a copy). */
    public List<String> ranking(int c) {
        return List.of(lists[c]);
    }

    /** The score at a 0-based position of a case's ranking. */
    public float score(int c, int position) {
        return scores[c][position];
    }

    /** The 1-based rank of a case's target in its list, or 0 if not listed. */
    public int rank(int c) {
        return ranks[c];
    }

    /** What was left out and why (reason to count), in a fixed order; zero counts included. */
    public Map<String, Integer> skipped() {
        return skipped;
    }

    /** Wall seconds of the ranking pass. */
    public double evalSeconds() {
        return evalSeconds;
    }

    /** Training seconds (0 unless set with {@link #withTrainSeconds}). */
    public double trainSeconds() {
        return trainSeconds;
    }
}
