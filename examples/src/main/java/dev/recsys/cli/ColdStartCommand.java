package dev.recsys.cli;

import dev.recsys.data.Dataset;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.ItemCatalogLoader;
import dev.recsys.data.io.ItemCatalogLoader.MovieLensAttribute;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.eval.ColdStartEvaluation;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code recsys cold-start}: holds a fraction of the items out entirely (all their events go to the
 * test side), trains an attribute-aware model on the rest with the item attributes of every item,
 * and measures how well the held-out items are ranked for the users who interacted with them.
 *
 * <p>The protocol (split, recall@K of the model, a random ranking and attribute popularity) is
 * {@link ColdStartEvaluation}; this command loads the data, trains the model by name and prints.
 */
final class ColdStartCommand {
    static final String HELP = String.join("\n",
            "usage: recsys.jar cold-start --data F --format FMT --items F [--item-format movielens|csv]",
            "                             [--algo NAME] [--param k=v]... [--holdout FRACTION] [--seed N] [-k K]",
            "  --data F         all interactions; --format FMT " + String.join(" | ", DataFormat.names()),
            "  --items F        item attributes: MovieLens u.item (genre flags genre:NAME, year, decade)",
            "                   or a csv with an item column (category, brand, price, ...)",
            "  --algo NAME      attribute-aware model (default item-attribute-ae); --param k=v its parameters",
            "  --holdout F      fraction of the items held out entirely (default 0.1)",
            "  --seed N         seed of the held-out item choice (default 11)",
            "  -k K             cut-off of recall (default 20)",
            "prints recall@K of the held-out items for the model, a random ranking and attribute popularity");
    private final PrintStream out;
    private final TrainingListener progress;

    ColdStartCommand(PrintStream out, TrainingListener progress) {
        this.out = out;
        this.progress = progress;
    }

    int run(String[] argv) throws Exception {
        Args a = Args.parse(argv, Set.of("data", "format", "columns", "items", "item-format", "algo", "param",
                "holdout", "seed", "k"), Set.of("help", "lenient"), Map.of("h", "help"));
        if (a.flag("help")) {
            out.println(HELP);
            return 0;
        }
        DataFormat format = DataFormat.byName(a.required("format"));
        LoadOptions lo = CliSupport.loadOptions(a, format);
        Path itemsFile = Path.of(a.required("items"));
        String itemFormat = a.get("item-format", format == DataFormat.byName("movielens") ? "movielens" : "csv")
                .toLowerCase(Locale.ROOT);
        String algo = a.get("algo", "item-attribute-ae");
        double holdout = Double.parseDouble(a.get("holdout", "0.1"));
        if (!(holdout > 0 && holdout < 1)) {
            throw new Args.UsageException("--holdout must be in (0, 1), got " + holdout);
        }
        long seed = Long.parseLong(a.get("seed", "11"));
        int k = a.getInt("k", 20);
        if (k < 1) {
            throw new Args.UsageException("-k must be >= 1, got " + k);
        }

        Dataset all = CliSupport.load(Path.of(a.required("data")), format, lo, out);
        ItemCatalog catalog = all.catalog();
        switch (itemFormat) {
            case "movielens":
                // genre flags, year and decade; titles are left out: unique per item, they cannot
                // carry over to new items
                ItemCatalogLoader.loadMovieLensItems(itemsFile, catalog,
                        LoadOptions.defaults().withLenient(a.flag("lenient")),
                        EnumSet.of(MovieLensAttribute.GENRE_FLAGS, MovieLensAttribute.YEAR, MovieLensAttribute.DECADE));
                break;
            case "csv":
                ItemCatalogLoader.loadCsv(itemsFile, catalog, LoadOptions.defaults().withLenient(a.flag("lenient")));
                break;
            default:
                throw new Args.UsageException("--item-format must be movielens or csv, got " + itemFormat);
        }
        ColdStartEvaluation.ItemHoldout split = ColdStartEvaluation.holdOutItems(all.interactions(), holdout, seed);
        long t0 = System.nanoTime();
        RecommenderModel rm = Recommenders.train(new Dataset(split.train(), catalog), algo, a.params("param"),
                CliSupport.matrixOptions(a, lo, Algorithms.byName(algo)), progress);
        double secs = (System.nanoTime() - t0) / 1e9;
        ColdStartEvaluation.Result r = ColdStartEvaluation.evaluate(split, catalog, rm.model(), k);
        out.printf(Locale.ROOT, "cold-start: %s %s%n", algo, rm.metadata().params());
        out.printf(Locale.ROOT, "held out %d of %d items (seed %d): %d train events, %d test events, %d users with"
                + " held-out items; train %.1f s%n", split.coldCount(), split.seenItems(), seed, split.train().size(),
                split.test().size(), r.users(), secs);
        out.printf(Locale.ROOT, "recall@%d among held-out items: model %.4f | random %.4f | attribute popularity %.4f%n",
                k, r.model(), r.random(), r.attributePopularity());
        out.printf(Locale.ROOT, "recall@%d of held-out items over the full catalogue (training items excluded):"
                + " model %.4f%n", k, r.fullCatalogue());
        return 0;
    }
}
