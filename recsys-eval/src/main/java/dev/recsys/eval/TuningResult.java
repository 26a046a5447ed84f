package dev.recsys.eval;

import dev.recsys.serving.RecommenderModel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link Tuner#tune} chose and why: the model trained on all training data, the validation
 * split it chose on, and one row per trial (algorithm, parameters, fidelity, validation figure,
 * seconds).
 *
 * <p>Thread safety: immutable (the model is shared, see {@link RecommenderModel}).
 */
public final class TuningResult {
    /**
     * One validation trial.
     *
     * @param algorithm    algorithm name
     * @param params       the parameters set by the search (others take their defaults)
     * @param reduced      true for a reduced-fidelity trial (fewer iterations or epochs, first rung of
     *                     successive halving)
     * @param score        validation figure of {@link #metric()}; finite
     * @param trainSeconds training time on the validation training part
     * @param evalSeconds  validation time
     */
    public record Trial(String algorithm, Map<String, String> params, boolean reduced, double score,
                        double trainSeconds, double evalSeconds) {
        /** Copies the parameters. */
        public Trial {
            params = Map.copyOf(params);
        }

        /** {@code algorithm k=v ...} with the parameters in name order. */
        public String label() {
            String p = params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
            return p.isEmpty() ? algorithm : algorithm + " " + p;
        }
    }

    private final RecommenderModel model;
    private final TuningOptions.Task task;
    private final String metric;
    private final boolean lowerIsBetter;
    private final String validation;
    private final List<Trial> trials;
    private final Trial winner;
    private final int skipped;
    private final double searchSeconds;
    private final double finalSeconds;
    private final double budgetSeconds;

    TuningResult(RecommenderModel model, TuningOptions.Task task, String metric, boolean lowerIsBetter, String validation,
                 List<Trial> trials, Trial winner, int skipped, double searchSeconds, double finalSeconds,
                 double budgetSeconds) {
        this.model = model;
        this.task = task;
        this.metric = metric;
        this.lowerIsBetter = lowerIsBetter;
        this.validation = validation;
        this.trials = List.copyOf(trials);
        this.winner = winner;
        this.skipped = skipped;
        this.searchSeconds = searchSeconds;
        this.finalSeconds = finalSeconds;
        this.budgetSeconds = budgetSeconds;
    }

    /** The chosen model, trained on all the training data. */
    public RecommenderModel model() {
        return model;
    }

    /** The task tuned for (never {@link TuningOptions.Task#AUTO}). */
    public TuningOptions.Task task() {
        return task;
    }

    /** The validation metric's name, e.g. {@code ndcg@10} or {@code rmse}. */
    public String metric() {
        return metric;
    }

    /** True when a lower figure is better (RMSE, MAE). */
    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** How the validation split was cut from the training data, with its sizes. */
    public String validation() {
        return validation;
    }

    /** The trials in the order they ran. */
    public List<Trial> trials() {
        return trials;
    }

    /** The chosen trial (its algorithm and parameters were trained on all training data). */
    public Trial winner() {
        return winner;
    }

    /** Planned trials not started because the budget could not fit them. */
    public int skipped() {
        return skipped;
    }

    /** Seconds spent on the search (split, trials). */
    public double searchSeconds() {
        return searchSeconds;
    }

    /** Seconds of the final training on all the training data. */
    public double finalSeconds() {
        return finalSeconds;
    }

    /** The budget in seconds. */
    public double budgetSeconds() {
        return budgetSeconds;
    }

    /** The validation table as text: one line per trial, the winner marked with {@code *}. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "auto: %s task, validation %s: %s%n", task.name().toLowerCase(Locale.ROOT),
                metric, validation));
        sb.append(String.format(Locale.ROOT, "  %3s %-9s %-10s %8s %8s  %s%n", "#", "fidelity", metric, "train s", "eval s",
                "algorithm and parameters"));
        int n = 0;
        for (Trial t : trials) {
            n++;
            sb.append(String.format(Locale.ROOT, "%s %3d %-9s %-10.4f %8.2f %8.2f  %s%n", t == winner ? "*" : " ", n,
                    t.reduced() ? "reduced" : "full", t.score(), t.trainSeconds(), t.evalSeconds(), t.label()));
        }
        sb.append(String.format(Locale.ROOT, "auto chose %s (validation %s %.4f); %d trials, %d skipped for the budget;"
                        + " search %.1f s + final training %.1f s = %.1f s of %.0f s budget",
                winner.label(), metric, winner.score(), trials.size(), skipped, searchSeconds, finalSeconds,
                searchSeconds + finalSeconds, budgetSeconds));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "TuningResult[" + winner.label() + ", " + metric + " " + winner.score() + "]";
    }
}
