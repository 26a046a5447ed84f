package dev.recsys.cli;

import dev.recsys.data.Dataset;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --algo auto} of {@code evaluate} and {@code train}: options, tuning, the printed table. */
final class AutoTuning {
    static final String AUTO = "auto";
    static final String HELP = String.join("\n",
            "  --algo auto      choose algorithm and parameters on a validation split cut from the training",
            "                   data only (per-user hold-out, or the latest events for timestamped implicit",
            "                   behaviour), successive halving within --budget, then train the winner on all",
            "                   training data; prints the validation table and the choice",
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
     */
    static TuningResult tune(Args a, Dataset train, EvaluationOptions evaluation, long seed, PrintStream out,
                             TrainingListener progress) {
        TuningOptions.Task task = task(a, train);
        TuningOptions o = TuningOptions.builder().budget(budget(a)).seed(seed).task(task)
                .evaluation(evaluation.toBuilder().sampledNegatives(0).build()).build();
        TuningResult r = Tuner.tune(train, o, progress);
        out.println(r.table());
        return r;
    }
}
