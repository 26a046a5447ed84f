package dev.recsys.data;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * How events become entries of a user x item matrix: a weight per behaviour (a rating or review
 * contributes {@code weight * value}), how duplicates aggregate, and an optional exponential time
 * decay {@code 2^(-(tRef - t) / halfLife)} relative to the log's reference time (the latest event
 * that is not an outlier, see {@link TimeDecay}).
 *
 * @param weights         weight per behaviour, indexed by {@link Behavior#code()}; 0 drops the behaviour
 * @param aggregation     how duplicates combine
 * @param halfLifeSeconds half-life of the time decay in seconds, or 0 for no decay
 *
 * <p>Thread safety: immutable (the weights array is copied).
 */
public record MatrixOptions(float[] weights, Aggregation aggregation, double halfLifeSeconds) {

    /** Validates and copies. */
    public MatrixOptions {
        if (weights == null || weights.length != Behavior.values().length) {
            throw new IllegalArgumentException("weights must have one entry per behaviour (" + Behavior.values().length + ")");
        }
        weights = weights.clone();
        for (int i = 0; i < weights.length; i++) {
            if (!Float.isFinite(weights[i]) || weights[i] < 0) {
                throw new IllegalArgumentException("weight of " + Behavior.ofCode(i) + " must be finite and >= 0, got " + weights[i]);
            }
        }
        if (aggregation == null) {
            throw new IllegalArgumentException("aggregation must not be null");
        }
        if (!(halfLifeSeconds >= 0) || Double.isInfinite(halfLifeSeconds)) {
            throw new IllegalArgumentException("halfLifeSeconds must be finite and >= 0, got " + halfLifeSeconds);
        }
    }

    /** Explicit ratings: the rating value (RATING and REVIEW weight 1, others dropped), last value wins. */
    public static MatrixOptions ratings() {
        float[] w = new float[Behavior.values().length];
        w[Behavior.RATING.code()] = 1f;
        w[Behavior.REVIEW.code()] = 1f;
        return new MatrixOptions(w, Aggregation.LAST, 0);
    }

    /**
     * Implicit feedback with e-commerce defaults: view 1, click 1, search 1, cart 3, favourite 2,
     * purchase 5, rating and review 1 x value; summed, no decay.
     */
    public static MatrixOptions implicitDefaults() {
        return new MatrixOptions(weightsOf(Map.of(
                Behavior.VIEW, 1f, Behavior.CLICK, 1f, Behavior.SEARCH, 1f, Behavior.ADD_TO_CART, 3f,
                Behavior.FAVORITE, 2f, Behavior.PURCHASE, 5f, Behavior.RATING, 1f, Behavior.REVIEW, 1f)),
                Aggregation.SUM, 0);
    }

    /** Binary: every behaviour weight 1, MAX aggregation, so each (user, item) entry is 1 (or the rating value). */
    public static MatrixOptions binary() {
        float[] w = new float[Behavior.values().length];
        Arrays.fill(w, 1f);
        return new MatrixOptions(w, Aggregation.MAX, 0);
    }

    /** Weight array from a map (missing behaviours get 0). */
    public static float[] weightsOf(Map<Behavior, Float> m) {
        float[] w = new float[Behavior.values().length];
        for (Map.Entry<Behavior, Float> e : new EnumMap<>(m).entrySet()) {
            w[e.getKey().code()] = e.getValue();
        }
        return w;
    }

    /** A copy with another aggregation. */
    public MatrixOptions withAggregation(Aggregation a) {
        return new MatrixOptions(weights, a, halfLifeSeconds);
    }

    /** A copy with a time-decay half-life in seconds (0: none). */
    public MatrixOptions withHalfLife(double seconds) {
        return new MatrixOptions(weights, aggregation, seconds);
    }

    /** A copy of the weight array, indexed by {@link Behavior#code()}. */
    @Override
    public float[] weights() {
        return weights.clone();
    }

    /** Weight of behaviour {@code b}. */
    public float weight(Behavior b) {
        return weights[b.code()];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatrixOptions m && Arrays.equals(m.weights, weights)
                && m.aggregation == aggregation && m.halfLifeSeconds == halfLifeSeconds;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(weights) * 31 + aggregation.hashCode()) * 31 + Double.hashCode(halfLifeSeconds);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MatrixOptions[weights={");
        for (Behavior b : Behavior.values()) {
            if (weights[b.code()] != 0f) {
                if (sb.charAt(sb.length() - 1) != '{') {
                    sb.append(", ");
                }
                sb.append(b.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(weights[b.code()]);
            }
        }
        return sb.append("}, aggregation=").append(aggregation).append(", halfLifeSeconds=").append(halfLifeSeconds)
                .append(']').toString();
    }
}
