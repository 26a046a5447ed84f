package dev.recsys.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one algorithm on several folds (for example MovieLens u1..u5) with the mean and
 * the sample standard deviation of every metric over the folds. Written as JSON by
 * {@code dev.recsys.eval.output.JsonOutput#toJson(FoldSummary)}.
 *
 * <p>Thread safety: immutable (the lists and maps are unmodifiable copies).
 *
 * @param algorithm         the algorithm name
 * @param folds             the fold names, one per result
 * @param results           one result per fold, in fold order
 * @param mean              per metric (in the order of the first result): the mean over the folds
 * @param std               per metric: the sample standard deviation over the folds (0 for one fold)
 * @param trainSecondsTotal the training seconds of all folds
 * @param wallSeconds       wall time of the whole run (load, train, evaluate)
 */
public record FoldSummary(String algorithm, List<String> folds, List<EvaluationResult> results,
                          Map<String, Double> mean, Map<String, Double> std, double trainSecondsTotal,
                          double wallSeconds) {
    /** Validates and copies. */
    public FoldSummary {
        if (algorithm == null || folds == null || results == null || mean == null || std == null) {
            throw new IllegalArgumentException("algorithm, folds, results, mean and std must not be null");
        }
        if (folds.size() != results.size() || results.isEmpty()) {
            throw new IllegalArgumentException("need one result per fold and at least one fold, got " + folds.size()
                    + " folds and " + results.size() + " results");
        }
        folds = List.copyOf(folds);
        results = List.copyOf(results);
        mean = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mean));
        std = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(std));
    }

    /**
     * Summarises per-fold results: mean and sample standard deviation of every metric of the first
     * result, training seconds summed.
     *
     * @param algorithm   the algorithm name
     * @param folds       the fold names, one per result
     * @param results     one result per fold (each with the metrics of the first)
     * @param wallSeconds wall time of the run
     * @throws IllegalArgumentException if the lists differ in length or are empty
     */
    public static FoldSummary of(String algorithm, List<String> folds, List<EvaluationResult> results,
                                 double wallSeconds) {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("results must hold at least one fold");
        }
        List<String> names = new ArrayList<>(results.get(0).metrics().keySet());
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> std = new LinkedHashMap<>();
        for (String name : names) {
            double sum = 0;
            for (EvaluationResult r : results) {
                sum += r.metric(name);
            }
            double mu = sum / results.size();
            double ss = 0;
            for (EvaluationResult r : results) {
                ss += (r.metric(name) - mu) * (r.metric(name) - mu);
            }
            mean.put(name, mu);
            std.put(name, results.size() > 1 ? Math.sqrt(ss / (results.size() - 1)) : 0.0);
        }
        double trainTotal = results.stream().mapToDouble(EvaluationResult::trainSeconds).sum();
        return new FoldSummary(algorithm, folds, results, mean, std, trainTotal, wallSeconds);
    }
}
