package dev.recsys.spark;

import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.mf.ImplicitAls;
import dev.recsys.spark.internal.BlockSolver;
import dev.recsys.spark.internal.Entry;
import dev.recsys.spark.internal.FactorMessage;
import dev.recsys.spark.internal.InBlock;
import dev.recsys.spark.internal.OutBlock;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainingListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Implicit ALS ({@code ials}, the same parameters meaning the same things as
 * {@link dev.recsys.mf.ImplicitAls}) trained on Spark with the library's own row solver.
 *
 * <p>Layout (as MLlib's ALS): users and items are hash-partitioned into {@code blocks} blocks each
 * (row {@code g} in block {@code g mod blocks}); the entries are shuffled once per side into
 * in-blocks (the entries of a block's rows in CSR, columns pointing into the factors the block
 * receives) and out-blocks (which rows each block sends to which). A half-iteration (items, then
 * users, as on one machine) sends every source block's needed rows to each destination block
 * once, reduces the source side's Gram matrix once ({@code F^T F}, summed in block order on the
 * driver and broadcast), and solves every row of each destination block inside the executor with
 * {@link dev.recsys.mf.internal.ImplicitAlsSolver} (conjugate gradient warm-started from the
 * previous value, or Cholesky), exactly the single-machine row solve.
 *
 * <p>Determinism: initial factors are drawn per row from the seed, the side and the row's index;
 * entries of a row are solved in ascending index order; messages are concatenated in source-block
 * order; the Gram matrix is summed in block order. The same data, seed and number of blocks give
 * the same model bit for bit, whatever the number of executors or cores. Different numbers of
 * blocks differ only in the rounding of the Gram sum. The initial factors differ from the
 * single-machine trainer's (drawn in one sequence there), so the models agree in quality, not bits;
 * from the same initial factors they agree to float rounding.
 *
 * <p>Lineage: factors are persisted each half-iteration and checkpointed every
 * {@code checkpointInterval} iterations to the context's checkpoint directory if one is set
 * ({@code SparkContext.setCheckpointDir}), else locally ({@code localCheckpoint}).
 *
 * <p>Thread safety: immutable; {@link #train} may be called concurrently on one Spark session.
 */
public final class DistributedIals {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedIals.class);
    private final Params params;
    private final int blocks;
    private final int checkpointInterval;

    private DistributedIals(Params params, int blocks, int checkpointInterval) {
        this.params = params;
        this.blocks = blocks;
        this.checkpointInterval = checkpointInterval;
    }

    /**
     * A trainer.
     *
     * @param params {@code ials} parameters as text ({@code factors}, {@code iterations}, {@code alpha},
     *               {@code reg}, {@code reg-mode}, {@code solver}, {@code cg-steps}, {@code init-std}, {@code seed});
     *               {@code threads} is ignored (each block is solved by one executor core)
     * @param blocks number of user blocks and of item blocks (at least 1; usually 2-4 x the cores)
     * @throws IllegalArgumentException naming the bad parameter
     */
    public static DistributedIals of(Map<String, String> params, int blocks) {
        return of(params, blocks, 5);
    }

    /** As {@link #of(Map, int)}, checkpointing every {@code checkpointInterval} iterations (>= 1). */
    public static DistributedIals of(Map<String, String> params, int blocks, int checkpointInterval) {
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be >= 1, got " + blocks);
        }
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("checkpointInterval must be >= 1, got " + checkpointInterval);
        }
        Params p = Params.parse(new ImplicitAls().params(), params == null ? Map.of() : params);
        return new DistributedIals(p, blocks, checkpointInterval);
    }

    /** The parsed parameters. */
    public Params params() {
        return params;
    }

    /**
     * Trains on {@code data}.
     *
     * @param listener progress per iteration (stage {@code iteration}), on the driver; may be null
     * @throws IllegalStateException naming alpha and reg if a factor is not finite
     */
    public IalsFactors train(SparkInteractions data, TrainingListener listener) {
        return train(data, listener, null, null);
    }

    /** As {@link #train(SparkInteractions, TrainingListener)}, from given initial factors (global row order). */
    IalsFactors train(SparkInteractions data, TrainingListener listener, float[] initUsers, float[] initItems) {
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        int k = params.getInt("factors");
        int iterations = params.getInt("iterations");
        float alpha = params.getFloat("alpha");
        boolean countReg = params.getChoice("reg-mode").equals("count");
        float reg = countReg ? 0f : params.getFloat("reg");
        float regPerEntry = countReg ? params.getFloat("reg") : 0f;
        boolean cg = params.getChoice("solver").equals("cg");
        int cgSteps = params.getInt("cg-steps");
        float std = params.getFloat("init-std");
        long seed = params.getLong("seed");
        int nu = data.numUsers();
        int ni = data.numItems();
        int p = Math.max(1, Math.min(blocks, Math.min(nu, ni)));
        TrainingChecks.requireMemory(ImplicitAls.NAME + " on spark: the Gram matrices on the driver",
                TrainingChecks.bytes(8, k, k, p + 2L), "lower factors (now " + k + ")");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.entries().context());
        Partitioner part = new HashPartitioner(p);

        JavaPairRDD<Integer, InBlock> itemIn = inBlocks(data.entries(), false, p, ni, part);
        JavaPairRDD<Integer, InBlock> userIn = inBlocks(data.entries(), true, p, nu, part);
        JavaPairRDD<Integer, OutBlock> userOut = outBlocks(itemIn, part);
        JavaPairRDD<Integer, OutBlock> itemOut = outBlocks(userIn, part);
        long sentUsers = itemIn.values().map(b -> (long) b.gatheredRows()).reduce(Long::sum);
        long sentItems = userIn.values().map(b -> (long) b.gatheredRows()).reduce(Long::sum);
        LOG.info("spark ials: {} users, {} items, {} entries, {} blocks; per iteration {} user rows and {} item rows"
                + " shuffled ({} MB of factors)", nu, ni, data.nnz(), p, sentUsers, sentItems,
                (sentUsers + sentItems) * 4L * k / 1_000_000);

        JavaPairRDD<Integer, float[]> users = initial(sc, true, p, nu, k, std, seed, initUsers, part);
        JavaPairRDD<Integer, float[]> items = initial(sc, false, p, ni, k, std, seed, initItems, part);
        boolean reliable = sc.getCheckpointDir().isPresent();
        for (int it = 0; it < iterations; it++) {
            long t0 = System.nanoTime();
            boolean checkpoint = (it + 1) % checkpointInterval == 0 || it == iterations - 1;
            JavaPairRDD<Integer, float[]> newItems = half(sc, users, userOut, itemIn, items, k, reg, regPerEntry, alpha,
                    cg, cgSteps);
            mark(newItems, checkpoint, reliable);
            JavaPairRDD<Integer, float[]> newUsers = half(sc, newItems, itemOut, userIn, users, k, reg, regPerEntry,
                    alpha, cg, cgSteps);
            mark(newUsers, checkpoint, reliable);
            newUsers.count();
            items.unpersist(false);
            users.unpersist(false);
            items = newItems;
            users = newUsers;
            LOG.debug("spark ials: iteration {} in {} ms", it + 1, (System.nanoTime() - t0) / 1_000_000);
            l.onProgress("iteration", it + 1, iterations, Map.of());
        }
        IalsFactors out = new IalsFactors(users, items, p, nu, ni, k, params);
        out.requireFinite();
        itemIn.unpersist(false);
        userIn.unpersist(false);
        userOut.unpersist(false);
        itemOut.unpersist(false);
        return out;
    }

    private static void mark(JavaPairRDD<Integer, float[]> rdd, boolean checkpoint, boolean reliable) {
        rdd.persist(StorageLevel.MEMORY_AND_DISK());
        if (checkpoint) {
            if (reliable) {
                rdd.checkpoint();
            } else {
                rdd.rdd().localCheckpoint();
            }
        }
    }

    /** The in-blocks of one side ({@code byUser}: the user side, columns items). */
    private static JavaPairRDD<Integer, InBlock> inBlocks(JavaRDD<Entry> entries, boolean byUser, int p, int n,
                                                          Partitioner part) {
        return entries.mapToPair(e -> new Tuple2<>((byUser ? e.user() : e.item()) % p, e))
                .partitionBy(part)
                .mapPartitionsToPair(it -> {
                    Map<Integer, List<Entry>> byBlock = new HashMap<>();
                    while (it.hasNext()) {
                        Tuple2<Integer, Entry> t = it.next();
                        byBlock.computeIfAbsent(t._1(), x -> new ArrayList<>()).add(t._2());
                    }
                    List<Tuple2<Integer, InBlock>> out = new ArrayList<>();
                    for (Map.Entry<Integer, List<Entry>> b : byBlock.entrySet()) {
                        List<Entry> es = b.getValue();
                        int c = es.size();
                        int[] own = new int[c];
                        int[] other = new int[c];
                        float[] w = new float[c];
                        for (int q = 0; q < c; q++) {
                            Entry e = es.get(q);
                            own[q] = byUser ? e.user() : e.item();
                            other[q] = byUser ? e.item() : e.user();
                            w[q] = e.weight();
                        }
                        out.add(new Tuple2<>(b.getKey(), InBlock.build(b.getKey(), p, n, own, other, w, c)));
                    }
                    return out.iterator();
                }, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The out-blocks of the other side, derived from this side's in-blocks. */
    private static JavaPairRDD<Integer, OutBlock> outBlocks(JavaPairRDD<Integer, InBlock> in, Partitioner part) {
        return in.flatMapToPair(t -> {
            List<Tuple2<Integer, Tuple2<Integer, int[]>>> out = new ArrayList<>();
            InBlock b = t._2();
            for (int s = 0; s < b.srcBlocks.length; s++) {
                out.add(new Tuple2<>(b.srcBlocks[s], new Tuple2<>(t._1(), b.srcLocals[s])));
            }
            return out.iterator();
        }).groupByKey(part).mapValues(list -> {
            List<Tuple2<Integer, int[]>> l = new ArrayList<>();
            list.forEach(l::add);
            l.sort(Comparator.comparingInt(Tuple2::_1));
            int[] dst = new int[l.size()];
            int[][] locals = new int[l.size()][];
            for (int q = 0; q < dst.length; q++) {
                dst[q] = l.get(q)._1();
                locals[q] = l.get(q)._2();
            }
            return new OutBlock(dst, locals);
        }).persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static JavaPairRDD<Integer, float[]> initial(JavaSparkContext sc, boolean users, int p, int n, int k,
                                                         float std, long seed, float[] given, Partitioner part) {
        List<Integer> ids = new ArrayList<>();
        for (int b = 0; b < p; b++) {
            ids.add(b);
        }
        Broadcast<float[]> g = given == null ? null : sc.broadcast(given);
        return sc.parallelize(ids, p).mapToPair(b -> {
            if (g == null) {
                return new Tuple2<>(b, BlockSolver.init(users, b, p, n, k, std, seed));
            }
            int rows = InBlock.rowsIn(n, b, p);
            float[] f = new float[rows * k];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(g.value(), (r * p + b) * k, f, r * k, k);
            }
            return new Tuple2<>(b, f);
        }).partitionBy(part).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Solves the destination side against the source side's factors. */
    private static JavaPairRDD<Integer, float[]> half(JavaSparkContext sc, JavaPairRDD<Integer, float[]> src,
                                                      JavaPairRDD<Integer, OutBlock> srcOut,
                                                      JavaPairRDD<Integer, InBlock> dstIn,
                                                      JavaPairRDD<Integer, float[]> dst, int k, float reg,
                                                      float regPerEntry, float alpha, boolean cg, int cgSteps) {
        List<Tuple2<Integer, float[]>> parts = new ArrayList<>(src.mapValues(f -> BlockSolver.partialGram(f, k)).collect());
        parts.sort(Comparator.comparingInt(Tuple2::_1));
        List<float[]> ordered = new ArrayList<>();
        for (Tuple2<Integer, float[]> t : parts) {
            ordered.add(t._2());
        }
        Broadcast<float[]> gram = sc.broadcast(BlockSolver.sumGram(ordered, k, reg));
        JavaPairRDD<Integer, FactorMessage> messages = src.join(srcOut).flatMapToPair(t -> {
            int s = t._1();
            float[] f = t._2()._1();
            OutBlock o = t._2()._2();
            List<Tuple2<Integer, FactorMessage>> out = new ArrayList<>(o.dst().length);
            for (int q = 0; q < o.dst().length; q++) {
                out.add(new Tuple2<>(o.dst()[q], new FactorMessage(s, BlockSolver.gather(f, o.locals()[q], k))));
            }
            Iterator<Tuple2<Integer, FactorMessage>> it = out.iterator();
            return it;
        });
        // a block without entries (possible when a side has few rows per block) keeps all-zero rows, as a row
        // without entries gets on one machine
        return dst.leftOuterJoin(dstIn.join(messages.groupByKey(dstIn.partitioner().get())))
                .mapValues(v -> v._2().isPresent()
                        ? BlockSolver.solve(v._2().get()._1(), v._2().get()._2(), v._1(), gram.value(), k, alpha,
                        regPerEntry, cg, cgSteps)
                        : new float[v._1().length]);
    }
}
