package dev.recsys.spark;

import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.internal.train.TrainingLoop;
import dev.recsys.mf.BiasedMf;
import dev.recsys.spark.internal.DsgdBlocks;
import dev.recsys.spark.internal.Entry;
import dev.recsys.spark.internal.RatingCell;
import dev.recsys.spark.internal.SideBlock;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Biased matrix factorization of explicit ratings ({@code biased-mf}, the same parameters meaning
 * the same things as {@link BiasedMf} with {@code optimizer=sgd}) trained on Spark by distributed
 * SGD over stratified blocks (DSGD, Gemulla et al., KDD 2011).
 *
 * <p>Layout: users and items are hash-partitioned into {@code blocks} blocks each (row {@code g}
 * in block {@code g mod blocks}), so the ratings fall into {@code blocks x blocks} cells. A user
 * block stays with its cells on one task; item blocks travel. An epoch is {@code blocks}
 * sub-epochs; sub-epoch {@code s} is the stratum of cells {@code (b, (b + s) mod blocks)}, which
 * share no user and no item, so its {@code blocks} cells run in parallel, each task holding its
 * user block's and item block's factors and biases and updating them with the core SGD kernel
 * ({@link dev.recsys.internal.kernel.SgdKernels#mfUsers}, exactly the single-machine update:
 * {@code err = r - (mu + b_u + b_i + p . q)}, factors with {@code keep = 1 - lr reg}, biases with
 * {@code reg-bias}; users two at a time interleaved). Every rating is visited once per epoch, as on
 * one machine; the item blocks move once per sub-epoch (one shuffle of the item factors).
 *
 * <p>The procedure around the epochs is the single machine's ({@link TrainingLoop}): the global
 * mean of the training ratings, learning rate {@code learning-rate x lr-decay^epoch}, early stopping
 * on held-out ratings ({@code validation-fraction}, {@code patience}; the RMSE of predictions
 * clamped to the rating range) and, with {@code refit}, retraining on all ratings from the same
 * initial parameters for the chosen number of epochs. Differences: the held-out ratings are those
 * whose seeded hash of (user, item) falls below the fraction (about, not exactly, the fraction);
 * the initial factors are drawn per row (as {@link DistributedIals} draws them); users are visited
 * in a random order per cell instead of over all users. So the model agrees with the single
 * machine's in quality (RMSE), not in bits. {@code optimizer=adam} is refused.
 *
 * <p>Determinism: the cells are sorted by (user, item) and each user's ratings put in an order
 * drawn from (seed, cell); the strata run in a fixed order; a cell's user order is drawn from
 * (seed, epoch, cell); sums are taken in block order. The same data, seed and number of blocks give
 * the same model bit for bit, whatever the executors (for one SGD kernel implementation: scalar and
 * vector round differently). Different numbers of blocks give different models.
 *
 * <p>Lineage: the blocks are persisted each sub-epoch and checkpointed every
 * {@code checkpointInterval} epochs to the context's checkpoint directory if one is set, else
 * locally ({@code localCheckpoint}).
 *
 * <p>Thread safety: immutable; {@link #train} may be called concurrently on one Spark session.
 */
public final class DistributedBiasedMf {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedBiasedMf.class);
    private final Params params;
    private final int blocks;
    private final int checkpointInterval;

    private DistributedBiasedMf(Params params, int blocks, int checkpointInterval) {
        this.params = params;
        this.blocks = blocks;
        this.checkpointInterval = checkpointInterval;
    }

    /**
     * A trainer.
     *
     * @param params {@code biased-mf} parameters as text ({@code factors}, {@code epochs},
     *               {@code learning-rate}, {@code lr-decay}, {@code reg}, {@code reg-bias},
     *               {@code init-std}, {@code validation-fraction}, {@code patience}, {@code refit},
     *               {@code seed}); {@code optimizer} must be {@code sgd}
     * @param blocks number of user blocks and of item blocks (at least 1; about the number of cores:
     *               a sub-epoch runs {@code blocks} tasks)
     * @throws IllegalArgumentException naming the bad parameter
     */
    public static DistributedBiasedMf of(Map<String, String> params, int blocks) {
        return of(params, blocks, 5);
    }

    /** As {@link #of(Map, int)}, checkpointing every {@code checkpointInterval} epochs (>= 1). */
    public static DistributedBiasedMf of(Map<String, String> params, int blocks, int checkpointInterval) {
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be >= 1, got " + blocks);
        }
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("checkpointInterval must be >= 1, got " + checkpointInterval);
        }
        Params p = Params.parse(new BiasedMf().params(), params == null ? Map.of() : params);
        if (!p.getChoice("optimizer").equals("sgd")) {
            throw new IllegalArgumentException("optimizer: biased-mf on spark trains with sgd only, got "
                    + p.getChoice("optimizer"));
        }
        return new DistributedBiasedMf(p, blocks, checkpointInterval);
    }

    /** The parsed parameters. */
    public Params params() {
        return params;
    }

    /**
     * Trains on {@code data}, whose entry weights are the ratings (e.g. read with
     * {@link dev.recsys.data.MatrixOptions#ratings()}).
     *
     * @param listener progress per epoch as the single machine reports it (stages {@code epoch} and
     *                 {@code refit-epoch}, metrics {@code train-rmse} and {@code validation-rmse}), on
     *                 the driver; may be null
     * @throws IllegalStateException naming learning-rate if a parameter is not finite
     */
    public BiasedMfFactors train(SparkInteractions data, TrainingListener listener) {
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        int k = params.getInt("factors");
        double fraction = params.getDouble("validation-fraction");
        long seed = params.getLong("seed");
        int nu = data.numUsers();
        int ni = data.numItems();
        int p = Math.max(1, Math.min(blocks, Math.min(nu, ni)));
        TrainingChecks.requireMemory(BiasedMf.NAME + " on spark: one user block and one item block per task",
                TrainingChecks.bytes(4, (long) k + 1, ((long) nu + ni) / p + 2),
                "more blocks (now " + p + ") or lower factors (now " + k + ")");
        Partitioner part = new HashPartitioner(p);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.entries().context());

        JavaPairRDD<Integer, RatingCell[]> heldCells = fraction > 0 ? cells(data.entries(), p, fraction, seed, part)
                : null;
        Stats held = heldCells == null ? null : stats(heldCells);
        boolean validate = held != null && held.train > 0 && held.held > 0;
        if (heldCells != null && !validate) {
            heldCells.unpersist(false);
            heldCells = null;
        }
        JavaPairRDD<Integer, RatingCell[]> allCells = validate ? null : cells(data.entries(), p, 0, seed, part);
        Stats all = allCells != null ? stats(allCells) : null;
        float minR = validate ? held.min : all.min;
        float maxR = validate ? held.max : all.max;
        LOG.info("spark biased-mf: {} users, {} items, {} ratings, {} x {} cells; per sub-epoch {} item rows shuffled"
                        + " ({} MB of factors){}", nu, ni, data.nnz(), p, p, ni, (long) ni * 4L * (k + 1) / 1_000_000,
                validate ? "; " + held.held + " ratings held out for early stopping" : "");

        TrainingLoop.Spec spec = new TrainingLoop.Spec(params.getInt("epochs"), params.getInt("patience"),
                params.getBoolean("refit"), false, 1e-6, "train-rmse", "validation-rmse", "refit-epoch", null);
        JavaPairRDD<Integer, RatingCell[]> vCells = heldCells;
        JavaPairRDD<Integer, RatingCell[]>[] fullCells = holder(allCells);
        Stats[] fullStats = {all};
        TrainingLoop.Outcome<Run> out = TrainingLoop.fit(BiasedMf.NAME + " on spark", spec,
                !validate ? null : () -> new Run(sc, vCells, held, p, nu, ni, k, params, part, minR, maxR,
                        !params.getBoolean("refit"), checkpointInterval),
                () -> {
                    if (vCells != null) {
                        vCells.unpersist(false);
                    }
                    if (fullCells[0] == null) {
                        fullCells[0] = cells(data.entries(), p, 0, seed, part);
                        fullStats[0] = stats(fullCells[0]);
                    }
                    return new Run(sc, fullCells[0], fullStats[0], p, nu, ni, k, params, part, minR, maxR, false,
                            checkpointInterval);
                }, l);
        Run r = out.run();
        BiasedMfFactors f = new BiasedMfFactors(r.users, r.items, p, nu, ni, k, params, r.mu, minR, maxR, out.epochs(),
                out.bestScore());
        f.requireFinite();
        if (r.cells != null) {
            r.cells.unpersist(false);
        }
        if (fullCells[0] != null && fullCells[0] != r.cells) {
            fullCells[0].unpersist(false);
        }
        LOG.info("spark biased-mf: {} epochs{}", out.epochs(), validate ? ", best validation RMSE "
                + out.bestScore() : "");
        return f;
    }

    @SuppressWarnings("unchecked")
    private static JavaPairRDD<Integer, RatingCell[]>[] holder(JavaPairRDD<Integer, RatingCell[]> c) {
        JavaPairRDD<Integer, RatingCell[]>[] h = new JavaPairRDD[1];
        h[0] = c;
        return h;
    }

    /** Rating counts, sum and range of a grid of cells, summed in cell order. */
    private record Stats(long train, long held, double sum, float min, float max) {
    }

    private static Stats stats(JavaPairRDD<Integer, RatingCell[]> cells) {
        List<Tuple2<Integer, double[]>> per = new ArrayList<>(cells.mapValues(row -> {
            double[] s = new double[row.length * 5];
            for (int c = 0; c < row.length; c++) {
                RatingCell cell = row[c];
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                double sum = 0;
                for (float v : cell.ratings) {
                    sum += v;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                for (float v : cell.heldRatings) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                s[c * 5] = cell.ratings.length;
                s[c * 5 + 1] = cell.heldRatings.length;
                s[c * 5 + 2] = sum;
                s[c * 5 + 3] = lo;
                s[c * 5 + 4] = hi;
            }
            return s;
        }).collect());
        per.sort(Comparator.comparingInt(Tuple2::_1));
        long train = 0;
        long held = 0;
        double sum = 0;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (Tuple2<Integer, double[]> t : per) {
            double[] s = t._2();
            for (int c = 0; c < s.length / 5; c++) {
                train += (long) s[c * 5];
                held += (long) s[c * 5 + 1];
                sum += s[c * 5 + 2];
                lo = Math.min(lo, (float) s[c * 5 + 3]);
                hi = Math.max(hi, (float) s[c * 5 + 4]);
            }
        }
        return new Stats(train, held, sum, lo, hi);
    }

    /** The grid: per user block, its {@code p} cells by item block (empty cells included). */
    private static JavaPairRDD<Integer, RatingCell[]> cells(JavaRDD<Entry> entries, int p, double fraction, long seed,
                                                            Partitioner part) {
        return entries.mapToPair(e -> new Tuple2<>(e.user() % p, e))
                .partitionBy(part)
                .mapPartitionsToPair(it -> {
                    Map<Integer, List<List<Entry>>> byBlock = new HashMap<>();
                    while (it.hasNext()) {
                        Tuple2<Integer, Entry> t = it.next();
                        List<List<Entry>> row = byBlock.computeIfAbsent(t._1(), x -> {
                            List<List<Entry>> r = new ArrayList<>(p);
                            for (int c = 0; c < p; c++) {
                                r.add(new ArrayList<>());
                            }
                            return r;
                        });
                        row.get(t._2().item() % p).add(t._2());
                    }
                    List<Tuple2<Integer, RatingCell[]>> out = new ArrayList<>();
                    for (Map.Entry<Integer, List<List<Entry>>> b : byBlock.entrySet()) {
                        RatingCell[] row = new RatingCell[p];
                        for (int c = 0; c < p; c++) {
                            row[c] = RatingCell.build(b.getKey(), c, p, b.getValue().get(c), fraction, seed);
                        }
                        out.add(new Tuple2<>(b.getKey(), row));
                    }
                    return out.iterator();
                }, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** One training run (the validation split's or all ratings') for {@link TrainingLoop}. */
    private static final class Run implements TrainingLoop.Run {
        private final JavaSparkContext sc;
        final JavaPairRDD<Integer, RatingCell[]> cells;
        private final long n;
        private final long heldCount;
        private final int p;
        private final int k;
        final float mu;
        private final float lr0;
        private final float lrDecay;
        private final float reg;
        private final float regBias;
        private final long seed;
        private final Partitioner part;
        private final float minR;
        private final float maxR;
        private final boolean keepBest;
        private final int checkpointInterval;
        JavaPairRDD<Integer, SideBlock> users;
        JavaPairRDD<Integer, SideBlock> items;
        private JavaPairRDD<Integer, DsgdBlocks.Step> last;
        private JavaPairRDD<Integer, SideBlock> bestUsers;
        private JavaPairRDD<Integer, SideBlock> bestItems;
        private JavaPairRDD<Integer, DsgdBlocks.Step> bestLast;
        private final List<JavaPairRDD<?, ?>> initial = new ArrayList<>();

        Run(JavaSparkContext sc, JavaPairRDD<Integer, RatingCell[]> cells, Stats stats, int p, int nu, int ni, int k,
            Params params, Partitioner part, float minR, float maxR, boolean keepBest, int checkpointInterval) {
            this.sc = sc;
            this.cells = cells;
            this.n = stats.train;
            this.heldCount = stats.held;
            this.p = p;
            this.k = k;
            this.mu = stats.train > 0 ? (float) (stats.sum / stats.train) : 0f;
            this.lr0 = params.getFloat("learning-rate");
            this.lrDecay = params.getFloat("lr-decay");
            this.reg = params.getFloat("reg");
            this.regBias = params.getFloat("reg-bias");
            this.seed = params.getLong("seed");
            this.part = part;
            this.minR = minR;
            this.maxR = maxR;
            this.keepBest = keepBest;
            this.checkpointInterval = checkpointInterval;
            float std = params.getFloat("init-std");
            users = initial(sc, true, p, nu, k, std, seed, part);
            items = initial(sc, false, p, ni, k, std, seed, part);
            initial.add(users);
            initial.add(items);
            if (keepBest) {
                bestUsers = users;
                bestItems = items;
            }
        }

        private static JavaPairRDD<Integer, SideBlock> initial(JavaSparkContext sc, boolean users, int p, int n, int k,
                                                               float std, long seed, Partitioner part) {
            List<Integer> ids = new ArrayList<>();
            for (int b = 0; b < p; b++) {
                ids.add(b);
            }
            return sc.parallelize(ids, p).mapToPair(b -> new Tuple2<>(b, DsgdBlocks.init(users, b, p, n, k, std, seed)))
                    .partitionBy(part).persist(StorageLevel.MEMORY_AND_DISK());
        }

        @Override
        public double epoch(int epoch) {
            long t0 = System.nanoTime();
            float lr = (float) (lr0 * Math.pow(lrDecay, epoch - 1));
            double sq = 0;
            final int pp = p;
            final int kk = k;
            final float m = mu;
            final float rg = reg;
            final float rb = regBias;
            final long sd = seed;
            final int e = epoch - 1;
            boolean reliable = sc.getCheckpointDir().isPresent();
            for (int s = 0; s < p; s++) {
                final int shift = s;
                JavaPairRDD<Integer, Tuple2<Integer, SideBlock>> moved = items
                        .mapToPair(t -> new Tuple2<>(Math.floorMod(t._1() - shift, pp), new Tuple2<>(t._1(), t._2())))
                        .partitionBy(part);
                JavaPairRDD<Integer, DsgdBlocks.Step> step = users.join(cells).join(moved).mapValues(v -> {
                    SideBlock u = v._1()._1();
                    RatingCell cell = v._1()._2()[v._2()._1()];
                    return DsgdBlocks.step(u, v._2()._2(), cell, pp, kk, m, lr, rg, rb, sd, e);
                });
                step.persist(StorageLevel.MEMORY_AND_DISK());
                if (s == p - 1 && epoch % checkpointInterval == 0) {
                    if (reliable) {
                        step.checkpoint();
                    } else {
                        step.rdd().localCheckpoint();
                    }
                }
                List<Tuple2<Integer, Double>> sqs = new ArrayList<>(step.mapValues(DsgdBlocks.Step::sq).collect());
                sqs.sort(Comparator.comparingInt(Tuple2::_1));
                for (Tuple2<Integer, Double> t : sqs) {
                    sq += t._2();
                }
                release();
                last = step;
                users = step.mapValues(DsgdBlocks.Step::users);
                items = step.mapToPair(t -> new Tuple2<>(t._2().itemBlock(), t._2().items()));
            }
            LOG.debug("spark biased-mf: epoch {} in {} ms", epoch, (System.nanoTime() - t0) / 1_000_000);
            return Math.sqrt(sq / Math.max(1, n));
        }

        /** Unpersists the previous state unless it is the best one kept. */
        private void release() {
            if (last != null) {
                if (last != bestLast) {
                    last.unpersist(false);
                }
            } else {
                for (JavaPairRDD<?, ?> r : initial) {
                    if (!keepBest) {
                        r.unpersist(false);
                    }
                }
            }
        }

        @Override
        public double validate() {
            final int pp = p;
            final int kk = k;
            final float m = mu;
            final float lo = minR;
            final float hi = maxR;
            double sq = 0;
            for (int s = 0; s < p; s++) {
                final int shift = s;
                JavaPairRDD<Integer, Tuple2<Integer, SideBlock>> moved = items
                        .mapToPair(t -> new Tuple2<>(Math.floorMod(t._1() - shift, pp), new Tuple2<>(t._1(), t._2())))
                        .partitionBy(part);
                List<Tuple2<Integer, Double>> sqs = new ArrayList<>(users.join(cells).join(moved)
                        .mapValues(v -> DsgdBlocks.heldOutSq(v._1()._1(), v._2()._2(), v._1()._2()[v._2()._1()], kk, m,
                                lo, hi))
                        .collect());
                sqs.sort(Comparator.comparingInt(Tuple2::_1));
                for (Tuple2<Integer, Double> t : sqs) {
                    sq += t._2();
                }
            }
            return Math.sqrt(sq / Math.max(1, heldCount));
        }

        @Override
        public void improved(int epoch, double score) {
            if (keepBest) {
                if (bestLast != null && bestLast != last) {
                    bestLast.unpersist(false);
                }
                if (bestLast == null) {
                    for (JavaPairRDD<?, ?> r : initial) {
                        r.unpersist(false);
                    }
                }
                bestLast = last;
                bestUsers = users;
                bestItems = items;
            }
        }

        @Override
        public void keepBest() {
            if (!keepBest) {
                throw new IllegalStateException("this run was created without keepBest");
            }
            if (last != null && last != bestLast) {
                last.unpersist(false);
            }
            last = bestLast;
            users = bestUsers;
            items = bestItems;
        }
    }
}
