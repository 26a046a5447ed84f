package dev.recsys.spark;

import dev.recsys.data.MatrixOptions;
import dev.recsys.spark.internal.Entry;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A user x item matrix on Spark, as {@link SparkEvents#read} builds it: aggregated entries by dense
 * index, and the two id dictionaries ({@code id, idx}: the external id, long or string, and its dense
 * index, assigned in ascending id order so the same data gives the same indices whatever the
 * partitioning).
 *
 * <p>Thread safety: immutable; the Spark objects are lazily evaluated and cached.
 *
 * @param entries        one entry per (user, item) with a non-zero weight. Cached.
 * @param users          user dictionary: columns {@code id} and {@code idx} (int). Cached.
 * @param items          item dictionary: columns {@code id} and {@code idx} (int). Cached.
 * @param numUsers       users (all with at least one entry)
 * @param numItems       items (all with at least one entry)
 * @param numericUsers   whether user ids are longs (else strings)
 * @param numericItems   whether item ids are longs (else strings)
 * @param matrixOptions  how events became entries
 * @param nnz            number of entries
 */
public record SparkInteractions(JavaRDD<Entry> entries, Dataset<Row> users, Dataset<Row> items, int numUsers,
                                int numItems, boolean numericUsers, boolean numericItems, MatrixOptions matrixOptions,
                                long nnz) {
}
