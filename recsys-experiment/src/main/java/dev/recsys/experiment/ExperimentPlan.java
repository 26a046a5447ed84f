package dev.recsys.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All running experiments: a set of {@link Layer}s. A unit is assigned independently in each
 * layer, so it can be in one experiment per layer at the same time.
 *
 * <p>Thread safety: immutable; safe from any thread.
 */
public final class ExperimentPlan {
    private final List<Layer> layers;
    private final Map<String, Layer> layerOfExperiment;

    private ExperimentPlan(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        Map<String, Layer> m = new HashMap<>();
        Map<String, Boolean> layerNames = new LinkedHashMap<>();
        for (Layer l : layers) {
            if (layerNames.put(l.name(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("layer '" + l.name() + "' appears twice");
            }
            for (Experiment e : l.experiments()) {
                if (m.put(e.name(), l) != null) {
                    throw new IllegalArgumentException("experiment '" + e.name() + "' appears in two layers");
                }
            }
        }
        this.layerOfExperiment = m;
    }

    /**
     * A plan of layers.
     *
     * @throws IllegalArgumentException if a layer name or an experiment name repeats
     */
    public static ExperimentPlan of(Layer... layers) {
        for (Layer l : layers) {
            if (l == null) {
                throw new IllegalArgumentException("layers must not contain null");
            }
        }
        return new ExperimentPlan(List.of(layers));
    }

    /** The layers. */
    public List<Layer> layers() {
        return layers;
    }

    /** The experiment called {@code name}. */
    public Experiment experiment(String name) {
        Layer l = layerOfExperiment.get(name);
        if (l == null) {
            throw new IllegalArgumentException("no experiment '" + name + "' in the plan");
        }
        for (Experiment e : l.experiments()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** The unit's assignment in every layer where it falls in an experiment. */
    public List<Assignment> assign(String unit) {
        List<Assignment> out = new ArrayList<>();
        for (Layer l : layers) {
            l.assign(unit).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The unit's variant in one experiment, or empty if the unit is not in it.
     *
     * @throws IllegalArgumentException if the plan has no such experiment, or unit is null
     */
    public Optional<String> variant(String experiment, String unit) {
        Layer l = layerOfExperiment.get(experiment);
        if (l == null) {
            throw new IllegalArgumentException("no experiment '" + experiment + "' in the plan");
        }
        return l.assign(unit).filter(a -> a.experiment().equals(experiment)).map(Assignment::variant);
    }
}
