package dev.recsys.spark;

import dev.recsys.spark.internal.InBlock;
import dev.recsys.spi.Params;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * The factors {@link DistributedIals} trained, distributed: per block, the row-major factors of the
 * block's rows (row {@code g} of a side is local row {@code g / blocks} of block {@code g mod blocks}).
 * Indices are those of the {@link SparkInteractions} dictionaries.
 *
 * <p>Thread safety: immutable (the RDDs are persisted; {@link #unpersist} releases them).
 */
public final class IalsFactors {
    private final JavaPairRDD<Integer, float[]> users;
    private final JavaPairRDD<Integer, float[]> items;
    private final int blocks;
    private final int numUsers;
    private final int numItems;
    private final int k;
    private final Params params;

    IalsFactors(JavaPairRDD<Integer, float[]> users, JavaPairRDD<Integer, float[]> items, int blocks, int numUsers,
                int numItems, int k, Params params) {
        this.users = users;
        this.items = items;
        this.blocks = blocks;
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.k = k;
        this.params = params;
    }

    /** The {@code ials} parameters trained with. */
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

    /** User factors by global index. */
    public JavaPairRDD<Integer, float[]> userRows() {
        return rows(users, blocks, k);
    }

    /** Item factors by global index. */
    public JavaPairRDD<Integer, float[]> itemRows() {
        return rows(items, blocks, k);
    }

    private static JavaPairRDD<Integer, float[]> rows(JavaPairRDD<Integer, float[]> byBlock, int p, int k) {
        return byBlock.flatMapToPair(t -> {
            int b = t._1();
            float[] f = t._2();
            List<Tuple2<Integer, float[]>> out = new ArrayList<>(f.length / k);
            for (int r = 0; r < f.length / k; r++) {
                out.add(new Tuple2<>(r * p + b, Arrays.copyOfRange(f, r * k, r * k + k)));
            }
            return out.iterator();
        });
    }

    /** All user factors on the driver, row-major in index order (small models and tests only). */
    public float[] collectUsers() {
        return collect(users, numUsers);
    }

    /** All item factors on the driver, row-major in index order. */
    public float[] collectItems() {
        return collect(items, numItems);
    }

    private float[] collect(JavaPairRDD<Integer, float[]> byBlock, int n) {
        float[] out = new float[Math.multiplyExact(n, k)];
        for (Tuple2<Integer, float[]> t : byBlock.collect()) {
            int b = t._1();
            float[] f = t._2();
            int rows = InBlock.rowsIn(n, b, blocks);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(f, r * k, out, (r * blocks + b) * k, k);
            }
        }
        return out;
    }

    /** @throws IllegalStateException naming alpha and reg if a factor is not finite */
    void requireFinite() {
        long bad = users.values().union(items.values()).filter(f -> {
            for (float v : f) {
                if (!Float.isFinite(v)) {
                    return true;
                }
            }
            return false;
        }).count();
        if (bad > 0) {
            throw new IllegalStateException("ials on spark produced non-finite factors in " + bad + " blocks: lower alpha"
                    + " (now " + params.getFloat("alpha") + ") or raise reg (now " + params.getFloat("reg") + ")");
        }
    }

    /** Releases the cached factors. */
    public void unpersist() {
        users.unpersist(false);
        items.unpersist(false);
    }
}
