package dev.recsys.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Taobao-like synthetic events generated on Spark, for scale runs: columns {@code user} and
 * {@code item} (long), {@code behavior} ({@code pv}, {@code cart}, {@code fav}, {@code buy} in
 * Taobao's proportions 89.5 / 5.5 / 2.9 / 2.1 %) and {@code timestamp} (epoch seconds over nine days).
 * Users' activity and items' popularity follow power laws (user {@code floor(U r^2)}, item
 * {@code floor(I r^3)} for uniform r); 70 % of a user's events fall into one of 50 taste
 * clusters of items (by user), so collaborative models have something to learn.
 *
 * <p>The same arguments give the same events (Spark's seeded {@code rand} over a fixed number of
 * partitions).
 *
 * <p>Thread safety: stateless.
 */
public final class SyntheticEvents {
    private static final int CLUSTERS = 50;

    private SyntheticEvents() {
    }

    /**
     * The events (lazy; write them with {@code .write().parquet(path)}).
     *
     * @throws IllegalArgumentException naming a count that is not positive
     */
    public static Dataset<Row> generate(SparkSession spark, long events, long users, long items, long seed,
                                        int partitions) {
        if (events < 1 || users < 1 || items < CLUSTERS || partitions < 1) {
            throw new IllegalArgumentException("events, users and partitions must be >= 1 and items >= " + CLUSTERS
                    + ", got " + events + ", " + users + ", " + items + ", " + partitions);
        }
        long perCluster = items / CLUSTERS;
        Dataset<Row> d = spark.range(0, events, 1, partitions)
                .withColumn("user", floor(pow(rand(seed), 2).multiply(users)).cast(DataTypes.LongType))
                .withColumn("r", rand(seed + 1))
                .withColumn("b", rand(seed + 2))
                .withColumn("c", rand(seed + 3));
        Column cluster = pmod(xxhash64(col("user")), lit(CLUSTERS));
        Column inCluster = cluster.multiply(perCluster)
                .plus(floor(pow(col("r"), 2).multiply(perCluster)));
        Column global = floor(pow(col("r"), 3).multiply(items));
        return d.select(col("user"),
                when(col("c").lt(0.7), inCluster).otherwise(global).cast(DataTypes.LongType).as("item"),
                when(col("b").lt(0.021), lit("buy")).when(col("b").lt(0.05), lit("fav"))
                        .when(col("b").lt(0.105), lit("cart")).otherwise(lit("pv")).as("behavior"),
                lit(1_511_539_200L).plus(col("id").multiply(777_600L).divide(events).cast(DataTypes.LongType))
                        .as("timestamp"));
    }
}
