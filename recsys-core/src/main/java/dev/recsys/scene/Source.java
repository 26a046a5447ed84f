package dev.recsys.scene;

import java.util.Arrays;
import java.util.List;

/**
 * A candidate source of a scene: it proposes candidates and scores every candidate of the pool
 * (see {@link SceneConfig} for what each one does and how it explains its picks).
 *
 * <p>Thread safety: immutable.
 */
public enum Source {
    /** The user's taste (user vector of a factor model, or the model's own scores). */
    PERSONAL("personal"),
    /** Time-decayed popularity. */
    TRENDING("trending"),
    /** Items similar to the anchor item. */
    SIMILAR("similar"),
    /** Items viewed in the same sessions as the anchor item. */
    CO_VIEW("co-view"),
    /** Items bought with the cart items and the latest purchases. */
    COMPLEMENTARY("complementary"),
    /** Repeatable items the user bought before. */
    REPLENISH("replenish"),
    /** The request's candidate list in its given order. */
    CANDIDATES("candidates"),
    /**
     * The next item after the visitor's recent events in their order, from a sequence model
     * ({@link dev.recsys.spi.SequenceModel}: {@code sasrec}, {@code gru4rec}, {@code vsknn}); proposes
     * nothing with another model.
     */
    SEQUENCE("sequence");

    private static final List<String> LABELS = Arrays.stream(values()).map(Source::label).toList();

    private final String label;

    Source(String label) {
        this.label = label;
    }

    /** The source's configuration name ({@code co-view} for {@link #CO_VIEW}). */
    public String label() {
        return label;
    }

    /** The configuration names of all sources, in declaration order. */
    public static List<String> labels() {
        return LABELS;
    }

    /**
     * The source of a configuration name.
     *
     * @param label one of {@link #labels()}
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Source of(String label) {
        for (Source s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown source '" + label + "'; valid sources: " + LABELS);
    }

    @Override
    public String toString() {
        return label;
    }
}
