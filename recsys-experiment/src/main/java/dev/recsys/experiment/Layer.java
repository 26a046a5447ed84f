package dev.recsys.experiment;

import dev.recsys.experiment.internal.Hashing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A layer of mutually exclusive experiments. The layer hashes each unit (user or session id) with
 * its salt into one of {@value #BUCKETS} buckets; the experiments take consecutive bucket ranges in
 * declaration order, each as many as its {@link Experiment#traffic() traffic} fraction asks, so a
 * unit is in at most one experiment of the layer. Units of different layers are hashed with
 * different salts, so experiments of different layers overlap independently.
 *
 * <p>The hash ({@code FNV-1a} over the UTF-8 bytes, MurmurHash3 finalizer) is specified byte by
 * byte: the same unit gets the same assignment on every machine, JVM and restart, as long as the
 * salt, the order and the fractions of the experiments are unchanged. Appending an experiment to
 * free buckets moves no one.
 *
 * <pre>{@code
 * Layer ranking = Layer.builder("ranking", "2026-12")
 *         .experiment(Experiment.builder("als-vs-pop").traffic(0.5).variant("control", 1).variant("als", 1).build())
 *         .build();
 * Optional<Assignment> a = ranking.assign("u42");
 * }</pre>
 *
 * <p>Thread safety: immutable; {@link #assign} is safe from any thread.
 */
public final class Layer {
    /** Number of hash buckets of a layer: traffic fractions are rounded to 1/10,000. */
    public static final int BUCKETS = 10_000;

    private final String name;
    private final String salt;
    private final List<Experiment> experiments;
    private final int[] ends;

    private Layer(String name, String salt, List<Experiment> experiments, int[] ends) {
        this.name = name;
        this.salt = salt;
        this.experiments = List.copyOf(experiments);
        this.ends = ends;
    }

    /**
     * A builder.
     *
     * @param name layer name (letters, digits, '-', '_', '.')
     * @param salt the hash salt; a new salt reshuffles every unit (use one per layer and period)
     */
    public static Builder builder(String name, String salt) {
        return new Builder(name, salt);
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** The salt. */
    public String salt() {
        return salt;
    }

    /** The experiments in bucket order. */
    public List<Experiment> experiments() {
        return experiments;
    }

    /** The bucket of a unit, 0..{@value #BUCKETS}-1. */
    public int bucket(String unit) {
        checkUnit(unit);
        return (int) (Hashing.unit(salt, unit) * BUCKETS);
    }

    /**
     * The experiment and variant of a unit, or empty if the unit falls in no experiment's buckets.
     *
     * @throws IllegalArgumentException if unit is null
     */
    public Optional<Assignment> assign(String unit) {
        int b = bucket(unit);
        for (int i = 0; i < ends.length; i++) {
            if (b < ends[i]) {
                Experiment e = experiments.get(i);
                String v = e.variantAt(Hashing.unit(salt + "/" + e.name(), unit));
                return Optional.of(new Assignment(name, e.name(), v));
            }
        }
        return Optional.empty();
    }

    static void checkUnit(String unit) {
        if (unit == null) {
            throw new IllegalArgumentException("unit must not be null");
        }
    }

    @Override
    public String toString() {
        return "layer " + name + " " + experiments;
    }

    /**
     * Builds a {@link Layer}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private final String salt;
        private final List<Experiment> experiments = new ArrayList<>();

        private Builder(String name, String salt) {
            this.name = Experiment.checkName("layer name", name);
            if (salt == null || salt.isEmpty()) {
                throw new IllegalArgumentException("salt must not be null or empty");
            }
            this.salt = salt;
        }

        /** Appends an experiment after the buckets of the previous ones. */
        public Builder experiment(Experiment experiment) {
            if (experiment == null) {
                throw new IllegalArgumentException("experiment must not be null");
            }
            experiments.add(experiment);
            return this;
        }

        /**
         * Builds the layer.
         *
         * @throws IllegalArgumentException if the traffic fractions add up to more than 1, or an
         *                                  experiment name repeats
         */
        public Layer build() {
            int[] ends = new int[experiments.size()];
            int end = 0;
            Set<String> names = new HashSet<>();
            for (int i = 0; i < ends.length; i++) {
                Experiment e = experiments.get(i);
                if (!names.add(e.name())) {
                    throw new IllegalArgumentException("experiment '" + e.name() + "' appears twice in layer '" + name + "'");
                }
                end += (int) Math.round(e.traffic() * BUCKETS);
                if (end > BUCKETS) {
                    throw new IllegalArgumentException("the traffic fractions of layer '" + name + "' add up to more than 1 (at experiment '"
                            + e.name() + "')");
                }
                ends[i] = end;
            }
            return new Layer(name, salt, experiments, ends);
        }
    }
}
