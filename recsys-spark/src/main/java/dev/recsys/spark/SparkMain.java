package dev.recsys.spark;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.spark.internal.Entry;
import dev.recsys.spark.internal.RatingRuns;
import dev.recsys.spark.internal.FactorNdcg;
import dev.recsys.spark.internal.RunMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The {@code spark-submit} entry point ({@code --class dev.recsys.spark.SparkMain}):
 * <ul>
 *   <li>{@code train --input PATH [--format parquet|csv|orc|json|movielens] [--columns MAPPING] [--params k=v,...]
 *       [--blocks N] [--algo ials|biased-mf] [--aggregation last|max|sum] --out BUNDLE_DIR [--no-user-factors]
 *       [--metrics]}: distributed iALS (default) or distributed biased MF of explicit ratings (DSGD; the events read
 *       with {@link MatrixOptions#ratings()}: behaviours rating and review, their values, the last by time, or
 *       {@code --aggregation}), then a model bundle ({@code --metrics}, iALS: per iteration the seconds, shuffle
 *       bytes written and read, disk spills, the largest task peak execution memory and this JVM's heap, sampled);</li>
 *   <li>{@code compare-mf --train PATH --test PATH [--folds 1,2,...] [--format movielens|...] [--params k=v,...]
 *       [--blocks N]}: distributed and single-machine {@code biased-mf} with the same parameters on the same
 *       ratings: RMSE on the test ratings (user and item known, predictions clamped to the rating range) and
 *       seconds per epoch of each; {@code {fold}} in the paths is replaced by each fold;</li>
 *   <li>{@code import-mllib --model ALS_MODEL_DIR --out BUNDLE_DIR --alpha A (--reg R | --reg-param P)
 *       [--no-user-factors]}: with {@code --reg-param}, MLlib's regParam and its count-scaled
 *       regularisation ({@code reg-mode=count}), else a fixed recsys {@code reg};</li>
 *   <li>{@code generate --out PATH --events N --users U --items I [--seed S] [--partitions P]}: synthetic
 *       Taobao-like events as Parquet;</li>
 *   <li>{@code compare --input PATH [--params k=v,...] [--blocks N] [--sample-users N] [--mllib-reg R]
 *       [--tune-reg R1,R2,...] [--no-mllib]}: distributed iALS and MLlib ALS ({@code implicitPrefs}, same rank,
 *       iterations, alpha and blocks, {@code regParam} R, default 0.1) on the same 80/20 hold-out: seconds per
 *       iteration and NDCG@10 of each. {@code --tune-reg} first chooses recsys's {@code reg} among the values by
 *       NDCG@10 on a validation split cut from the training part only (MLlib's parameters are not tuned).</li>
 * </ul>
 * A checkpoint directory is set under {@code --checkpoint-dir} (default {@code /tmp/recsys-spark-checkpoints}).
 * Errors are printed as one line and the exit status is 1.
 *
 * <p>Thread safety: not applicable (a program).
 */
public final class SparkMain {
    private SparkMain() {
    }

    /** Runs a command; see the class comment. */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("recsys-spark: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: train|import-mllib|generate|compare --option value ...");
        }
        Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
        SparkSession spark = SparkSession.builder().appName("recsys-spark " + args[0]).getOrCreate();
        spark.sparkContext().setCheckpointDir(o.getOrDefault("checkpoint-dir", "/tmp/recsys-spark-checkpoints"));
        switch (args[0]) {
            case "train" -> train(spark, o);
            case "import-mllib" -> {
                if (o.containsKey("reg-param")) {
                    MllibImport.writeExact(required(o, "model"), Path.of(required(o, "out")),
                            Double.parseDouble(required(o, "alpha")), Double.parseDouble(o.get("reg-param")),
                            !o.containsKey("no-user-factors"));
                } else {
                    MllibImport.write(required(o, "model"), Path.of(required(o, "out")),
                            Double.parseDouble(required(o, "alpha")), Double.parseDouble(required(o, "reg")),
                            !o.containsKey("no-user-factors"));
                }
            }
            case "generate" -> SyntheticEvents.generate(spark, Long.parseLong(required(o, "events")),
                    Long.parseLong(required(o, "users")), Long.parseLong(required(o, "items")),
                    Long.parseLong(o.getOrDefault("seed", "1")), Integer.parseInt(o.getOrDefault("partitions", "8")))
                    .write().mode("overwrite").parquet(required(o, "out"));
            case "compare" -> compare(spark, o);
            case "compare-mf" -> compareMf(spark, o);
            default -> throw new IllegalArgumentException("unknown command '" + args[0]
                    + "'; commands: train, import-mllib, generate, compare, compare-mf");
        }
    }

    private static SparkInteractions read(SparkSession spark, Map<String, String> o) {
        return read(spark, o, required(o, "input"), MatrixOptions.implicitDefaults());
    }

    /** Events of {@code path} in {@code --format} with {@code --columns}, the mapping applied to {@code base}. */
    private static SparkInteractions read(SparkSession spark, Map<String, String> o, String path, MatrixOptions base) {
        String format = o.getOrDefault("format", "parquet");
        Dataset<Row> events;
        ColumnMapping mapping;
        if (format.equals("movielens")) {
            events = movieLens(spark, path);
            mapping = ColumnMapping.parse(o.getOrDefault("columns", MOVIELENS_COLUMNS));
        } else {
            events = spark.read().format(format).option("header", "true").option("inferSchema", "true").load(path);
            mapping = o.containsKey("columns") ? ColumnMapping.parse(o.get("columns")) : ColumnMapping.defaults();
        }
        MatrixOptions options = mapping.matrixOptions(base);
        if (o.containsKey("aggregation")) {
            options = new MatrixOptions(options.weights(),
                    dev.recsys.data.Aggregation.valueOf(o.get("aggregation").toUpperCase(java.util.Locale.ROOT)),
                    options.halfLifeSeconds(), options.valueTransform());
        }
        return SparkEvents.read(events, mapping, options);
    }

    /** The column mapping of {@link #movieLens} events. */
    static final String MOVIELENS_COLUMNS = "user=user,item=item,value=rating,time=time,fixed-behavior=rating";

    /** MovieLens 100K {@code u.data}-style ratings ({@code user TAB item TAB rating TAB seconds}) as events. */
    static Dataset<Row> movieLens(SparkSession spark, String path) {
        return spark.read().option("sep", "\t").option("header", "false")
                .schema("user LONG, item LONG, rating FLOAT, time LONG").csv(path);
    }

    private static void train(SparkSession spark, Map<String, String> o) {
        String algo = o.getOrDefault("algo", "ials");
        if (algo.equals(dev.recsys.mf.BiasedMf.NAME)) {
            SparkInteractions data = read(spark, o, required(o, "input"), MatrixOptions.ratings());
            DistributedBiasedMf mf = DistributedBiasedMf.of(params(o), Integer.parseInt(o.getOrDefault("blocks", "8")));
            long t0 = System.nanoTime();
            BiasedMfFactors f = mf.train(data, (stage, done, total, m) -> System.out.printf("%s %d/%d %s %.1f s%n",
                    stage, done, total, m, (System.nanoTime() - t0) / 1e9));
            ModelBundleExport.write(data, f, Path.of(required(o, "out")), !o.containsKey("no-user-factors"));
            System.out.println("bundle written to " + o.get("out"));
            return;
        }
        if (!algo.equals(dev.recsys.mf.ImplicitAls.NAME)) {
            throw new IllegalArgumentException("--algo: ials or biased-mf, got '" + algo + "'");
        }
        RunMetrics metrics = o.containsKey("metrics") ? RunMetrics.start(spark.sparkContext()) : null;
        SparkInteractions data = read(spark, o);
        DistributedIals ials = DistributedIals.of(params(o), Integer.parseInt(o.getOrDefault("blocks", "8")));
        if (metrics != null) {
            System.out.printf("read: %d users, %d items, %d entries%s%n", data.numUsers(), data.numItems(), data.nnz(),
                    metrics.phase());
        }
        long t0 = System.nanoTime();
        IalsFactors f = ials.train(data, (stage, done, total, m) -> System.out.printf("iteration %d/%d %.1f s%s%n", done,
                total, (System.nanoTime() - t0) / 1e9, metrics == null ? "" : metrics.phase()));
        ModelBundleExport.write(data, f, Path.of(required(o, "out")), !o.containsKey("no-user-factors"));
        System.out.println("bundle written to " + o.get("out"));
        if (metrics != null) {
            System.out.println("export" + metrics.phase() + "; whole run" + metrics.summary());
            metrics.close();
        }
    }

    private static void compare(SparkSession spark, Map<String, String> o) {
        long start = System.nanoTime();
        SparkInteractions all = read(spark, o);
        Map<String, String> p = params(o);
        int blocks = Integer.parseInt(o.getOrDefault("blocks", "4"));
        DistributedIals ials = DistributedIals.of(p, blocks);
        int k = ials.params().getInt("factors");
        int iterations = ials.params().getInt("iterations");
        JavaRDD<Entry> trainEntries = all.entries().filter(e -> !held(e, TEST)).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Entry> testEntries = all.entries().filter(e -> held(e, TEST)).persist(StorageLevel.MEMORY_AND_DISK());
        long nnz = trainEntries.count();
        SparkInteractions train = subset(all, trainEntries, nnz);
        System.out.printf("data: %d users, %d items, %d training entries, %d test entries (read in %.1f s)%n",
                all.numUsers(), all.numItems(), nnz, testEntries.count(), (System.nanoTime() - start) / 1e9);
        int sample = Integer.parseInt(o.getOrDefault("sample-users", "2000"));
        int step = Math.max(1, all.numUsers() / sample);
        if (o.containsKey("tune-reg")) {
            p.put("reg", tuneReg(all, trainEntries, p, blocks, step, o.get("tune-reg")));
            ials = DistributedIals.of(p, blocks);
        }

        List<Long> stamps = new ArrayList<>();
        long t0 = System.nanoTime();
        IalsFactors ours = ials.train(train, (stage, done, total, m) -> stamps.add(System.nanoTime()));
        double oursTotal = (System.nanoTime() - t0) / 1e9;
        double oursIter = (stamps.get(stamps.size() - 1) - stamps.get(0)) / 1e9 / Math.max(1, stamps.size() - 1);

        StructType schema = new StructType(new StructField[] {
                DataTypes.createStructField("user", DataTypes.IntegerType, false),
                DataTypes.createStructField("item", DataTypes.IntegerType, false),
                DataTypes.createStructField("rating", DataTypes.FloatType, false)});
        if (o.containsKey("no-mllib")) {
            double ndcgOnly = ndcg(ours, k, all, step, trainEntries, testEntries);
            System.out.printf("recsys distributed ials (%s): %.2f s per iteration (%.1f s in all), NDCG@10 %.4f%n",
                    ials.params().asText(), oursIter, oursTotal, ndcgOnly);
            return;
        }
        Dataset<Row> ratings = spark.createDataFrame(trainEntries.map(e -> RowFactory.create(e.user(), e.item(),
                e.weight())), schema).persist(StorageLevel.MEMORY_AND_DISK());
        ratings.count();
        double regParam = Double.parseDouble(o.getOrDefault("mllib-reg", "0.1"));
        ALS als = new ALS().setImplicitPrefs(true).setRank(k).setMaxIter(iterations)
                .setAlpha(ials.params().getFloat("alpha")).setRegParam(regParam).setNumUserBlocks(blocks)
                .setNumItemBlocks(blocks).setSeed(ials.params().getLong("seed")).setCheckpointInterval(5)
                .setUserCol("user").setItemCol("item").setRatingCol("rating");
        // MLlib runs its iterations in one lazy job: its time per iteration is (fit at N - fit at 1) / (N - 1),
        // which leaves out its block building as ours leaves out ours
        double mllibOne = Double.NaN;
        if (iterations > 1) {
            long t1 = System.nanoTime();
            als.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(1).fit(ratings).itemFactors().count();
            mllibOne = (System.nanoTime() - t1) / 1e9;
        }
        long t1 = System.nanoTime();
        ALSModel mllib = als.fit(ratings);
        mllib.itemFactors().count();
        double mllibTotal = (System.nanoTime() - t1) / 1e9;
        double mllibIter = iterations > 1 ? (mllibTotal - mllibOne) / (iterations - 1) : mllibTotal;

        double ndcgOurs = ndcg(ours, k, all, step, trainEntries, testEntries);
        Map<Integer, float[]> mllibUsers = new HashMap<>();
        for (Row r : mllib.userFactors().where("id % " + step + " = 0").collectAsList()) {
            mllibUsers.put(r.getInt(0), floats(r.getList(1), k));
        }
        float[] mllibItems = new float[all.numItems() * k];
        for (Row r : mllib.itemFactors().collectAsList()) {
            System.arraycopy(floats(r.getList(1), k), 0, mllibItems, r.getInt(0) * k, k);
        }
        double ndcgMllib = ndcg(mllibItems, mllibUsers, k, all.numUsers(), all.numItems(), step, trainEntries,
                testEntries);
        System.out.printf("recsys distributed ials (%s): %.2f s per iteration (iterations 2..%d), %.1f s in all"
                        + " (%.2f s per iteration with the block building), NDCG@10 %.4f%n", ials.params().asText(),
                oursIter, iterations, oursTotal, oursTotal / iterations, ndcgOurs);
        System.out.printf("mllib ALS implicitPrefs (regParam %.4g): %.2f s per iteration ((fit at %d %.1f s - fit at 1"
                        + " %.1f s) / %d), %.1f s fit (%.2f s per iteration with the block building), NDCG@10 %.4f%n",
                regParam, mllibIter, iterations, mllibTotal, mllibOne, iterations - 1, mllibTotal,
                mllibTotal / iterations, ndcgMllib);
        System.out.printf("ratio (mllib / recsys): %.2fx per iteration, %.2fx whole training; compare took %.1f s%n",
                mllibIter / oursIter, mllibTotal / oursTotal, (System.nanoTime() - start) / 1e9);
    }

    private static void compareMf(SparkSession spark, Map<String, String> o) {
        String trainPath = required(o, "train");
        String testPath = required(o, "test");
        List<String> folds = o.containsKey("folds") ? List.of(o.get("folds").split(",")) : List.of("");
        int blocks = Integer.parseInt(o.getOrDefault("blocks", "2"));
        Map<String, String> p = params(o);
        DistributedBiasedMf dist = DistributedBiasedMf.of(p, blocks);
        for (String fold : folds) {
            String tr = trainPath.replace("{fold}", fold.trim());
            String te = testPath.replace("{fold}", fold.trim());
            SparkInteractions data = read(spark, o, tr, MatrixOptions.ratings());
            MfComparison c = MfComparison.run(spark, data, read(spark, o, te, MatrixOptions.ratings()), dist, blocks);
            System.out.printf("%s: %d users, %d items, %d training ratings, %d test ratings rated%n", tr,
                    data.numUsers(), data.numItems(), data.nnz(), c.rated());
            System.out.printf("  distributed biased-mf (%d blocks): RMSE %.4f, %d epochs, %.3f s per epoch (%.1f s in all)%n",
                    blocks, c.distributedRmse(), c.distributedEpochs(), c.distributedSecondsPerEpoch(),
                    c.distributedSeconds());
            System.out.printf("  single-machine biased-mf:       RMSE %.4f, %d epochs, %.3f s per epoch (%.1f s in all)%n",
                    c.singleRmse(), c.singleEpochs(), c.singleSecondsPerEpoch(), c.singleSeconds());
            System.out.printf("  relative difference %+.2f %%%n", 100 * (c.distributedRmse() / c.singleRmse() - 1));
            data.entries().unpersist(false);
        }
    }

    /** Salt of the 80/20 test split. */
    private static final long TEST = 0L;
    /** Salt of the validation split cut from the training part ({@code --tune-reg}). */
    private static final long VALIDATION = 0x5bd1e995L;

    /** Whether an entry is held out (one in five, by a hash of user, item and salt). */
    private static boolean held(Entry e, long salt) {
        long h = (e.user() * 0x9E3779B97F4A7C15L) ^ (e.item() * 0xC2B2AE3D27D4EB4FL) ^ (salt * 0xFF51AFD7ED558CCDL);
        return Math.floorMod(h ^ (h >>> 29), 5) == 0;
    }

    private static SparkInteractions subset(SparkInteractions all, JavaRDD<Entry> entries, long nnz) {
        return new SparkInteractions(entries, all.users(), all.items(), all.numUsers(), all.numItems(),
                all.numericUsers(), all.numericItems(), all.matrixOptions(), nnz);
    }

    /**
     * Chooses recsys's {@code reg} among {@code candidates} (comma-separated) by NDCG@10 on a validation
     * split cut from the training entries only (one in five, another hash than the test split), training
     * on the rest with the other parameters as given; the test entries are not looked at.
     */
    private static String tuneReg(SparkInteractions all, JavaRDD<Entry> train, Map<String, String> p, int blocks,
                                  int step, String candidates) {
        JavaRDD<Entry> fit = train.filter(e -> !held(e, VALIDATION)).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Entry> validation = train.filter(e -> held(e, VALIDATION)).persist(StorageLevel.MEMORY_AND_DISK());
        SparkInteractions fitData = subset(all, fit, fit.count());
        String best = null;
        double bestNdcg = -1;
        for (String c : candidates.split(",")) {
            Map<String, String> q = new LinkedHashMap<>(p);
            q.put("reg", c.trim());
            DistributedIals t = DistributedIals.of(q, blocks);
            IalsFactors f = t.train(fitData, null);
            double v = ndcg(f, t.params().getInt("factors"), all, step, fit, validation);
            System.out.printf("validation (training part only): reg %s NDCG@10 %.4f%n", c.trim(), v);
            f.unpersist();
            if (v > bestNdcg) {
                bestNdcg = v;
                best = c.trim();
            }
        }
        fit.unpersist(false);
        validation.unpersist(false);
        System.out.printf("chosen on validation: reg %s%n", best);
        return best;
    }

    private static double ndcg(IalsFactors f, int k, SparkInteractions all, int step, JavaRDD<Entry> train,
                               JavaRDD<Entry> test) {
        return ndcg(f.collectItems(), f.userRows().filter(t -> t._1() % step == 0).collectAsMap(), k, all.numUsers(),
                all.numItems(), step, train, test);
    }

    private static float[] floats(List<Float> l, int k) {
        float[] v = new float[k];
        for (int q = 0; q < k; q++) {
            v[q] = l.get(q);
        }
        return v;
    }

    /** NDCG@10 over the users {@code u % step == 0}, training items excluded. */
    private static double ndcg(float[] items, Map<Integer, float[]> users, int k, int numUsers, int numItems, int step,
                               JavaRDD<Entry> train, JavaRDD<Entry> test) {
        int rows = (numUsers + step - 1) / step;
        float[] x = new float[rows * k];
        for (Map.Entry<Integer, float[]> e : users.entrySet()) {
            System.arraycopy(e.getValue(), 0, x, (e.getKey() / step) * k, k);
        }
        return FactorNdcg.mean(x, items, k, matrix(train, step, rows, numItems), matrix(test, step, rows, numItems), 10);
    }

    private static InteractionMatrix matrix(JavaRDD<Entry> entries, int step, int rows, int cols) {
        List<Entry> list = entries.filter(e -> e.user() % step == 0)
                .map(e -> new Entry(e.user() / step, e.item(), e.weight())).collect();
        return RatingRuns.matrix(list, rows, cols);
    }

    private static Map<String, String> params(Map<String, String> o) {
        Map<String, String> p = new LinkedHashMap<>();
        String text = o.get("params");
        if (text != null && !text.isBlank()) {
            for (String kv : text.split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--params: expected name=value, got '" + kv + "'");
                }
                p.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return p;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int a = 0; a < args.length; a++) {
            if (!args[a].startsWith("--")) {
                throw new IllegalArgumentException("expected an option --name, got '" + args[a] + "'");
            }
            String name = args[a].substring(2);
            if (a + 1 < args.length && !args[a + 1].startsWith("--")) {
                o.put(name, args[++a]);
            } else {
                o.put(name, "true");
            }
        }
        return o;
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing option --" + name);
        }
        return v;
    }
}
