package dev.recsys.data;

import java.util.Locale;

/**
 * How the value of an implicit event (a count, a watch time, a quantity from the value column)
 * becomes part of its confidence: a matrix entry gets {@code weight(behaviour) * apply(value)}
 * (see {@link MatrixOptions#contribution(Behavior, float)}). Explicit behaviours (rating, review)
 * always contribute {@code weight * value}; the transform does not touch them.
 * <ul>
 *   <li>{@link Kind#NONE} (default): the value is ignored, every implicit event counts 1;</li>
 *   <li>{@link Kind#LINEAR}: the value itself, {@code w};</li>
 *   <li>{@link Kind#LOG}: {@code ln(1 + w / epsilon)} ({@code epsilon > 0}, default 1);</li>
 *   <li>{@link Kind#BINARY}: 1 if {@code w > 0}, else 0.</li>
 * </ul>
 * With a transform other than NONE the value of an implicit event must be finite and {@code >= 0};
 * an event of value 0 contributes 0 and is left out of the matrix (it is no interaction). The
 * transform applies per event, before duplicates of a (user, item) pair are aggregated: repeated
 * rows of a raw log (each of value 1) give {@code n * weight * apply(1)} under SUM, so a count
 * transform needs the repeats aggregated into one row whose value is the count.
 *
 * <p>Text form ({@link #parse(String)}, {@link #toString()}): {@code none}, {@code linear},
 * {@code binary}, {@code log} or {@code log:EPSILON} (e.g. {@code log:0.5}).
 *
 * @param kind    the transform
 * @param epsilon the scale of {@link Kind#LOG} (finite, {@code > 0}); 1 for the other kinds
 *
 * <p>Thread safety: immutable.
 */
public record ValueTransform(Kind kind, double epsilon) {
    /** The value is ignored (every implicit event counts 1): the default. */
    public static final ValueTransform NONE = new ValueTransform(Kind.NONE, 1.0);
    /** The value as it is. */
    public static final ValueTransform LINEAR = new ValueTransform(Kind.LINEAR, 1.0);
    /** {@code ln(1 + value)}. */
    public static final ValueTransform LOG = new ValueTransform(Kind.LOG, 1.0);
    /** 1 for a positive value, 0 for 0. */
    public static final ValueTransform BINARY = new ValueTransform(Kind.BINARY, 1.0);
    /** The accepted text forms, for messages and help texts. */
    public static final String FORMS = "none, linear, log, log:EPSILON (ln(1 + value / EPSILON), default 1), binary";

    /**
     * The kinds of transform.
     *
     * <p>Thread safety: immutable.
     */
    public enum Kind {
        /** Value ignored; every implicit event counts 1. */
        NONE,
        /** {@code value}. */
        LINEAR,
        /** {@code ln(1 + value / epsilon)}. */
        LOG,
        /** {@code value > 0 ? 1 : 0}. */
        BINARY
    }

    /** Validates: a kind, and an epsilon that is finite and {@code > 0} (exactly 1 unless LOG). */
    public ValueTransform {
        if (kind == null) {
            throw new IllegalArgumentException("value transform kind must not be null");
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("value transform epsilon must be finite and > 0, got " + epsilon);
        }
        if (kind != Kind.LOG && epsilon != 1.0) {
            throw new IllegalArgumentException("only the log value transform takes an epsilon, got " + kind + " with "
                    + epsilon);
        }
    }

    /** {@code ln(1 + value / epsilon)}. */
    public static ValueTransform log(double epsilon) {
        return new ValueTransform(Kind.LOG, epsilon);
    }

    /** The transform of a kind with the default epsilon 1. */
    public static ValueTransform of(Kind kind) {
        return new ValueTransform(kind, 1.0);
    }

    /** Whether the value is ignored ({@link Kind#NONE}). */
    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /**
     * The transformed value; for {@link Kind#NONE} always 1.
     *
     * @param value a finite value, {@code >= 0} unless the kind is NONE
     * @throws IllegalArgumentException for a NaN, infinite or negative value (kinds other than NONE)
     */
    public float apply(float value) {
        if (kind == Kind.NONE) {
            return 1f;
        }
        if (!(value >= 0) || value == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("value " + value + " of an implicit event must be finite and >= 0 for the "
                    + this + " value transform");
        }
        switch (kind) {
            case LINEAR:
                return value;
            case LOG:
                return (float) Math.log1p(value / epsilon);
            default:
                return value > 0 ? 1f : 0f;
        }
    }

    /**
     * Parses the text form: {@code none}, {@code linear}, {@code binary}, {@code log} or
     * {@code log:EPSILON}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming {@code value-transform} and the accepted forms
     */
    public static ValueTransform parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String eps = null;
        int colon = t.indexOf(':');
        if (colon >= 0) {
            eps = t.substring(colon + 1).trim();
            t = t.substring(0, colon).trim();
        }
        Kind k;
        switch (t) {
            case "none":
                k = Kind.NONE;
                break;
            case "linear":
                k = Kind.LINEAR;
                break;
            case "log":
                k = Kind.LOG;
                break;
            case "binary":
                k = Kind.BINARY;
                break;
            default:
                throw new IllegalArgumentException("value-transform: unknown transform '" + text + "'; accepted: " + FORMS);
        }
        if (eps == null) {
            return of(k);
        }
        if (k != Kind.LOG) {
            throw new IllegalArgumentException("value-transform: only log takes an epsilon (log:EPSILON), got '" + text + "'");
        }
        double e;
        try {
            e = Double.parseDouble(eps);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("value-transform: epsilon of '" + text + "' is not a number", ex);
        }
        if (!(e > 0) || Double.isInfinite(e)) {
            throw new IllegalArgumentException("value-transform: epsilon of '" + text + "' must be finite and > 0");
        }
        return log(e);
    }

    /** The text form, parseable by {@link #parse(String)}: e.g. {@code log}, {@code log:0.5}, {@code binary}. */
    @Override
    public String toString() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return kind == Kind.LOG && epsilon != 1.0 ? name + ":" + epsilon : name;
    }
}
