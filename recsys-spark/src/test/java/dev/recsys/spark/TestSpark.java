package dev.recsys.spark;

import dev.recsys.data.InteractionMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** One local[2] Spark session for every test class of the module (a session takes ~20 s to start). */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            try {
                Path cp = Files.createTempDirectory("recsys-spark-checkpoints");
                session = SparkSession.builder().master("local[2]").appName("recsys-spark-test")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "4")
                        .config("spark.driver.host", "127.0.0.1")
                        .getOrCreate();
                session.sparkContext().setCheckpointDir(cp.toString());
                session.sparkContext().setLogLevel("WARN");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return session;
    }

    /** The entries of {@code m} as events {@code user, item, behavior=rating, value=weight} with numeric ids. */
    static Dataset<Row> asEvents(InteractionMatrix m) {
        List<Row> rows = new ArrayList<>();
        for (int u = 0; u < m.rows(); u++) {
            for (int p = m.rowPtr()[u]; p < m.rowPtr()[u + 1]; p++) {
                rows.add(RowFactory.create((long) u, (long) m.colIdx()[p], "rating", m.values()[p]));
            }
        }
        StructType schema = new StructType(new StructField[] {
                DataTypes.createStructField("user", DataTypes.LongType, false),
                DataTypes.createStructField("item", DataTypes.LongType, false),
                DataTypes.createStructField("behavior", DataTypes.StringType, false),
                DataTypes.createStructField("value", DataTypes.FloatType, false)});
        return session().createDataFrame(rows, schema);
    }

    /** {@code m} without empty rows and columns (Spark dictionaries hold only ids with entries). */
    static InteractionMatrix compact(InteractionMatrix m) {
        int[] colMap = new int[m.cols()];
        java.util.Arrays.fill(colMap, -1);
        for (int p = 0; p < m.nnz(); p++) {
            colMap[m.colIdx()[p]] = 0;
        }
        int nc = 0;
        for (int c = 0; c < colMap.length; c++) {
            if (colMap[c] == 0) {
                colMap[c] = nc++;
            }
        }
        int nr = 0;
        for (int u = 0; u < m.rows(); u++) {
            if (m.rowLength(u) > 0) {
                nr++;
            }
        }
        int[] ptr = new int[nr + 1];
        int[] col = new int[m.nnz()];
        float[] val = new float[m.nnz()];
        int r = 0;
        int q = 0;
        for (int u = 0; u < m.rows(); u++) {
            if (m.rowLength(u) == 0) {
                continue;
            }
            for (int p = m.rowPtr()[u]; p < m.rowPtr()[u + 1]; p++) {
                col[q] = colMap[m.colIdx()[p]];
                val[q] = m.values()[p];
                q++;
            }
            ptr[++r] = q;
        }
        return new InteractionMatrix(nr, nc, ptr, col, val);
    }
}
