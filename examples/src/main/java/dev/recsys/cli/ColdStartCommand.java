package dev.recsys.cli;

import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.ItemCatalogLoader;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.nn.train.RankingValidator;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingListener;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code recsys cold-start}: holds a fraction of the items out entirely (all their events go to the
 * test side), trains an attribute-aware model on the rest with the item attributes of every item,
 * and measures how well the held-out items are ranked for the users who interacted with them.
 *
 * <p>Per user with at least one held-out item: the held-out items are ranked by the model's score;
 * recall@K = hits in the top K / min(K, relevant); mean over those users. References on the same
 * users: a random ranking (exact expectation K * relevant / held-out / min(K, relevant)) and
 * attribute popularity (a held-out item scores the mean, over its attribute values, of the mean
 * training popularity of the warm items sharing that value; categorical values and 0/1 numeric
 * flags count as values). Also printed: recall@K of the held-out items when the model ranks the
 * whole catalogue (warm and cold, training items excluded).
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
                loadMovieLensAttributes(itemsFile, catalog);
                break;
            case "csv":
                ItemCatalogLoader.loadCsv(itemsFile, catalog, LoadOptions.defaults().withLenient(a.flag("lenient")));
                break;
            default:
                throw new Args.UsageException("--item-format must be movielens or csv, got " + itemFormat);
        }
        Interactions log = all.interactions();
        int nItems = catalog.items().size();
        boolean[] seen = new boolean[nItems];
        int nSeen = 0;
        for (int e = 0; e < log.size(); e++) {
            if (!seen[log.item(e)]) {
                seen[log.item(e)] = true;
                nSeen++;
            }
        }
        int nCold = (int) Math.floor(holdout * nSeen);
        if (nCold < 1 || nCold >= nSeen) {
            throw new IllegalArgumentException("--holdout " + holdout + " of " + nSeen + " items holds out " + nCold
                    + " items; need at least 1 and fewer than all");
        }
        boolean[] cold = new boolean[nItems];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c = 0; c < nCold; ) {
            int i = rnd.nextInt(nItems);
            if (seen[i] && !cold[i]) {
                cold[i] = true;
                c++;
            }
        }
        IntArrayList trainPos = new IntArrayList();
        IntArrayList testPos = new IntArrayList();
        for (int e = 0; e < log.size(); e++) {
            (cold[log.item(e)] ? testPos : trainPos).add(e);
        }
        Interactions train = log.select(trainPos.toIntArray());
        Interactions test = log.select(testPos.toIntArray());
        long t0 = System.nanoTime();
        RecommenderModel rm = Recommenders.train(new Dataset(train, catalog), algo, a.params("param"),
                progress);
        double secs = (System.nanoTime() - t0) / 1e9;
        TrainedModel model = rm.model();
        InteractionMatrix trainM = MatrixBuilder.build(train, MatrixOptions.ratings());
        InteractionMatrix testM = MatrixBuilder.build(test, MatrixOptions.ratings());

        int[] coldIds = new int[nCold];
        for (int i = 0, c = 0; i < nItems; i++) {
            if (cold[i]) {
                coldIds[c++] = i;
            }
        }
        float[] attrPop = attributePopularity(catalog, trainM, nItems);
        float[] s = new float[nItems];
        float[] sub = new float[nCold];
        int[] top = new int[k];
        double rModel = 0;
        double rRandom = 0;
        double rPop = 0;
        double rFull = 0;
        int users = 0;
        for (int u = 0; u < testM.rows(); u++) {
            int rel = testM.rowLength(u);
            if (rel == 0) {
                continue;
            }
            users++;
            int[] items = u < trainM.rows() ? trainM.rowColumns(u) : new int[0];
            float[] w = new float[items.length];
            Arrays.fill(w, 1f);
            if (!model.score(Query.ofUser(u, items, w, Scene.HOME), s)) {
                Arrays.fill(s, 0f);
            }
            double denom = Math.min(k, rel);
            rModel += hits(s, coldIds, sub, top, testM, u) / denom;
            rPop += hits(attrPop, coldIds, sub, top, testM, u) / denom;
            rRandom += (double) k * rel / nCold / denom;
            for (int i : items) {
                s[i] = Float.NEGATIVE_INFINITY;
            }
            int n = RankingValidator.topK(s, k, top);
            int h = 0;
            for (int t = 0; t < n; t++) {
                h += testM.get(u, top[t]) != 0f ? 1 : 0;
            }
            rFull += h / denom;
        }
        if (users == 0) {
            throw new IllegalArgumentException("no user has an event on a held-out item");
        }
        out.printf(Locale.ROOT, "cold-start: %s %s%n", algo, rm.metadata().params());
        out.printf(Locale.ROOT, "held out %d of %d items (seed %d): %d train events, %d test events, %d users with"
                + " held-out items; train %.1f s%n", nCold, nSeen, seed, train.size(), test.size(), users, secs);
        out.printf(Locale.ROOT, "recall@%d among held-out items: model %.4f | random %.4f | attribute popularity %.4f%n",
                k, rModel / users, rRandom / users, rPop / users);
        out.printf(Locale.ROOT, "recall@%d of held-out items over the full catalogue (training items excluded):"
                + " model %.4f%n", k, rFull / users);
        return 0;
    }

    private static int hits(float[] scores, int[] coldIds, float[] sub, int[] top, InteractionMatrix test, int u) {
        for (int c = 0; c < coldIds.length; c++) {
            float v = scores[coldIds[c]];
            sub[c] = Float.isNaN(v) ? Float.NEGATIVE_INFINITY : v;
        }
        int n = RankingValidator.topK(sub, top.length, top);
        int h = 0;
        for (int t = 0; t < n; t++) {
            h += test.get(u, coldIds[top[t]]) != 0f ? 1 : 0;
        }
        return h;
    }

    /**
     * Per item: the mean over its attribute values (categorical values, numeric 0/1 flags set to 1)
     * of the mean training popularity of the warm items having that value; 0 without values.
     */
    static float[] attributePopularity(ItemCatalog c, InteractionMatrix train, int nItems) {
        int[] count = new int[nItems];
        for (int q = 0; q < train.nnz(); q++) {
            count[train.colIdx()[q]]++;
        }
        List<int[]> values = new ArrayList<>(); // per feature: value code per item (-1 = none)
        for (String attr : c.categoricalAttributes()) {
            int[] v = new int[nItems];
            for (int i = 0; i < nItems; i++) {
                v[i] = c.code(attr, i);
            }
            values.add(v);
        }
        for (String attr : c.numericAttributes()) {
            int[] v = new int[nItems];
            boolean flag = true;
            for (int i = 0; i < nItems && flag; i++) {
                float x = c.numeric(attr, i, 0f);
                flag = x == 0f || x == 1f;
                v[i] = x == 1f ? 0 : -1;
            }
            if (flag) {
                values.add(v);
            }
        }
        double[] sum = new double[nItems];
        int[] num = new int[nItems];
        for (int[] v : values) {
            int codes = 0;
            for (int x : v) {
                codes = Math.max(codes, x + 1);
            }
            double[] popSum = new double[codes];
            int[] popNum = new int[codes];
            for (int i = 0; i < nItems; i++) {
                if (v[i] >= 0 && count[i] > 0) {
                    popSum[v[i]] += count[i];
                    popNum[v[i]]++;
                }
            }
            for (int i = 0; i < nItems; i++) {
                if (v[i] >= 0 && popNum[v[i]] > 0) {
                    sum[i] += popSum[v[i]] / popNum[v[i]];
                    num[i]++;
                }
            }
        }
        float[] out = new float[nItems];
        for (int i = 0; i < nItems; i++) {
            out[i] = num[i] == 0 ? 0f : (float) (sum[i] / num[i]);
        }
        return out;
    }

    /**
     * MovieLens u.item attributes of the items that have events: the 19 genre flags as numeric
     * {@code genre:NAME}, the release year (numeric {@code year}) and its decade (categorical
     * {@code decade}). Titles are left out: unique per item, they cannot carry over to new items.
     */
    private static void loadMovieLensAttributes(Path file, ItemCatalog catalog) throws IOException {
        IdIndex items = catalog.items();
        List<String> genres = ItemCatalogLoader.MOVIELENS_GENRES;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\\|", -1);
                if (f.length < 5 + genres.size()) {
                    continue; // malformed lines were already reported by the catalogue loader
                }
                int item = items.indexOf(f[0].trim());
                if (item < 0) {
                    continue;
                }
                String date = f[2].trim();
                if (date.length() >= 4 && date.substring(date.length() - 4).chars().allMatch(Character::isDigit)) {
                    int year = Integer.parseInt(date.substring(date.length() - 4));
                    catalog.setNumeric("year", item, year);
                    catalog.setCategorical("decade", item, Integer.toString(year / 10 * 10));
                }
                for (int g = 0; g < genres.size(); g++) {
                    catalog.setNumeric("genre:" + genres.get(g), item, "1".equals(f[5 + g].trim()) ? 1f : 0f);
                }
            }
        }
    }
}
