package dev.recsys.cli;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.ValueTransform;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.eval.MetricSpec;
import dev.recsys.eval.Metric;
import dev.recsys.eval.Tuner;
import dev.recsys.eval.TuningOptions;
import dev.recsys.eval.TuningResult;
import dev.recsys.spi.TrainingListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --algo auto} of {@code evaluate} and {@code train}: options, tuning, the printed table. */
final class AutoTuning {
    static final String AUTO = "auto";
    static final String HELP = String.join("\n",
            "  --algo auto      choose algorithm and parameters on a validation split cut from the training",
            "                   data only (per-user hold-out, or the latest events for timestamped implicit",
            "                   behaviour), successive halving within --budget, then train the winner on all",
            "                   training data; prints the validation table and the choice. For implicit data it",
            "                   also searches the behaviour weights (defaults, flat, steep; when there are two or",
            "                   more behaviours) and the value transform (none, log, linear; when a value column",
            "                   gives implicit events values) unless --behavior-weights / behavior-weights= /",
            "                   value-transform= fix them",
            "  --budget T       time budget of each auto training, e.g. 60s, 2m, 500ms (default 60s)",
            "  --task T         auto: rating (RMSE; biased-mf, svdpp, als) or ranking (NDCG@10; popularity,",
            "                   item-cooccurrence, ease, ials, bpr, mult-vae); default: rating when --metrics",
            "                   names rmse or mae, or when every event is a rating and --metrics is not given");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

    private AutoTuning() {
    }

    static boolean isAuto(String algo) {
        return AUTO.equalsIgnoreCase(algo);
    }

    /** Parses {@code 60s}, {@code 2m}, {@code 1.5h}, {@code 500ms} or plain seconds. */
    static Duration budget(Args a) {
        String text = a.get("budget", "60s").trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new Args.UsageException("--budget must be a duration such as 60s, 2m or 500ms, got '" + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double seconds = switch (unit) {
            case "ms" -> v / 1000;
            case "m", "min" -> v * 60;
            case "h" -> v * 3600;
            default -> v;
        };
        if (!(seconds >= 0.001) || seconds > 7 * 86_400) {
            throw new Args.UsageException("--budget must be between 1ms and 7 days, got '" + text + "'");
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** {@code --task}, else rating when the metrics name rmse/mae (or, without --metrics, the data is all ratings). */
    static TuningOptions.Task task(Args a, Dataset train) {
        if (a.has("task")) {
            return switch (a.get("task").toLowerCase(Locale.ROOT)) {
                case "rating" -> TuningOptions.Task.RATING;
                case "ranking" -> TuningOptions.Task.RANKING;
                default -> throw new Args.UsageException("--task must be rating or ranking, got '" + a.get("task") + "'");
            };
        }
        if (a.has("metrics")) {
            for (MetricSpec s : MetricSpec.parseList(a.get("metrics"))) {
                if (s.metric().kind() == Metric.Kind.RATING) {
                    return TuningOptions.Task.RATING;
                }
            }
            return TuningOptions.Task.RANKING;
        }
        return Tuner.resolveTask(TuningOptions.Task.AUTO, train.interactions());
    }

    /**
     * Tunes on {@code train} alone and prints the validation table.
     *
     * @param evaluation relevance rules of the validation ranking (as the evaluation's), or defaults
     * @param lo         the load options (the csv mapping's behaviour weights and value transform)
     */
    static TuningResult tune(Args a, LoadOptions lo, Dataset train, EvaluationOptions evaluation, long seed,
                             PrintStream out, TrainingListener progress) {
        TuningOptions.Task task = task(a, train);
        Map<Behavior, Float> weights = fixedWeights(a, lo);
        ValueTransform transform = fixedTransform(lo);
        if (task == TuningOptions.Task.RATING && (weights != null || transform != null)) {
            throw new Args.UsageException("--algo auto for the rating task trains on the ratings themselves; behaviour"
                    + " weights and value-transform apply to the ranking task (--task ranking)");
        }
        TuningOptions o = TuningOptions.builder().budget(budget(a)).seed(seed).task(task)
                .behaviorWeights(weights).valueTransform(transform)
                .evaluation(evaluation.toBuilder().sampledNegatives(0).build()).build();
        TuningResult r = Tuner.tune(train, o, progress);
        out.println(r.table());
        CliSupport.describe(r.model().metadata().matrixOptions(), train.interactions(), out);
        return r;
    }

    /** The behaviour weights the user fixed ({@code --behavior-weights} or {@code behavior-weights=}), or null. */
    static Map<Behavior, Float> fixedWeights(Args a, LoadOptions lo) {
        boolean mapped = lo.mapping() != null && !lo.mapping().behaviorWeights().isEmpty();
        if (a.has("behavior-weights")) {
            if (mapped) {
                throw new Args.UsageException("behaviour weights are given twice: in --columns (behavior-weights=) and as"
                        + " --behavior-weights");
            }
            return MatrixOptions.parseWeights(a.get("behavior-weights"));
        }
        return mapped ? lo.mapping().behaviorWeights() : null;
    }

    /** The value transform the user fixed ({@code value-transform=} of the csv mapping), or null. */
    static ValueTransform fixedTransform(LoadOptions lo) {
        return lo.mapping() == null ? null : lo.mapping().valueTransform();
    }
}
