package dev.recsys.eval.stats;

import dev.recsys.api.Scene;
import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.UserMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Compares two models evaluated on the same split with the same options, user by user:
 * <ul>
 *   <li>paired t-test on the per-user values (commons-math3 {@link TTest#pairedTTest}), two-sided;</li>
 *   <li>Wilcoxon signed-rank test (commons-math3 {@link WilcoxonSignedRankTest}), two-sided: zero
 *       differences are dropped first (Wilcoxon's treatment); the p-value is exact for at most 20
 *       non-zero differences and otherwise the normal approximation with continuity correction
 *       (without a tie correction of the variance, which makes it slightly conservative);</li>
 *   <li>a percentile bootstrap confidence interval of the mean difference: {@code B} resamples of
 *       the users with replacement, drawn from a {@link SplittableRandom} with the given seed.</li>
 * </ul>
 * Pairs are matched by (user, scene); both results must have been computed on the same units
 * (same test set and candidate options), else the comparison is refused.
 *
 * <p>Thread safety: immutable.
 */
public final class PairedComparison {
    /** Default number of bootstrap resamples. */
    public static final int DEFAULT_BOOTSTRAP_SAMPLES = 10_000;
    /** Default confidence level. */
    public static final double DEFAULT_CONFIDENCE = 0.95;
    private static final int EXACT_WILCOXON_MAX = 20;

    private final int bootstrapSamples;
    private final double confidence;
    private final long seed;

    /**
     * @param bootstrapSamples bootstrap resamples, at least 100
     * @param confidence       confidence level in (0, 1)
     * @param seed             bootstrap seed
     * @throws IllegalArgumentException if a value is out of range
     */
    public PairedComparison(int bootstrapSamples, double confidence, long seed) {
        if (bootstrapSamples < 100) {
            throw new IllegalArgumentException("bootstrapSamples must be >= 100, got " + bootstrapSamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        this.bootstrapSamples = bootstrapSamples;
        this.confidence = confidence;
        this.seed = seed;
    }

    /** 10,000 resamples, 95% interval. */
    public static PairedComparison withSeed(long seed) {
        return new PairedComparison(DEFAULT_BOOTSTRAP_SAMPLES, DEFAULT_CONFIDENCE, seed);
    }

    /**
     * Compares A and B on one per-user metric.
     *
     * @throws IllegalArgumentException if the metric has no per-user values in both results, the
     *                                  protocols differ, the evaluated units differ, or fewer than 2 users are paired
     */
    public ComparisonResult compare(EvaluationResult a, EvaluationResult b, String metric) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("results must not be null");
        }
        if (!a.protocol().equals(b.protocol())) {
            throw new IllegalArgumentException("the results were computed under different protocols:\n  " + a.protocol()
                    + "\n  " + b.protocol());
        }
        UserMetrics ua = a.perUser();
        UserMetrics ub = b.perUser();
        int ca = ua.column(metric);
        int cb = ub.column(metric);
        Map<String, Integer> rowsB = new HashMap<>();
        for (int r = 0; r < ub.rows(); r++) {
            if (ub.has(r, cb)) {
                rowsB.put(key(ub.userIndex(r), ub.scene(r)), r);
            }
        }
        double[] x = new double[ua.rows()];
        double[] y = new double[ua.rows()];
        int n = 0;
        int onlyA = 0;
        for (int r = 0; r < ua.rows(); r++) {
            if (!ua.has(r, ca)) {
                continue;
            }
            Integer rb = rowsB.remove(key(ua.userIndex(r), ua.scene(r)));
            if (rb == null) {
                onlyA++;
                continue;
            }
            x[n] = ua.get(r, ca);
            y[n] = ub.get(rb, cb);
            n++;
        }
        if (onlyA > 0 || !rowsB.isEmpty()) {
            throw new IllegalArgumentException("the results were not computed on the same users: " + onlyA + " only in "
                    + a.algorithm() + ", " + rowsB.size() + " only in " + b.algorithm() + " (metric " + metric + ")");
        }
        return compare(metric, a.algorithm(), b.algorithm(), Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    /** Compares every per-user metric the two results share, in A's column order. */
    public List<ComparisonResult> compareAll(EvaluationResult a, EvaluationResult b) {
        List<ComparisonResult> out = new ArrayList<>();
        for (String m : a.perUser().metrics()) {
            if (b.perUser().metrics().contains(m)) {
                out.add(compare(a, b, m));
            }
        }
        return out;
    }

    /**
     * Compares paired values directly.
     *
     * @param a values of model A, one per user. Not modified.
     * @param b values of model B for the same users in the same order. Not modified.
     * @throws IllegalArgumentException if the lengths differ, fewer than 2 pairs, or a value is not finite
     */
    public ComparisonResult compare(String metric, String nameA, String nameB, double[] a, double[] b) {
        if (a == null || b == null || a.length != b.length) {
            throw new IllegalArgumentException("a and b must be non-null and of equal length");
        }
        int n = a.length;
        if (n < 2) {
            throw new IllegalArgumentException("a paired comparison needs at least 2 users, got " + n);
        }
        double[] d = new double[n];
        double sumA = 0;
        double sumB = 0;
        double sumD = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("values must be finite (pair " + i + ")");
            }
            d[i] = a[i] - b[i];
            sumA += a[i];
            sumB += b[i];
            sumD += d[i];
        }
        double meanD = sumD / n;
        double var = 0;
        for (double v : d) {
            var += (v - meanD) * (v - meanD);
        }
        double t;
        double tp;
        if (var == 0) {
            t = meanD == 0 ? 0 : Math.copySign(Double.MAX_VALUE, meanD);
            tp = meanD == 0 ? 1 : 0;
        } else {
            TTest tt = new TTest();
            t = tt.pairedT(a, b);
            tp = clamp(tt.pairedTTest(a, b));
        }

        double[] nz = Arrays.stream(d).filter(v -> v != 0).toArray();
        double w = 0;
        double wp = 1;
        if (nz.length > 0) {
            double[] abs = Arrays.stream(nz).map(Math::abs).toArray();
            double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(abs);
            for (int i = 0; i < nz.length; i++) {
                if (nz[i] > 0) {
                    w += ranks[i];
                }
            }
            double[] zeros = new double[nz.length];
            wp = clamp(new WilcoxonSignedRankTest().wilcoxonSignedRankTest(nz, zeros, nz.length <= EXACT_WILCOXON_MAX));
        }

        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[bootstrapSamples];
        for (int s = 0; s < bootstrapSamples; s++) {
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += d[rng.nextInt(n)];
            }
            means[s] = acc / n;
        }
        Arrays.sort(means);
        double alpha = 1 - confidence;
        int lo = (int) Math.floor(alpha / 2 * bootstrapSamples);
        int hi = Math.min(bootstrapSamples - 1, (int) Math.ceil((1 - alpha / 2) * bootstrapSamples) - 1);
        return new ComparisonResult(metric, nameA, nameB, n, sumA / n, sumB / n, meanD, t, tp, w, nz.length, wp,
                means[lo], means[hi], confidence, bootstrapSamples, seed);
    }

    private static double clamp(double p) {
        return Double.isNaN(p) ? 1.0 : Math.max(0.0, Math.min(1.0, p));
    }

    private static String key(int user, Scene scene) {
        return user + "\u0000" + scene.name();
    }
}
