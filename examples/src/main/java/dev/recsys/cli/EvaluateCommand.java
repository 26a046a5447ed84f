package dev.recsys.cli;

import dev.recsys.data.Behavior;
import dev.recsys.data.DataField;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.DataFormat;
import dev.recsys.eval.CurveResult;
import dev.recsys.eval.EvaluationFill;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.Evaluator;
import dev.recsys.spi.TrainedModel;
import dev.recsys.eval.FoldSummary;
import dev.recsys.eval.TuningOptions;
import dev.recsys.eval.output.ConsoleTable;
import dev.recsys.eval.output.CsvOutput;
import dev.recsys.eval.output.JsonOutput;
import dev.recsys.eval.split.Split;
import dev.recsys.eval.split.SplitProtocols;
import dev.recsys.eval.stats.ComparisonResult;
import dev.recsys.eval.stats.PairedComparison;
import dev.recsys.report.HtmlReport;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code recsys evaluate}: trains on a training set and evaluates on a test set. */
final class EvaluateCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar evaluate (--train F --test F | --data F --protocol P) --format FMT --algo NAME",
            "                           [--param k=v]... [--metrics LIST] [--json OUT] [--csv OUT]",
            "                           [--per-user OUT] [--rankings OUT] [--compare NAME [--compare-param k=v]...]",
            "                           [--report OUT.html] [--threshold R] [--include-seen] [--sampled N]",
            "                           [--folds LIST] [--no-fill] [--threads N]",
            "       recsys.jar evaluate (--data F --protocol basket|session[:F]|next-item | --train F --test F --protocol basket|session|next-item)",
            "                           --format FMT --algo NAME [-k N] [--gap S] [--relevant LIST] [--validation]",
            "                           [--rankings OUT --held-out OUT] [--json OUT]",
            "  --train/--test F predefined train and test files (e.g. MovieLens u1.base/u1.test)",
            "  --folds LIST     cross-validation over predefined folds, e.g. --folds 1,2,3,4,5 with",
            "                   --train ml-100k/u{fold}.base --test ml-100k/u{fold}.test: '{fold}' is replaced",
            "                   by each fold name; prints per-fold metrics, mean and standard deviation",
            "                   (--json writes {\"folds\": [...], \"mean\": {...}, \"std\": {...}});",
            "                   not with --compare, --report, --per-user, --rankings",
            "  --data F         one file, split by --protocol: " + SplitProtocols.FORMS,
            "  --format FMT     " + String.join(" | ", DataFormat.names()),
            CliSupport.DATA_OPTIONS_HELP,
            "  --lenient        skip malformed lines (counted and reported)",
            "  --algo NAME      algorithm (see 'algorithms'); --param k=v its parameters",
            AutoTuning.HELP,
            "  --metrics LIST   e.g. rmse,mae,precision@10,recall@10,ndcg@10 (default: ranking metrics at 10,",
            "                   plus rmse,mae for rating models)",
            "  --threshold R    only test ratings >= R are relevant (default: every test item)",
            "  --relevant LIST  only test events of these behaviours are relevant, e.g. purchase (purchase",
            "                   prediction from all behaviours; default: every behaviour)",
            "  --include-seen   do not exclude training items from the ranking",
            "  --sampled N      rank each target against N sampled negatives (labelled sampled)",
            "  --json/--csv OUT aggregate results; --per-user OUT per-user metric values;",
            "  --rankings OUT   per-user top-k lists; --report OUT.html charts",
            "  --compare NAME   second algorithm on the same split, with paired significance tests",
            "  --seed N         seed of the split and sampling (default 42)",
            "  --no-fill        leave short lists short; by default a list the model leaves shorter than the",
            "                   cut-off is filled with trending items as 'recommend' fills it (stated in the",
            "                   protocol line and the JSON)",
            "  --serving S      evaluate factor models through their serving path: int8 | bf16 item factors,",
            "                   hnsw or ivf (index candidates re-scored exactly) or STORAGE+INDEX; float = exact",
            EvaluateContext.HELP);
    private final PrintStream out;
    private final TrainingListener progress;

    EvaluateCommand(PrintStream out, TrainingListener progress) {
        this.out = out;
        this.progress = progress;
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("train", "test", "data", "protocol", "format", "columns", "behaviors",
                        "behavior-weights", "algo", "param",
                        "metrics", "json", "csv", "per-user", "rankings", "compare", "compare-param", "report",
                        "threshold", "sampled", "seed", "folds", "budget", "task", "relevant", "serving",
                        // fill switch and context protocols (EvaluateContext)
                        "gap", "k", "threads", "held-out"),
                Set.of("help", "lenient", "include-seen", "no-fill", "validation"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        if (EvaluateContext.applies(a)) {
            return new EvaluateContext(out, progress).run(a);
        }
        for (String o : List.of("gap", "k")) {
            if (a.has(o)) {
                throw new Args.UsageException("--" + o + " goes with --protocol basket or session");
            }
        }
        if (a.flag("validation")) {
            throw new Args.UsageException("--validation goes with --protocol next-item");
        }
        if (a.has("held-out") && !a.has("rankings")) {
            throw new Args.UsageException("--held-out goes with --rankings (it lists the items the rankings are scored against)");
        }
        if (a.has("folds")) {
            return runFolds(a);
        }
        DataFormat format = DataFormat.byName(a.required("format"));
        String algo = a.required("algo");
        long seed = Long.parseLong(a.get("seed", "42"));
        var lo = CliSupport.loadOptions(a, format);
        Interactions train;
        Interactions test;
        Dataset trainSet;
        String splitName;
        if (a.has("train") || a.has("test")) {
            if (a.has("data") || a.has("protocol")) {
                throw new Args.UsageException("use either --train/--test or --data/--protocol");
            }
            trainSet = CliSupport.load(Path.of(a.required("train")), format, lo, out);
            Dataset testSet = CliSupport.emptyLike(trainSet);
            CliSupport.loadInto(Path.of(a.required("test")), format, lo, testSet, out);
            Split s = Split.predefined(trainSet.interactions(), testSet.interactions(),
                    Path.of(a.get("train")).getFileName() + "/" + Path.of(a.get("test")).getFileName());
            train = s.train();
            test = s.test();
            splitName = s.description();
        } else {
            Dataset all = CliSupport.load(Path.of(a.required("data")), format, lo, out);
            Split s = SplitProtocols.parse(a.get("protocol", "per-user:0.25"), seed).split(all.interactions()).get(0);
            train = s.train();
            test = s.test();
            trainSet = new Dataset(train, all.catalog());
            splitName = s.description();
        }
        EvaluationOptions options = options(a, seed, splitName, trainSet);

        List<EvaluationResult> results = new ArrayList<>();
        List<CurveResult> curves = new ArrayList<>();
        List<String> algos = new ArrayList<>(List.of(algo));
        if (a.has("compare")) {
            algos.add(a.get("compare"));
        }
        for (int i = 0; i < algos.size(); i++) {
            String name = algos.get(i);
            MatrixOptions mo = CliSupport.matrixOptions(a, lo, name);
            if (mo != null) {
                CliSupport.describe(mo, train, out);
            }
            Set<DataField> read = CliSupport.reads(name, a.params(i == 0 ? "param" : "compare-param"), false);
            if (read != null) {
                warnUnused(a, read, name, trainSet, Dataset.of(test));
            }
            long t0 = System.nanoTime();
            RecommenderModel m;
            String label = null;
            if (AutoTuning.isAuto(name)) {
                // the tuner sees the training set only and cuts its own validation split from it
                m = AutoTuning.tune(a, lo, trainSet, options, seed, out, progress).model();
                warnUnused(a, CliSupport.reads(m, false), "auto: " + m.metadata().algorithm(), trainSet, Dataset.of(test));
                label = "auto: " + m.metadata().algorithm();
                mo = m.metadata().matrixOptions();
                name = m.metadata().algorithm();
            } else {
                m = Recommenders.train(trainSet, name, a.params(i == 0 ? "param" : "compare-param"), mo, progress);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            EvaluationOptions filled = fill(a, options, m);
            EvaluationResult r = withHistory(Evaluator.of(metrics(a, algo, trainSet), filled), filled, mo, name)
                    .evaluate(train, test, served(a, m)).withTrainSeconds(secs);
            if (label != null) {
                r = r.withAlgorithm(label, r.params());
            }
            results.add(r);
            if (a.has("report") && !options.sampled()) {
                curves.add(Evaluator.curve(train, test, m.model(), filled, 50));
            }
        }
        out.println(ConsoleTable.format(results));
        List<ComparisonResult> tests = List.of();
        if (results.size() == 2) {
            tests = PairedComparison.withSeed(seed).compareAll(results.get(0), results.get(1));
            out.println(ConsoleTable.formatComparisons(tests));
        }
        if (a.has("json")) {
            Path p = Path.of(a.get("json"));
            if (results.size() == 2) {
                Files.writeString(p, JsonOutput.toJson(results.get(0), results.get(1), tests));
            } else {
                JsonOutput.write(p, results);
            }
        }
        if (a.has("csv")) {
            CsvOutput.writeResults(Path.of(a.get("csv")), results);
        }
        if (a.has("per-user")) {
            CsvOutput.writePerUser(Path.of(a.get("per-user")), results.get(0));
        }
        if (a.has("rankings")) {
            CsvOutput.writeRankings(Path.of(a.get("rankings")), results.get(0));
        }
        if (a.has("held-out")) {
            CsvOutput.writeHeldOut(Path.of(a.get("held-out")), results.get(0));
        }
        if (a.has("report")) {
            HtmlReport.write(Path.of(a.get("report")), "recsys evaluation: " + splitName, results, curves);
        }
        return 0;
    }

    /**
     * The evaluator whose query histories weigh the training events as the model's matrix does:
     * {@code evaluator} itself when the options are the algorithm's defaults (or null: auto), else
     * one with {@code mo} as history options (so a model sees its users as it was trained on them).
     */
    private static Evaluator withHistory(Evaluator evaluator, EvaluationOptions eo, MatrixOptions mo, String algo) {
        if (mo == null || mo.equals(Recommenders.defaultOptions(Algorithms.byName(algo)))) {
            return evaluator;
        }
        return new Evaluator(evaluator.metrics(), eo.toBuilder().historyOptions(mo).build());
    }

    private static String metrics(Args a, String algo, Dataset trainSet) {
        boolean explicit = AutoTuning.isAuto(algo) ? AutoTuning.task(a, trainSet) == TuningOptions.Task.RATING
                : Algorithms.byName(algo).explicit();
        return a.get("metrics", (explicit ? "rmse,mae," : "")
                + "precision@10,recall@10,ndcg@10,map@10,mrr@10,coverage@10");
    }

    /**
     * {@code --serving}: the model scoring through its serving path (the index asked for as many
     * items as the largest cut-off of the metrics), else the trained model itself.
     */
    private TrainedModel served(Args a, RecommenderModel m) {
        if (!a.has("serving")) {
            return m.model();
        }
        RecommenderModel s = CliSupport.withServing(m, a.get("serving"), progress, out);
        int depth = 10;
        java.util.regex.Matcher at = java.util.regex.Pattern.compile("@(\\d+)").matcher(a.get("metrics", ""));
        while (at.find()) {
            depth = Math.max(depth, Integer.parseInt(at.group(1)));
        }
        return s.servedModel(depth);
    }

    /**
     * Warns about the optional fields (scene, category, basket and session ids) that neither the model
     * nor this evaluation reads: the evaluation reads the scene of test events (per-scene units) and
     * the category for the ild-category metric; basket and session ids only the context protocols.
     */
    private void warnUnused(Args a, Set<DataField> modelReads, String algo, Dataset... data) {
        EnumSet<DataField> read = EnumSet.of(DataField.SCENE);
        read.addAll(modelReads);
        if (a.get("metrics", "").toLowerCase(Locale.ROOT).contains("ild-category")) {
            read.add(DataField.CATEGORY);
        }
        String protocol = a.has("train") ? "given train/test files" : "--protocol " + a.get("protocol", "per-user:0.25");
        CliSupport.warnUnused(read, "evaluate " + algo + " (" + protocol + ")", out, data);
    }

    /** The options with the serving path's fill for this model, unless --no-fill. */
    private static EvaluationOptions fill(Args a, EvaluationOptions options, RecommenderModel m) {
        return a.flag("no-fill") ? options : EvaluationFill.likeServing(options.toBuilder(), m).build();
    }

    private EvaluationOptions options(Args a, long seed, String splitName, Dataset trainSet) {
        EvaluationOptions.Builder ob = EvaluationOptions.builder().seed(seed).splitDescription(splitName).listener(progress)
                .excludeTrainingItems(!a.flag("include-seen")).catalog(trainSet.catalog(), "category")
                .keepRankings(a.has("rankings")).threads(a.getInt("threads", 0));
        if (a.has("threshold")) {
            ob.relevanceThreshold(Double.parseDouble(a.get("threshold")));
        }
        if (a.has("relevant")) {
            ob.relevantBehaviors(relevant(a));
        }
        if (a.has("sampled")) {
            ob.sampledNegatives(a.getInt("sampled", 99));
        }
        return ob.build();
    }

    /** The behaviours of {@code --relevant} (it must be given). */
    static EnumSet<Behavior> relevant(Args a) {
        EnumSet<Behavior> relevant = EnumSet.noneOf(Behavior.class);
        for (String name : a.get("relevant").split(",")) {
            Behavior b = Behavior.parseOrNull(name.trim());
            if (b == null) {
                throw new Args.UsageException("--relevant: unknown behaviour '" + name.trim() + "'; accepted: "
                        + Behavior.acceptedNames());
            }
            relevant.add(b);
        }
        return relevant;
    }

    /** {@code --folds}: one predefined train/test pair per fold, per-fold table, mean and std. */
    private int runFolds(Args a) throws Exception {
        for (String o : List.of("data", "protocol", "compare", "compare-param", "report", "per-user", "rankings", "held-out")) {
            if (a.has(o)) {
                throw new Args.UsageException("--folds cannot be combined with --" + o);
            }
        }
        String trainPattern = a.required("train");
        String testPattern = a.required("test");
        if (!trainPattern.contains("{fold}") || !testPattern.contains("{fold}")) {
            throw new Args.UsageException("--folds needs '{fold}' in both --train and --test, e.g. u{fold}.base");
        }
        List<String> folds = new ArrayList<>();
        for (String f : a.get("folds").split(",")) {
            if (!f.isBlank()) {
                folds.add(f.trim());
            }
        }
        if (folds.isEmpty()) {
            throw new Args.UsageException("--folds must list at least one fold, e.g. 1,2,3,4,5");
        }
        DataFormat format = DataFormat.byName(a.required("format"));
        String algo = a.required("algo");
        long seed = Long.parseLong(a.get("seed", "42"));
        var lo = CliSupport.loadOptions(a, format);
        Map<String, String> params = a.params("param");
        String metrics = null;
        long wall0 = System.nanoTime();
        List<EvaluationResult> results = new ArrayList<>();
        for (String fold : folds) {
            Path trainPath = Path.of(trainPattern.replace("{fold}", fold));
            Path testPath = Path.of(testPattern.replace("{fold}", fold));
            Dataset trainSet = CliSupport.load(trainPath, format, lo, out);
            Dataset testSet = CliSupport.emptyLike(trainSet);
            CliSupport.loadInto(testPath, format, lo, testSet, out);
            Split s = Split.predefined(trainSet.interactions(), testSet.interactions(),
                    trainPath.getFileName() + "/" + testPath.getFileName());
            if (metrics == null) {
                metrics = metrics(a, algo, trainSet);
            }
            EvaluationOptions eo = options(a, seed, s.description(), trainSet);
            MatrixOptions mo = CliSupport.matrixOptions(a, lo, algo);
            if (mo != null && fold.equals(folds.get(0))) {
                CliSupport.describe(mo, s.train(), out);
                Set<DataField> read = CliSupport.reads(algo, params, false);
                if (read != null) {
                    warnUnused(a, read, algo, trainSet, testSet);
                }
            }
            long t0 = System.nanoTime();
            RecommenderModel m = AutoTuning.isAuto(algo) ? AutoTuning.tune(a, lo, trainSet, eo, seed, out, progress).model()
                    : Recommenders.train(trainSet, algo, params, mo, progress);
            double secs = (System.nanoTime() - t0) / 1e9;
            EvaluationOptions filled = fill(a, eo, m);
            Evaluator evaluator = withHistory(Evaluator.of(metrics, filled), filled, m.metadata().matrixOptions(),
                    m.metadata().algorithm());
            EvaluationResult r = evaluator.evaluate(s.train(), s.test(), served(a, m)).withTrainSeconds(secs);
            String name = AutoTuning.isAuto(algo) ? "auto: " + m.metadata().algorithm() : algo;
            results.add(r.withAlgorithm(name + " [" + fold + "]", r.params()));
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        out.println(ConsoleTable.format(results));
        FoldSummary summary = FoldSummary.of(algo, folds, results, wall);
        List<String> names = new ArrayList<>(summary.mean().keySet());
        Map<String, Double> mean = summary.mean();
        Map<String, Double> std = summary.std();
        double trainTotal = summary.trainSecondsTotal();
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%s: mean over %d folds (%s)%n", algo, folds.size(),
                String.join(",", folds)));
        for (String name : names) {
            t.append(String.format(Locale.ROOT, "  %-14s %.4f  (std %.4f)%n", name, mean.get(name), std.get(name)));
        }
        t.append(String.format(Locale.ROOT, "  train seconds total %.2f, wall seconds (load+train+eval) %.2f",
                trainTotal, wall));
        out.println(t);
        if (a.has("csv")) {
            CsvOutput.writeResults(Path.of(a.get("csv")), results);
        }
        if (a.has("json")) {
            Files.writeString(Path.of(a.get("json")), JsonOutput.toJson(summary));
        }
        return 0;
    }
}
