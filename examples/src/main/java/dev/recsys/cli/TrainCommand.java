package dev.recsys.cli;

import dev.recsys.data.DataField;
import dev.recsys.data.Dataset;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.ItemCatalogLoader;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.data.io.LoadReport;
import dev.recsys.eval.EvaluationOptions;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code recsys train}: trains a model on a data file and saves it. */
final class TrainCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar train --data FILE --format FMT --algo NAME [--param k=v]... --out MODEL",
            "  --data FILE      interaction file",
            "  --format FMT     " + String.join(" | ", DataFormat.names()),
            CliSupport.DATA_OPTIONS_HELP,
            "  --lenient        skip malformed lines (counted and reported) instead of failing",
            "  --items FILE     item catalogue kept in the model (category, brand, price, stock, repeatable,",
            "                   your own columns): scene filters, category caps and 'trending in C' use it",
            "  --item-format F  csv (header with an item column; default) | movielens (u.item)",
            "  --algo NAME      algorithm (see 'algorithms')",
            "  --param k=v      algorithm parameter, repeatable",
            AutoTuning.HELP,
            "  --seed N         seed of the auto validation split, search and models (default 42)",
            "  --serving S      factor models: store item factors as float | int8 | bf16, add an HNSW index",
            "                   with hnsw, ivf or STORAGE+INDEX (e.g. int8+ivf); see README 'Serving at catalogue scale'",
            "  --out MODEL      model file to write");
    private final PrintStream out;
    private final TrainingListener progress;

    TrainCommand(PrintStream out, TrainingListener progress) {
        this.out = out;
        this.progress = progress;
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("data", "format", "columns", "behaviors", "behavior-weights", "algo", "param",
                        "out", "items", "item-format", "budget", "task", "seed", "serving"),
                Set.of("help", "lenient"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        DataFormat format = DataFormat.byName(a.required("format"));
        Path data = Path.of(a.required("data"));
        String algo = a.required("algo");
        Path model = Path.of(a.required("out"));
        LoadOptions lo = CliSupport.loadOptions(a, format);
        MatrixOptions mo = CliSupport.matrixOptions(a, lo, algo);
        Dataset ds = CliSupport.load(data, format, lo, out);
        if (a.has("items")) {
            attachCatalogue(a, format, ds);
        }
        if (mo != null) {
            CliSupport.describe(mo, ds.interactions(), out);
        }
        Set<DataField> read = CliSupport.reads(algo, a.params("param"), true);
        if (read != null) {
            CliSupport.warnUnused(read, "train " + algo + " (model and serving)", out, ds);
        }
        long t0 = System.nanoTime();
        RecommenderModel m = AutoTuning.isAuto(algo)
                ? AutoTuning.tune(a, lo, ds, EvaluationOptions.defaults(), Long.parseLong(a.get("seed", "42")), out, progress).model()
                : Recommenders.train(ds, algo, a.params("param"), mo, progress);
        if (read == null) {
            CliSupport.warnUnused(CliSupport.reads(m, true), "train auto: " + m.metadata().algorithm() + " (model and serving)", out,
                    ds);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (a.has("serving")) {
            m = CliSupport.withServing(m, a.get("serving"), progress, out);
        }
        ModelFiles.save(m, model);
        out.printf("trained %s on %d events (%d users, %d items) in %.2f s; saved %s%n", m.metadata().algorithm(),
                ds.interactions().size(), m.numUsers(), m.numItems(), secs, model);
        return 0;
    }

    /** Reads the item catalogue into the data set's catalogue (items without events join the index). */
    private void attachCatalogue(Args a, DataFormat format, Dataset ds) {
        Path file = Path.of(a.get("items"));
        String itemFormat = a.get("item-format", format == DataFormat.byName("movielens") ? "movielens" : "csv")
                .toLowerCase(Locale.ROOT);
        int before = ds.interactions().items().size();
        LoadOptions lo = LoadOptions.defaults().withLenient(a.flag("lenient"));
        LoadReport r = switch (itemFormat) {
            case "csv" -> ItemCatalogLoader.loadCsv(file, ds.catalog(), lo);
            case "movielens" -> ItemCatalogLoader.loadMovieLensItems(file, ds.catalog(), lo);
            default -> throw new Args.UsageException("--item-format must be csv or movielens, got " + itemFormat);
        };
        if (r.rowsSkipped() > 0) {
            out.println(r.summary());
        }
        ItemCatalog c = ds.catalog();
        int added = c.items().size() - before;
        out.printf("items: %d rows from %s (%d not in the events); attributes %s%s%n", r.eventsLoaded(), file, added,
                c.categoricalAttributes(), c.numericAttributes().isEmpty() ? "" : " " + c.numericAttributes());
    }
}
