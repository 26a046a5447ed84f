package dev.recsys.eval;

import dev.recsys.eval.metrics.RankingMetrics;

/**
 * Precision, recall and NDCG of one model for every cut-off {@code k = 1 .. maxK}, computed from
 * the stored rankings of one evaluation (one ranking pass at {@code maxK}); each value is the mean
 * over the ranked units, exactly as the metric at that cut-off would be reported.
 *
 * <p>Thread safety: immutable (arrays are copied on access).
 */
public final class CurveResult {
    private final String algorithm;
    private final int maxK;
    private final double[] precision;
    private final double[] recall;
    private final double[] ndcg;

    /**
     * @param algorithm name for legends
     * @param precision precision at k = index + 1. Copied.
     * @param recall    recall at k = index + 1 (same length). Copied.
     * @param ndcg      NDCG at k = index + 1 (same length). Copied.
     * @throws IllegalArgumentException if lengths differ, are 0, or a value is not finite
     */
    public CurveResult(String algorithm, double[] precision, double[] recall, double[] ndcg) {
        if (algorithm == null || precision == null || recall == null || ndcg == null) {
            throw new IllegalArgumentException("algorithm and curves must not be null");
        }
        if (precision.length == 0 || precision.length != recall.length || recall.length != ndcg.length) {
            throw new IllegalArgumentException("curves must be non-empty and of equal length");
        }
        for (int i = 0; i < precision.length; i++) {
            if (!Double.isFinite(precision[i]) || !Double.isFinite(recall[i]) || !Double.isFinite(ndcg[i])) {
                throw new IllegalArgumentException("curve values must be finite (k = " + (i + 1) + ")");
            }
        }
        this.algorithm = algorithm;
        this.maxK = precision.length;
        this.precision = precision.clone();
        this.recall = recall.clone();
        this.ndcg = ndcg.clone();
    }

    /**
     * Curves from an evaluation that kept rankings at least {@code maxK} deep (see
     * {@link EvaluationOptions.Builder#rankingDepth}).
     *
     * @throws IllegalArgumentException if the result has no rankings, or they are shallower than {@code maxK}
     */
    public static CurveResult of(EvaluationResult result, int maxK) {
        Rankings r = result.rankings().orElseThrow(() -> new IllegalArgumentException(
                "the result holds no rankings (sampled, or keepRankings off)"));
        if (maxK < 1 || r.depth() < maxK) {
            throw new IllegalArgumentException("maxK must be in [1, " + r.depth() + "] (the ranking depth), got " + maxK
                    + "; evaluate with rankingDepth(" + maxK + ")");
        }
        double[] p = new double[maxK];
        double[] rc = new double[maxK];
        double[] nd = new double[maxK];
        boolean[] hits = new boolean[maxK];
        int units = r.units();
        for (int u = 0; u < units; u++) {
            int len = Math.min(r.length(u), maxK);
            for (int i = 0; i < len; i++) {
                hits[i] = r.isHit(u, i);
            }
            int rel = r.relevantCount(u);
            for (int k = 1; k <= maxK; k++) {
                p[k - 1] += RankingMetrics.precision(hits, len, k);
                rc[k - 1] += RankingMetrics.recall(hits, len, rel, k);
                nd[k - 1] += RankingMetrics.ndcg(hits, len, rel, k);
            }
        }
        for (int k = 0; k < maxK; k++) {
            p[k] = units == 0 ? 0 : p[k] / units;
            rc[k] = units == 0 ? 0 : rc[k] / units;
            nd[k] = units == 0 ? 0 : nd[k] / units;
        }
        return new CurveResult(result.algorithm(), p, rc, nd);
    }

    /** Algorithm name. */
    public String algorithm() {
        return algorithm;
    }

    /** Largest cut-off. */
    public int maxK() {
        return maxK;
    }

    /** Precision at k = index + 1 (copy). */
    public double[] precision() {
        return precision.clone();
    }

    /** Recall at k = index + 1 (copy). */
    public double[] recall() {
        return recall.clone();
    }

    /** NDCG at k = index + 1 (copy). */
    public double[] ndcg() {
        return ndcg.clone();
    }
}
