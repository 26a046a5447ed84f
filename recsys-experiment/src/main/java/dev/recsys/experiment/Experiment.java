package dev.recsys.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment: a name, the fraction of its layer's traffic it receives, and its variants with
 * relative weights. The first variant is the control. Which variant a unit gets is decided by a
 * hash salted with the layer's salt and the experiment's name, independent of the hash that decides
 * whether the unit is in the experiment at all: changing the traffic fraction brings units in or
 * out but never moves a unit that stays from one variant to another.
 *
 * <pre>{@code
 * Experiment e = Experiment.builder("als-vs-pop").traffic(0.2)
 *         .variant("control", 1).variant("als", 1).build();
 * }</pre>
 *
 * <p>Thread safety: immutable.
 */
public final class Experiment {
    private final String name;
    private final double traffic;
    private final List<String> variants;
    private final double[] weights;

    private Experiment(String name, double traffic, Map<String, Double> variants) {
        this.name = name;
        this.traffic = traffic;
        this.variants = List.copyOf(variants.keySet());
        double total = 0;
        for (double w : variants.values()) {
            total += w;
        }
        this.weights = new double[variants.size()];
        int i = 0;
        for (double w : variants.values()) {
            weights[i++] = w / total;
        }
    }

    /** A builder for an experiment called {@code name} (letters, digits, '-', '_', '.'). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** The fraction of its layer's units in this experiment, in (0, 1]. */
    public double traffic() {
        return traffic;
    }

    /** The variant names, control first. */
    public List<String> variants() {
        return variants;
    }

    /** The control (first) variant. */
    public String control() {
        return variants.get(0);
    }

    /** The share of the experiment's units each variant gets (sums to 1), by variant name. */
    public Map<String, Double> split() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < variants.size(); i++) {
            m.put(variants.get(i), weights[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The variant for a uniform number in [0, 1). */
    String variantAt(double u) {
        double c = 0;
        for (int i = 0; i < weights.length - 1; i++) {
            c += weights[i];
            if (u < c) {
                return variants.get(i);
            }
        }
        return variants.get(weights.length - 1);
    }

    @Override
    public String toString() {
        return name + split() + " traffic " + traffic;
    }

    static String checkName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be null or empty");
        }
        if (name.length() > 200) {
            throw new IllegalArgumentException(what + " must be at most 200 characters, got " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                throw new IllegalArgumentException(what + " may hold only letters, digits, '-', '_' and '.', got '" + name + "'");
            }
        }
        return name;
    }

    /**
     * Builds an {@link Experiment}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private double traffic = 1.0;
        private final Map<String, Double> variants = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = checkName("experiment name", name);
        }

        /** The fraction of the layer's units in this experiment, in (0, 1] (default 1). */
        public Builder traffic(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("traffic must be in (0, 1], got " + fraction);
            }
            this.traffic = fraction;
            return this;
        }

        /** Adds a variant with a positive relative weight; the first one added is the control. */
        public Builder variant(String variant, double weight) {
            checkName("variant name", variant);
            if (!(weight > 0 && Double.isFinite(weight))) {
                throw new IllegalArgumentException("weight of variant '" + variant + "' must be positive and finite, got " + weight);
            }
            if (variants.putIfAbsent(variant, weight) != null) {
                throw new IllegalArgumentException("variant '" + variant + "' is declared twice");
            }
            return this;
        }

        /**
         * Builds the experiment.
         *
         * @throws IllegalArgumentException if fewer than two variants were declared
         */
        public Experiment build() {
            if (variants.size() < 2) {
                throw new IllegalArgumentException("experiment '" + name + "' needs at least two variants, got " + variants.size());
            }
            return new Experiment(name, traffic, new LinkedHashMap<>(variants));
        }
    }
}
