package dev.recsys.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How events become entries of a user x item matrix: a weight per behaviour, a transform of the
 * value of implicit events, how duplicates aggregate, and an optional exponential time decay
 * {@code 2^(-(tRef - t) / halfLife)} relative to the log's reference time (the latest event that is
 * not an outlier, see {@link TimeDecay}).
 *
 * <p>Confidence: an event contributes {@link #contribution(Behavior, float)}: a rating or review
 * {@code weight * value}; an implicit event (view, click, search, cart, favourite, purchase)
 * {@code weight * transform(value)}, where the {@link ValueTransform} is {@code none} by default
 * (the value is ignored and the event counts its behaviour's weight) or {@code linear}, {@code log}
 * or {@code binary}. iALS turns an entry {@code r} into the confidence {@code 1 + alpha * r}; the
 * other implicit models read the same entries. The default weights of
 * {@link #implicitDefaults()} are view 1, click 1, search 1, favourite 2, cart 3, purchase 5.
 *
 * <p>Text form of the weights ({@link #parseWeights(String)}, {@link #weightsText()}):
 * {@code view:1,cart:3,purchase:5} (behaviour names or aliases as {@link Behavior#parse(String)}
 * accepts them).
 *
 * @param weights         weight per behaviour, indexed by {@link Behavior#code()}; 0 drops the behaviour
 * @param aggregation     how duplicates combine
 * @param halfLifeSeconds half-life of the time decay in seconds, or 0 for no decay
 * @param valueTransform  how the value of an implicit event enters its contribution
 *
 * <p>Thread safety: immutable (the weights array is copied).
 */
public record MatrixOptions(float[] weights, Aggregation aggregation, double halfLifeSeconds,
                            ValueTransform valueTransform) {

    /** Options without a value transform ({@link ValueTransform#NONE}). */
    public MatrixOptions(float[] weights, Aggregation aggregation, double halfLifeSeconds) {
        this(weights, aggregation, halfLifeSeconds, ValueTransform.NONE);
    }

    /** Validates and copies. */
    public MatrixOptions {
        if (valueTransform == null) {
            throw new IllegalArgumentException("valueTransform must not be null (ValueTransform.NONE ignores values)");
        }
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

    /**
     * Parses the text form of behaviour weights, {@code view:1,cart:3,purchase:5}: comma-separated
     * {@code BEHAVIOUR:WEIGHT} pairs, each weight finite and {@code >= 0} (0 drops the behaviour).
     *
     * @return the weights given, in the order given
     * @throws IllegalArgumentException naming {@code behavior-weights} and the bad pair
     */
    public static Map<Behavior, Float> parseWeights(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("behavior-weights must not be blank; e.g. view:1,cart:3,purchase:5");
        }
        Map<Behavior, Float> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int c = p.lastIndexOf(':');
            if (c <= 0 || c == p.length() - 1) {
                throw new IllegalArgumentException("behavior-weights: expected BEHAVIOUR:WEIGHT, got '" + p
                        + "'; e.g. view:1,cart:3,purchase:5");
            }
            Behavior b = Behavior.parseOrNull(p.substring(0, c));
            if (b == null) {
                throw new IllegalArgumentException("behavior-weights: unknown behaviour '" + p.substring(0, c).trim()
                        + "'; accepted: " + Behavior.acceptedNames());
            }
            float w;
            try {
                w = Float.parseFloat(p.substring(c + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("behavior-weights: weight of " + b.name().toLowerCase(Locale.ROOT)
                        + " is not a number: '" + p.substring(c + 1).trim() + "'", e);
            }
            if (!Float.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("behavior-weights: weight of " + b.name().toLowerCase(Locale.ROOT)
                        + " must be finite and >= 0, got " + p.substring(c + 1).trim());
            }
            if (out.put(b, w) != null) {
                throw new IllegalArgumentException("behavior-weights: " + b.name().toLowerCase(Locale.ROOT)
                        + " is given twice in '" + text + "'");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("behavior-weights must not be blank; e.g. view:1,cart:3,purchase:5");
        }
        return out;
    }

    /** A copy with another aggregation. */
    public MatrixOptions withAggregation(Aggregation a) {
        return new MatrixOptions(weights, a, halfLifeSeconds, valueTransform);
    }

    /** A copy with a time-decay half-life in seconds (0: none). */
    public MatrixOptions withHalfLife(double seconds) {
        return new MatrixOptions(weights, aggregation, seconds, valueTransform);
    }

    /** A copy with another transform of the values of implicit events. */
    public MatrixOptions withValueTransform(ValueTransform transform) {
        return new MatrixOptions(weights, aggregation, halfLifeSeconds, transform);
    }

    /**
     * A copy in which the behaviours of {@code overrides} get the weights given (0 drops a
     * behaviour); the other behaviours keep theirs.
     *
     * @throws IllegalArgumentException for a null map, key or value, or a weight that is negative or not finite
     */
    public MatrixOptions withWeights(Map<Behavior, Float> overrides) {
        if (overrides == null) {
            throw new IllegalArgumentException("weight overrides must not be null");
        }
        float[] w = weights.clone();
        for (Map.Entry<Behavior, Float> e : overrides.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("weight overrides must not hold null behaviours or weights");
            }
            w[e.getKey().code()] = e.getValue();
        }
        return new MatrixOptions(w, aggregation, halfLifeSeconds, valueTransform);
    }

    /**
     * What one event contributes before aggregation and time decay: {@code weight * value} for a
     * rating or review, {@code weight * valueTransform.apply(value)} for an implicit behaviour (so
     * {@code weight} with the default transform NONE). 0 means the event is left out.
     *
     * @throws IllegalArgumentException for an implicit event whose value is NaN, infinite or
     *                                  negative under a transform other than NONE
     */
    public float contribution(Behavior b, float value) {
        float w = weights[b.code()];
        if (w == 0f) {
            return 0f;
        }
        return b.hasValue() ? w * value : w * valueTransform.apply(value);
    }

    /**
     * The number of events of {@code log} whose value these options ignore: events of an implicit
     * behaviour of non-zero weight with a value other than 1 (only a value column gives an implicit
     * event another value) while the value transform is NONE. Such a value column is given but not
     * used; {@link #warnings(Interactions)} words the warning.
     */
    public long ignoredValues(Interactions log) {
        if (log == null) {
            throw new IllegalArgumentException("log must not be null");
        }
        if (!valueTransform.isNone()) {
            return 0;
        }
        long n = 0;
        for (int e = 0, size = log.size(); e < size; e++) {
            byte b = log.behaviorCode(e);
            if (weights[b] != 0f && !Behavior.ofCode(b).hasValue() && log.value(e) != 1f) {
                n++;
            }
        }
        return n;
    }

    /**
     * What of {@code log} these options leave unused, one line per finding, empty if nothing:
     * values of implicit events ignored because the value transform is NONE (see
     * {@link #ignoredValues(Interactions)}), events of a behaviour whose weight is 0 (left out, e.g.
     * views given to an explicit-rating algorithm), and a value transform that has nothing to transform
     * because every implicit event has the value 1 (no value column). Training logs these as WARN
     * and the command line prints them.
     *
     * @param log the training events. Not modified.
     */
    public List<String> warnings(Interactions log) {
        if (log == null) {
            throw new IllegalArgumentException("log must not be null");
        }
        List<String> out = new ArrayList<>();
        long ignored = ignoredValues(log);
        if (ignored > 0) {
            out.add("the value column is ignored for " + ignored + " events of implicit behaviours (value transform none:"
                    + " each counts its behaviour weight); choose a value transform (value-transform=linear|log|binary,"
                    + " MatrixOptions.withValueTransform) to make the values confidence, or drop the value column");
        }
        long[] dropped = new long[weights.length];
        long droppedTotal = 0;
        for (int e = 0, size = log.size(); e < size; e++) {
            byte b = log.behaviorCode(e);
            if (weights[b] == 0f) {
                dropped[b]++;
                droppedTotal++;
            }
        }
        if (droppedTotal > 0) {
            StringBuilder sb = new StringBuilder();
            for (Behavior b : Behavior.values()) {
                if (dropped[b.code()] > 0) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(b.name().toLowerCase(Locale.ROOT)).append(" (")
                            .append(dropped[b.code()]).append(')');
                }
            }
            out.add(droppedTotal + " events have a behaviour of weight 0 and are left out of the training matrix: " + sb
                    + (droppedTotal == log.size() ? "; no event is left" : "")
                    + "; give them a weight (behavior-weights, MatrixOptions.withWeights) or an algorithm that reads them");
        }
        if (!valueTransform.isNone()) {
            long implicit = 0;
            long valued = 0;
            for (int e = 0, size = log.size(); e < size; e++) {
                byte b = log.behaviorCode(e);
                if (weights[b] != 0f && !Behavior.ofCode(b).hasValue()) {
                    implicit++;
                    if (log.value(e) != 1f) {
                        valued++;
                    }
                }
            }
            if (valued == 0) {
                out.add("value transform " + valueTransform + " is unused: " + (implicit == 0
                        ? "there are no events of implicit behaviours with a non-zero weight"
                        : "all " + implicit + " events of implicit behaviours have the value 1 (no value column?)"));
            }
        }
        return out;
    }

    /** The weights of the behaviours that are not dropped, in the text form, e.g. {@code view:1,cart:3,purchase:5}. */
    public String weightsText() {
        StringBuilder sb = new StringBuilder();
        for (Behavior b : Behavior.values()) {
            float w = weights[b.code()];
            if (w != 0f) {
                sb.append(sb.length() == 0 ? "" : ",").append(b.name().toLowerCase(Locale.ROOT)).append(':')
                        .append(w == Math.rint(w) && Math.abs(w) < 1e7 ? Long.toString((long) w) : Float.toString(w));
            }
        }
        return sb.toString();
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
                && m.aggregation == aggregation && m.halfLifeSeconds == halfLifeSeconds
                && m.valueTransform.equals(valueTransform);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(weights) * 31 + aggregation.hashCode()) * 31 + Double.hashCode(halfLifeSeconds)) * 31
                + valueTransform.hashCode();
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
                .append(", valueTransform=").append(valueTransform).append(']').toString();
    }
}
