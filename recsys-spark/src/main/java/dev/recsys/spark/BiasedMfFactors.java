package dev.recsys.spark;

import dev.recsys.spark.internal.InBlock;
import dev.recsys.spark.internal.SideBlock;
import dev.recsys.spi.Params;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * The parameters {@link DistributedBiasedMf} trained ({@code r(u, i) = mu + b_u + b_i + p_u . q_i}),
 * distributed: per block, the row-major factors and the biases of the block's rows (row {@code g}
 * of a side is local row {@code g / blocks} of block {@code g mod blocks}). Indices are those of
 * the {@link SparkInteractions} dictionaries. {@link ModelBundleExport#write(SparkInteractions,
 * BiasedMfFactors, java.nio.file.Path, boolean)} writes them as a {@code biased-mf} model bundle.
 *
 * <p>Thread safety: immutable (the RDDs are persisted; {@link #unpersist} releases them).
 */
public final class BiasedMfFactors {
    private final JavaPairRDD<Integer, SideBlock> users;
    private final JavaPairRDD<Integer, SideBlock> items;
    private final int blocks;
    private final int numUsers;
    private final int numItems;
    private final int k;
    private final Params params;
    private final float mu;
    private final float minRating;
    private final float maxRating;
    private final int epochs;
    private final double validationRmse;

    BiasedMfFactors(JavaPairRDD<Integer, SideBlock> users, JavaPairRDD<Integer, SideBlock> items, int blocks,
                    int numUsers, int numItems, int k, Params params, float mu, float minRating, float maxRating,
                    int epochs, double validationRmse) {
        this.users = users;
        this.items = items;
        this.blocks = blocks;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.k = k;
        this.params = params;
        this.mu = mu;
        this.minRating = minRating;
        this.maxRating = maxRating;
        this.epochs = epochs;
        this.validationRmse = validationRmse;
    }

    /** The {@code biased-mf} parameters trained with. */
    public Params params() {
        return params;
    }

    /** Latent factors k. */
    public int factors() {
        return k;
    }

    /** Number of blocks per side. */
    public int blocks() {
        return blocks;
    }

    /** Users. */
    public int numUsers() {
        return numUsers;
    }

    /** Items. */
    public int numItems() {
        return numItems;
    }

    /** The global mean {@code mu} (of the ratings of the final run). */
    public float globalMean() {
        return mu;
    }

    /** Smallest training rating (predictions are clamped to the range when served). */
    public float minRating() {
        return minRating;
    }

    /** Largest training rating. */
    public float maxRating() {
        return maxRating;
    }

    /** Epochs of the final model (chosen by early stopping when validating). */
    public int epochs() {
        return epochs;
    }

    /** Best validation RMSE (NaN without validation). */
    public double validationRmse() {
        return validationRmse;
    }

    /** User factors by global index. */
    public JavaPairRDD<Integer, float[]> userRows() {
        return rows(users, blocks, k).mapValues(Tuple2::_1);
    }

    /** Item factors by global index. */
    public JavaPairRDD<Integer, float[]> itemRows() {
        return rows(items, blocks, k).mapValues(Tuple2::_1);
    }

    /** User factors and bias by global index. */
    JavaPairRDD<Integer, Tuple2<float[], Float>> userRowsWithBias() {
        return rows(users, blocks, k);
    }

    /** Item factors and bias by global index. */
    JavaPairRDD<Integer, Tuple2<float[], Float>> itemRowsWithBias() {
        return rows(items, blocks, k);
    }

    private static JavaPairRDD<Integer, Tuple2<float[], Float>> rows(JavaPairRDD<Integer, SideBlock> byBlock, int p,
                                                                     int k) {
        return byBlock.flatMapToPair(t -> {
            int b = t._1();
            SideBlock s = t._2();
            int n = s.bias().length;
            List<Tuple2<Integer, Tuple2<float[], Float>>> out = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                out.add(new Tuple2<>(r * p + b, new Tuple2<>(Arrays.copyOfRange(s.factors(), r * k, r * k + k),
                        s.bias()[r])));
            }
            return out.iterator();
        });
    }

    /** All user factors on the driver, row-major in index order (small models and tests only). */
    public float[] collectUsers() {
        return collect(users, numUsers, k, false);
    }

    /** All item factors on the driver, row-major in index order. */
    public float[] collectItems() {
        return collect(items, numItems, k, false);
    }

    /** All user biases on the driver, in index order. */
    public float[] collectUserBiases() {
        return collect(users, numUsers, 1, true);
    }

    /** All item biases on the driver, in index order. */
    public float[] collectItemBiases() {
        return collect(items, numItems, 1, true);
    }

    private float[] collect(JavaPairRDD<Integer, SideBlock> byBlock, int n, int width, boolean bias) {
        float[] out = new float[Math.multiplyExact(n, width)];
        for (Tuple2<Integer, SideBlock> t : byBlock.collect()) {
            int b = t._1();
            float[] f = bias ? t._2().bias() : t._2().factors();
            int rows = InBlock.rowsIn(n, b, blocks);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(f, r * width, out, (r * blocks + b) * width, width);
            }
        }
        return out;
    }

    /** @throws IllegalStateException naming learning-rate if a parameter is not finite */
    void requireFinite() {
        long bad = users.values().union(items.values()).filter(s -> {
            for (float v : s.factors()) {
                if (!Float.isFinite(v)) {
                    return true;
                }
            }
            for (float v : s.bias()) {
                if (!Float.isFinite(v)) {
                    return true;
                }
            }
            return false;
        }).count();
        if (bad > 0 || !Float.isFinite(mu)) {
            throw new IllegalStateException("biased-mf on spark produced non-finite parameters in " + bad
                    + " blocks: lower learning-rate (now " + params.getFloat("learning-rate") + ")");
        }
    }

    /** Releases the cached parameters. */
    public void unpersist() {
        users.unpersist(false);
        items.unpersist(false);
    }
}
