package dev.recsys.privacy;

import dev.recsys.data.Behavior;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.TimeDecay;
import dev.recsys.internal.sample.Shuffle;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Differentially private counts for artefacts that are shared: the {@code popularity} model (with
 * a half-life, its time-decayed counts are the trending scores) and the {@code item-cooccurrence}
 * model take the parameters {@value #EPSILON}, {@value #DELTA}, {@value #MAX_ITEMS} and
 * {@value #SEED} (see {@link #params()}), which the model's metadata records with the others.
 *
 * <p><b>Mechanism.</b> Contribution bounding first: each user keeps at most
 * {@value #MAX_ITEMS} distinct items (those with a positive behaviour weight; a seeded uniform
 * sample of them when there are more), and each kept (user, item) counts once, as 1, or as its
 * strongest time-decay factor (at most 1) when a half-life is set — so one user changes at most
 * {@code k} item counts by at most 1 each. Then noise, drawn from a generator seeded with
 * {@value #SEED} and the item (or pair) so the result does not depend on threads:
 * <ul>
 *   <li>popularity: {@code delta = 0} adds Laplace noise of scale {@code k / epsilon} to every
 *       item's count ({@code epsilon}-DP); {@code delta > 0} adds Gaussian noise of standard
 *       deviation {@code sqrt(2 ln(1.25 / delta)) sqrt(k) / epsilon} (the classical Gaussian
 *       mechanism, ({@code epsilon}, {@code delta})-DP for {@code epsilon < 1}; larger epsilon
 *       is refused with Gaussian noise).</li>
 *   <li>item co-occurrence: half the epsilon goes to the per-item user counts (Laplace, scale
 *       {@code 2k / epsilon}), half to the pair counts: a user adds 1 to at most
 *       {@code m = k(k-1)/2} pairs, each observed pair gets Laplace noise of scale
 *       {@code 2m / epsilon} and is kept only if its noisy count reaches
 *       {@code 1 - (2m / epsilon) ln(2 - 2 (1 - delta)^(1/m))} (Laplace partition selection,
 *       so the set of pairs released costs {@code delta}); {@code delta > 0} is required. The
 *       similarity measure is computed from the noisy counts (binary user vectors).</li>
 * </ul>
 * Scores may be negative after noise; they are finite. The guarantee covers the algorithm's own
 * counts (the model payload): a {@link dev.recsys.serving.RecommenderModel} bundle also holds the
 * training history, the cold-start popularity and the training summary, which are not private,
 * so share the counts (for example {@code model.model()} scores), not the model file.
 *
 * <p>Thread safety: stateless and thread-safe.
 */
public final class PrivateCounts {
    /** Parameter: privacy budget epsilon; 0 = no differential privacy (plain counts). */
    public static final String EPSILON = "dp-epsilon";
    /** Parameter: delta; 0 = Laplace noise (pure epsilon-DP). */
    public static final String DELTA = "dp-delta";
    /** Parameter: most distinct items one user contributes (contribution bound). */
    public static final String MAX_ITEMS = "dp-max-items";
    /** Parameter: seed of the contribution sampling and of the noise. */
    public static final String SEED = "seed";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofDouble(EPSILON, 0.0, 0.0, 1000.0,
                    "differential privacy budget epsilon of the counts; 0 = off (exact counts)"),
            ParamSpec.ofDouble(DELTA, 0.0, 0.0, 0.1,
                    "differential privacy delta; 0 = Laplace noise (popularity); item-cooccurrence needs > 0"),
            ParamSpec.ofInt(MAX_ITEMS, 50, 1, 100_000, "with dp-epsilon > 0: most distinct items counted per user"),
            ParamSpec.ofLong(SEED, 42L, "seed of the contribution sampling and the noise (with dp-epsilon > 0)"));

    private PrivateCounts() {
    }

    /** An algorithm's own parameters followed by {@link #params()}. */
    public static List<ParamSpec> withParams(ParamSpec... own) {
        List<ParamSpec> all = new java.util.ArrayList<>(List.of(own));
        all.addAll(PARAMS);
        return List.copyOf(all);
    }

    /** The parameters an algorithm with private counts declares (all off by default). */
    public static List<ParamSpec> params() {
        return PARAMS;
    }

    /**
     * A privacy budget and contribution bound.
     *
     * @param epsilon         &gt; 0
     * @param delta           in [0, 0.1]
     * @param maxItemsPerUser &gt;= 1
     * @param seed            seed of sampling and noise
     *
     * <p>Thread safety: immutable.
     */
    public record Budget(double epsilon, double delta, int maxItemsPerUser, long seed) {
        /** Validates. */
        public Budget {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException(EPSILON + " must be finite and > 0, got " + epsilon);
            }
            if (!(delta >= 0 && delta <= 0.1)) {
                throw new IllegalArgumentException(DELTA + " must be in [0, 0.1], got " + delta);
            }
            if (maxItemsPerUser < 1) {
                throw new IllegalArgumentException(MAX_ITEMS + " must be >= 1, got " + maxItemsPerUser);
            }
        }

        /** The budget the parameters ask for, or null when {@value #EPSILON} is 0 (off). */
        public static Budget of(Params p) {
            double eps = p.getDouble(EPSILON);
            return eps == 0 ? null : new Budget(eps, p.getDouble(DELTA), p.getInt(MAX_ITEMS), p.getLong(SEED));
        }
    }

    /**
     * The bounded contributions: per user, at most {@code maxItemsPerUser} distinct items with a
     * positive behaviour weight, ascending, each with value 1 (or its strongest decay factor).
     *
     * @param log             the events. Not modified.
     * @param options         behaviour weights (weight 0 events do not count)
     * @param halfLifeSeconds half-life of the time decay; 0 = none
     * @return users x items matrix of the kept contributions
     */
    public static InteractionMatrix bounded(Interactions log, MatrixOptions options, double halfLifeSeconds,
                                            Budget budget) {
        int nu = log.users().size();
        int ni = log.items().size();
        float[] w = new float[Behavior.values().length];
        for (Behavior b : Behavior.values()) {
            w[b.code()] = options.weight(b);
        }
        long tRef = halfLifeSeconds > 0 ? TimeDecay.referenceTime(log) : 0;
        // (user, item, decay) of each counted event, grouped by user
        int[] count = new int[nu + 1];
        for (int e = 0; e < log.size(); e++) {
            if (w[log.behaviorCode(e)] > 0) {
                count[log.user(e) + 1]++;
            }
        }
        for (int u = 0; u < nu; u++) {
            count[u + 1] += count[u];
        }
        long[] keys = new long[count[nu]];
        int[] at = Arrays.copyOf(count, nu);
        for (int e = 0; e < log.size(); e++) {
            if (w[log.behaviorCode(e)] > 0) {
                float d = halfLifeSeconds > 0 ? (float) TimeDecay.weight(tRef, log.time(e), halfLifeSeconds) : 1f;
                keys[at[log.user(e)]++] = ((long) log.item(e) << 32) | (Float.floatToIntBits(Math.min(1f, d)) & 0xffffffffL);
            }
        }
        int k = budget.maxItemsPerUser();
        int[] ptr = new int[nu + 1];
        int[] cols = new int[Math.min(keys.length, (int) Math.min(Integer.MAX_VALUE - 16, (long) nu * k))];
        float[] vals = new float[cols.length];
        int[] items = new int[0];
        float[] best = new float[0];
        int n = 0;
        for (int u = 0; u < nu; u++) {
            Arrays.sort(keys, count[u], count[u + 1]);
            int m = 0;
            if (items.length < count[u + 1] - count[u]) {
                items = new int[count[u + 1] - count[u]];
                best = new float[items.length];
            }
            for (int j = count[u]; j < count[u + 1]; j++) {
                int item = (int) (keys[j] >>> 32);
                float d = Float.intBitsToFloat((int) keys[j]);
                if (m > 0 && items[m - 1] == item) {
                    best[m - 1] = Math.max(best[m - 1], d);
                } else {
                    items[m] = item;
                    best[m++] = d;
                }
            }
            int[] order = new int[m];
            for (int j = 0; j < m; j++) {
                order[j] = j;
            }
            if (m > k) {
                Shuffle.ints(order, 0, m, new SplittableRandom(mix(budget.seed(), u, -1)));
                Arrays.sort(order, 0, k);
            }
            int keep = Math.min(m, k);
            for (int j = 0; j < keep; j++) {
                cols[n] = items[order[j]];
                vals[n++] = best[order[j]];
            }
            ptr[u + 1] = n;
        }
        return new InteractionMatrix(nu, ni, ptr, Arrays.copyOf(cols, n), Arrays.copyOf(vals, n));
    }

    /**
     * Private popularity: the bounded contributions summed per item, plus noise (see the class
     * comment).
     *
     * @return one finite score per item of {@code log.items()}
     * @throws IllegalArgumentException if Gaussian noise ({@code delta > 0}) is asked with epsilon &gt;= 1
     */
    public static float[] popularity(Interactions log, MatrixOptions options, double halfLifeSeconds, Budget budget) {
        double scale = noiseScale(budget);
        InteractionMatrix m = bounded(log, options, halfLifeSeconds, budget);
        double[] acc = new double[m.cols()];
        for (int p = 0; p < m.nnz(); p++) {
            acc[m.colIdx()[p]] += m.values()[p];
        }
        float[] out = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            SplittableRandom r = new SplittableRandom(mix(budget.seed(), i, -2));
            double noise = budget.delta() > 0 ? scale * r.nextGaussian() : laplace(r, scale);
            out[i] = (float) (acc[i] + noise);
        }
        return out;
    }

    private static double noiseScale(Budget b) {
        int k = b.maxItemsPerUser();
        if (b.delta() > 0) {
            if (b.epsilon() >= 1) {
                throw new IllegalArgumentException("Gaussian noise (" + DELTA + " > 0) needs " + EPSILON
                        + " < 1, got " + b.epsilon() + "; use " + DELTA + "=0 for Laplace noise");
            }
            return Math.sqrt(2 * Math.log(1.25 / b.delta())) * Math.sqrt(k) / b.epsilon();
        }
        return k / b.epsilon();
    }

    /** Laplace noise of scale {@code b}. */
    static double laplace(SplittableRandom r, double b) {
        double u = r.nextDouble() - 0.5;
        return -b * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }

    /** A seed for one draw: the budget's seed mixed with two coordinates. */
    static long mix(long seed, long a, long b) {
        long z = seed ^ (a * 0x9E3779B97F4A7C15L) ^ (b * 0xC2B2AE3D27D4EB4FL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The noise of the item co-occurrence counts (see the class comment), for the algorithm's
     * trainer.
     *
     * <p>Thread safety: immutable; its methods are thread-safe.
     */
    public static final class Cooccurrence {
        private final Budget budget;
        private final double itemScale;
        private final double pairScale;
        private final double threshold;

        /**
         * @throws IllegalArgumentException if delta is 0 (the pair selection needs it)
         */
        public Cooccurrence(Budget budget) {
            if (budget.delta() <= 0) {
                throw new IllegalArgumentException("item-cooccurrence with " + EPSILON + " > 0 needs " + DELTA
                        + " > 0 (the set of released pairs costs delta), got " + budget.delta());
            }
            this.budget = budget;
            double k = budget.maxItemsPerUser();
            double m = Math.max(1, k * (k - 1) / 2);
            this.itemScale = 2 * k / budget.epsilon();
            this.pairScale = 2 * m / budget.epsilon();
            this.threshold = 1 - pairScale * Math.log(2 - 2 * Math.pow(1 - budget.delta(), 1 / m));
        }

        /** Noisy user count of an item (at least 1). */
        public double itemCount(int item, int count) {
            return Math.max(1, count + laplace(new SplittableRandom(mix(budget.seed(), item, -3)), itemScale));
        }

        /** Noisy count of the pair {i, j} (symmetric), or NaN when the pair is not released. */
        public double pairCount(int i, int j, int count) {
            int a = Math.min(i, j);
            int b = Math.max(i, j);
            double c = count + laplace(new SplittableRandom(mix(budget.seed(), a, b)), pairScale);
            return c >= threshold ? c : Double.NaN;
        }

        /** The release threshold of a pair's noisy count. */
        public double threshold() {
            return threshold;
        }
    }
}
