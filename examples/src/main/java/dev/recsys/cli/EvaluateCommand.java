package dev.recsys.cli;

import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.io.DataFormat;
import dev.recsys.eval.CurveResult;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.eval.EvaluationResult;
import dev.recsys.eval.Evaluator;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code recsys evaluate}: trains on a training set and evaluates on a test set. */
final class EvaluateCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar evaluate (--train F --test F | --data F --protocol P) --format FMT --algo NAME",
            "                           [--param k=v]... [--metrics LIST] [--json OUT] [--csv OUT]",
            "                           [--per-user OUT] [--rankings OUT] [--compare NAME [--compare-param k=v]...]",
            "                           [--report OUT.html] [--threshold R] [--include-seen] [--sampled N]",
            "  --train/--test F predefined train and test files (e.g. MovieLens u1.base/u1.test)",
            "  --data F         one file, split by --protocol: " + SplitProtocols.FORMS,
            "  --format FMT     " + String.join(" | ", DataFormat.names()),
            "  --columns MAP    column mapping for --format csv",
            "  --lenient        skip malformed lines (counted and reported)",
            "  --algo NAME      algorithm (see 'algorithms'); --param k=v its parameters",
            "  --metrics LIST   e.g. rmse,mae,precision@10,recall@10,ndcg@10 (default: ranking metrics at 10,",
            "                   plus rmse,mae for rating models)",
            "  --threshold R    only test ratings >= R are relevant (default: every test item)",
            "  --include-seen   do not exclude training items from the ranking",
            "  --sampled N      rank each target against N sampled negatives (labelled sampled)",
            "  --json/--csv OUT aggregate results; --per-user OUT per-user metric values;",
            "  --rankings OUT   per-user top-k lists; --report OUT.html charts",
            "  --compare NAME   second algorithm on the same split, with paired significance tests",
            "  --seed N         seed of the split and sampling (default 42)");
    private final PrintStream out;

    EvaluateCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("train", "test", "data", "protocol", "format", "columns", "algo", "param",
                        "metrics", "json", "csv", "per-user", "rankings", "compare", "compare-param", "report",
                        "threshold", "sampled", "seed"),
                Set.of("help", "lenient", "include-seen"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
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
        boolean explicit = Algorithms.byName(algo).explicit();
        String metrics = a.get("metrics", (explicit ? "rmse,mae," : "")
                + "precision@10,recall@10,ndcg@10,map@10,mrr@10,coverage@10");
        EvaluationOptions.Builder ob = EvaluationOptions.builder().seed(seed).splitDescription(splitName)
                .excludeTrainingItems(!a.flag("include-seen")).catalog(trainSet.catalog(), "category")
                .keepRankings(a.has("rankings"));
        if (a.has("threshold")) {
            ob.relevanceThreshold(Double.parseDouble(a.get("threshold")));
        }
        if (a.has("sampled")) {
            ob.sampledNegatives(a.getInt("sampled", 99));
        }
        EvaluationOptions options = ob.build();
        Evaluator evaluator = Evaluator.of(metrics, options);

        List<EvaluationResult> results = new ArrayList<>();
        List<CurveResult> curves = new ArrayList<>();
        List<String> algos = new ArrayList<>(List.of(algo));
        if (a.has("compare")) {
            algos.add(a.get("compare"));
        }
        for (int i = 0; i < algos.size(); i++) {
            String name = algos.get(i);
            long t0 = System.nanoTime();
            RecommenderModel m = Recommenders.train(trainSet, name, a.params(i == 0 ? "param" : "compare-param"),
                    TrainingListener.NONE);
            double secs = (System.nanoTime() - t0) / 1e9;
            EvaluationResult r = evaluator.evaluate(train, test, m.model()).withTrainSeconds(secs);
            results.add(r);
            if (a.has("report") && !options.sampled()) {
                curves.add(Evaluator.curve(train, test, m.model(), options, 50));
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
        if (a.has("report")) {
            HtmlReport.write(Path.of(a.get("report")), "recsys evaluation: " + splitName, results, curves);
        }
        return 0;
    }
}
