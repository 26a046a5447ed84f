package dev.recsys.scene;

/**
 * How a scene diversifies its answer: not at all, by maximal marginal relevance (MMR) or by a cap on
 * the number of items per category.
 *
 * <p>MMR picks, one at a time, the item maximising {@code lambda * score - (1 - lambda) * maxSim},
 * where {@code maxSim} is the highest similarity to an item already picked (cosine of item factors
 * for factor models, else 1 for the same category and 0 otherwise).
 *
 * @param kind   the rule
 * @param lambda MMR trade-off in [0, 1] (1 = relevance only); unused by the other kinds
 * @param cap    maximum items per category for {@link Kind#CATEGORY_CAP}; unused by the other kinds
 *
 * <p>Thread safety: immutable.
 */
public record Diversity(Kind kind, double lambda, int cap) {
    /** The diversity rules. */
    public enum Kind {
        /** Plain ranking by score. */
        NONE,
        /** Maximal marginal relevance. */
        MMR,
        /** At most {@code cap} items per category. */
        CATEGORY_CAP
    }

    private static final Diversity NONE_INSTANCE = new Diversity(Kind.NONE, 1.0, Integer.MAX_VALUE);

    /** Validates the fields. */
    public Diversity {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        if (cap <= 0) {
            throw new IllegalArgumentException("cap must be > 0, got " + cap);
        }
    }

    /** No diversification. */
    public static Diversity none() {
        return NONE_INSTANCE;
    }

    /**
     * Maximal marginal relevance.
     *
     * @param lambda relevance weight in [0, 1]
     * @throws IllegalArgumentException if lambda is outside [0, 1]
     */
    public static Diversity mmr(double lambda) {
        return new Diversity(Kind.MMR, lambda, Integer.MAX_VALUE);
    }

    /**
     * At most {@code maxPerCategory} items of one category (items without a category are not capped).
     *
     * @throws IllegalArgumentException if maxPerCategory is not positive
     */
    public static Diversity categoryCap(int maxPerCategory) {
        return new Diversity(Kind.CATEGORY_CAP, 1.0, maxPerCategory);
    }
}
