package dev.recsys.spark.internal;

import dev.recsys.data.Aggregation;
import dev.recsys.data.Behavior;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.ValueTransform;
import java.io.Serializable;

/**
 * The serializable form of {@link MatrixOptions} that executors weigh events with: one event's
 * contribution is exactly {@link MatrixOptions#contribution}, and an event is kept as the core
 * matrix builder keeps it (non-zero behaviour weight; under a value transform, not an implicit
 * event of value 0).
 *
 * <p>Thread safety: immutable; safe to share.
 */
public final class Weigher implements Serializable {
    private static final long serialVersionUID = 1L;
    private final float[] weights;
    private final ValueTransform.Kind kind;
    private final double epsilon;
    private final Aggregation aggregation;
    private transient MatrixOptions options;

    /** Captures {@code options}. */
    public Weigher(MatrixOptions options) {
        this.weights = options.weights();
        this.kind = options.valueTransform().kind();
        this.epsilon = options.valueTransform().epsilon();
        this.aggregation = options.aggregation();
    }

    private MatrixOptions options() {
        MatrixOptions o = options;
        if (o == null) {
            o = new MatrixOptions(weights, aggregation, 0, new ValueTransform(kind, epsilon));
            options = o;
        }
        return o;
    }

    /**
     * The event's contribution, or null if the event is left out (unknown behaviour, weight 0, or a
     * value of 0 under a transform).
     *
     * @throws IllegalArgumentException as {@link MatrixOptions#contribution} for a bad value
     */
    public Float weigh(String behavior, Float value) {
        Behavior b = Behavior.parseOrNull(behavior);
        if (b == null || weights[b.code()] == 0f) {
            return null;
        }
        float v = value == null ? 1f : value;
        if (!b.hasValue() && kind != ValueTransform.Kind.NONE && v == 0f) {
            return null;
        }
        if (b.hasValue() && value == null) {
            return null;
        }
        float c = options().contribution(b, v);
        return c == 0f ? null : c;
    }
}
