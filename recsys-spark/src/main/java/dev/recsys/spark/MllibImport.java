package dev.recsys.spark;

import dev.recsys.data.MatrixOptions;
import dev.recsys.mf.ImplicitAls;
import dev.recsys.serving.ModelMetadata;
import dev.recsys.spark.internal.BundleRow;
import dev.recsys.spi.Params;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Turns an MLlib {@code ALSModel} directory (its metadata and the Parquet user and item factors) into
 * a recsys {@code ials} {@link dev.recsys.modelfile.ModelBundles model bundle}, so a shop that already
 * trains MLlib ALS can serve with the embedded engine and compare.
 *
 * <p>Parameters do not all mean the same: MLlib's confidence is the same {@code 1 + alpha * r}, but
 * its regularisation of a row is {@code regParam} times the row's number of entries, recsys's a
 * fixed {@code reg}; {@link #recsysReg} gives the fixed value that matches on average
 * ({@code regParam x mean entries per row}); {@link #writeExact} keeps MLlib's objective instead
 * ({@code reg = regParam}, {@code reg-mode=count}). The bundle's {@code reg} is used when a user is folded
 * in; {@code alpha} likewise. Ids are MLlib's int ids (numeric ids in the bundle); the item
 * popularity is not in an ALSModel and is 0.
 *
 * <p>Thread safety: stateless.
 */
public final class MllibImport {
    private MllibImport() {
    }

    /** The recsys {@code reg} matching MLlib's {@code regParam} for rows of {@code meanEntriesPerRow} entries. */
    public static double recsysReg(double regParam, double meanEntriesPerRow) {
        if (!(regParam >= 0) || !(meanEntriesPerRow > 0)) {
            throw new IllegalArgumentException("regParam must be >= 0 and meanEntriesPerRow > 0, got " + regParam + ", "
                    + meanEntriesPerRow);
        }
        return regParam * meanEntriesPerRow;
    }

    /**
     * Writes the bundle.
     *
     * @param modelDir    the directory {@code ALSModel.save} wrote
     * @param bundleDir   the bundle directory (created; must be empty or absent)
     * @param alpha       MLlib's {@code alpha} (implicit preferences)
     * @param reg         the recsys {@code reg} (see {@link #recsysReg})
     * @param userFactors whether to include user factors (else users are folded in on request)
     * @throws IllegalArgumentException naming the bad argument
     */
    public static void write(String modelDir, Path bundleDir, double alpha, double reg, boolean userFactors) {
        write(modelDir, bundleDir, alpha, reg, false, userFactors);
    }

    /**
     * Writes the bundle with MLlib's own regularisation: {@code reg = regParam} and
     * {@code reg-mode=count} (a row's reg times its positive entries, as MLlib's implicit ALS), so a
     * user folded in on request is solved exactly as MLlib solved its users.
     *
     * @param modelDir    the directory {@code ALSModel.save} wrote
     * @param bundleDir   the bundle directory (created; must be empty or absent)
     * @param alpha       MLlib's {@code alpha} (implicit preferences)
     * @param regParam    MLlib's {@code regParam}
     * @param userFactors whether to include user factors (else users are folded in on request)
     * @throws IllegalArgumentException naming the bad argument
     */
    public static void writeExact(String modelDir, Path bundleDir, double alpha, double regParam, boolean userFactors) {
        write(modelDir, bundleDir, alpha, regParam, true, userFactors);
    }

    private static void write(String modelDir, Path bundleDir, double alpha, double reg, boolean countReg,
                              boolean userFactors) {
        ALSModel model = ALSModel.load(modelDir);
        int k = model.rank();
        Params params = Params.parse(new ImplicitAls().params(), Map.of("factors", Integer.toString(k),
                "alpha", Double.toString(alpha), "reg", Double.toString(reg), "reg-mode", countReg ? "count" : "fixed"));
        Dataset<Row> items = model.itemFactors();
        Dataset<Row> users = model.userFactors();
        long ni = items.count();
        long nu = users.count();
        JavaPairRDD<Integer, BundleRow> itemRows = rows(items, k, false);
        JavaPairRDD<Integer, BundleRow> userRows = userFactors ? rows(users, k, true) : null;
        ModelMetadata meta = new ModelMetadata(ImplicitAls.NAME, params, 0L, ModelMetadata.currentLibraryVersion(),
                Instant.now(), MatrixOptions.implicitDefaults(), 0.0);
        ModelBundleExport.writeFactorBundle(bundleDir, meta, k, (float) alpha, (float) reg, userRows, (int) nu, true,
                itemRows, (int) ni, true, dev.recsys.modelfile.ModelBundles.MAX_PART_BYTES);
    }

    /** Rows by dense index (ids in ascending order). */
    private static JavaPairRDD<Integer, BundleRow> rows(Dataset<Row> factors, int k, boolean users) {
        return factors.orderBy("id").javaRDD().zipWithIndex().mapToPair(t -> {
            Row r = t._1();
            List<Float> f = r.getList(1);
            float[] v = new float[k];
            for (int q = 0; q < k; q++) {
                v[q] = f.get(q);
            }
            return new Tuple2<>((int) (long) t._2(), new BundleRow((long) r.getInt(0), v, 0f, users ? 1 : 0, 0L));
        });
    }
}
