package dev.recsys.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.recsys.data.Aggregation;
import dev.recsys.data.Behavior;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.io.ColumnMapping;
import dev.recsys.spark.internal.Entry;
import dev.recsys.spark.internal.Weigher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads events from any Spark {@code Dataset<Row>} (Parquet, CSV, a table) into a
 * {@link SparkInteractions} with the core loaders' column mapping and matrix options: the columns
 * of a {@link ColumnMapping} ({@code user}, {@code item}, {@code behavior}, {@code value},
 * {@code time}; by name, matched ignoring case, or by 0-based position; a name ending in {@code ?}
 * optional), {@code fixed-behavior}, the behaviour weights and value transform
 * ({@link ColumnMapping#matrixOptions}), and the aggregation of {@link MatrixOptions} (sum, max or
 * last by time). Each event contributes {@link MatrixOptions#contribution}; behaviours of weight 0,
 * unknown behaviour names, rows without a user or item and ratings or reviews without a value are
 * left out (the core CSV loader rejects the last with the line number; a billion-row table is not
 * failed for one row).
 *
 * <p>Ids: a user or item column of an integral type gives numeric (long) ids, any other type is read
 * as text. The dictionaries are built distributed: distinct ids sorted, then numbered.
 *
 * <p>Not supported here (refused with the parameter named): time decay ({@code halfLifeSeconds > 0}).
 *
 * <p>Thread safety: stateless.
 */
public final class SparkEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SparkEvents.class);

    private SparkEvents() {
    }

    /**
     * Builds the matrix.
     *
     * @param events  the events
     * @param mapping which columns hold what ({@link ColumnMapping#defaults()}: user, item, behavior, value?, timestamp?)
     * @param options the matrix options (e.g. {@code mapping.matrixOptions(MatrixOptions.implicitDefaults())})
     * @throws IllegalArgumentException naming the column or option that cannot be used
     */
    public static SparkInteractions read(Dataset<Row> events, ColumnMapping mapping, MatrixOptions options) {
        if (events == null || mapping == null || options == null) {
            throw new IllegalArgumentException("events, mapping and options must not be null");
        }
        if (options.halfLifeSeconds() > 0) {
            throw new IllegalArgumentException("matrix options: time decay (half-life " + options.halfLifeSeconds()
                    + " s) is not supported by recsys-spark; use 0");
        }
        String[] names = events.columns();
        String user = resolve(names, mapping, ColumnMapping.Field.USER, true);
        String item = resolve(names, mapping, ColumnMapping.Field.ITEM, true);
        String behavior = resolve(names, mapping, ColumnMapping.Field.BEHAVIOR, false);
        String value = resolve(names, mapping, ColumnMapping.Field.VALUE, false);
        String time = resolve(names, mapping, ColumnMapping.Field.TIME, false);
        Behavior fixed = mapping.fixedBehavior();
        if (behavior == null && fixed == null) {
            throw new IllegalArgumentException("column mapping: no behavior column in " + List.of(names)
                    + " and no fixed-behavior");
        }
        if (options.aggregation() == Aggregation.LAST && time == null) {
            throw new IllegalArgumentException("matrix options: aggregation LAST needs a time column");
        }
        StructType schema = events.schema();
        boolean numericUsers = schema.apply(user).dataType() instanceof IntegralType;
        boolean numericItems = schema.apply(item).dataType() instanceof IntegralType;
        Weigher weigher = new Weigher(options);
        UserDefinedFunction weigh = functions.udf((UDF2<String, Float, Float>) weigher::weigh, DataTypes.FloatType)
                .asNondeterministic();
        Column b = behavior == null ? lit(fixed.name()) : col(behavior).cast(DataTypes.StringType);
        Column v = value == null ? lit(null).cast(DataTypes.FloatType) : col(value).cast(DataTypes.FloatType);
        List<Column> sel = new ArrayList<>(List.of(
                (numericUsers ? col(user).cast(DataTypes.LongType) : col(user).cast(DataTypes.StringType)).as("u"),
                (numericItems ? col(item).cast(DataTypes.LongType) : col(item).cast(DataTypes.StringType)).as("i"),
                weigh.apply(b, v).as("w")));
        if (options.aggregation() == Aggregation.LAST) {
            sel.add(timeColumn(col(time), schema.apply(time).dataType()).as("t"));
        }
        Dataset<Row> weighed = events.select(sel.toArray(new Column[0]))
                .where(col("u").isNotNull().and(col("i").isNotNull()).and(col("w").isNotNull()));
        Column agg = switch (options.aggregation()) {
            case SUM -> functions.sum(col("w")).cast(DataTypes.FloatType);
            case MAX -> functions.max(col("w"));
            case LAST -> functions.max_by(col("w"), col("t"));
        };
        Dataset<Row> pairs = weighed.groupBy(col("u"), col("i")).agg(agg.as("w"))
                .where(col("w").notEqual(lit(0f)));
        pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK());
        SparkSession spark = events.sparkSession();
        Dataset<Row> users = dictionary(spark, pairs, "u", numericUsers);
        Dataset<Row> items = dictionary(spark, pairs, "i", numericItems);
        Dataset<Row> joined = pairs.join(users.withColumnRenamed("id", "u").withColumnRenamed("idx", "ui"), "u")
                .join(items.withColumnRenamed("id", "i").withColumnRenamed("idx", "ii"), "i");
        JavaRDD<Entry> entries = joined.select("ui", "ii", "w").javaRDD()
                .map(r -> new Entry(r.getInt(0), r.getInt(1), r.getFloat(2)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long nnz = entries.count();
        pairs.unpersist();
        long nu = users.count();
        long ni = items.count();
        if (nu > Integer.MAX_VALUE - 8 || ni > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("events: " + nu + " users and " + ni + " items; at most "
                    + (Integer.MAX_VALUE - 8) + " of each");
        }
        if (nnz == 0) {
            throw new IllegalArgumentException("events: no event has a non-zero weight under behaviour weights "
                    + options.weightsText());
        }
        LOG.info("spark events: {} users, {} items, {} entries", nu, ni, nnz);
        return new SparkInteractions(entries, users, items, (int) nu, (int) ni, numericUsers, numericItems, options, nnz);
    }

    private static Column timeColumn(Column c, DataType type) {
        if (type instanceof IntegralType) {
            return c.cast(DataTypes.LongType);
        }
        return functions.unix_timestamp(c.cast(DataTypes.TimestampType));
    }

    /** Distinct ids, sorted, numbered from 0: columns {@code id}, {@code idx}. */
    private static Dataset<Row> dictionary(SparkSession spark, Dataset<Row> pairs, String column, boolean numeric) {
        Dataset<Row> ids = pairs.select(col(column).as("id")).distinct().orderBy(col("id"));
        JavaRDD<Row> numbered = ids.javaRDD().zipWithIndex().map(t -> RowFactory.create(t._1().get(0), (int) (long) t._2()));
        StructType schema = new StructType(new StructField[] {
                DataTypes.createStructField("id", numeric ? DataTypes.LongType : DataTypes.StringType, false),
                DataTypes.createStructField("idx", DataTypes.IntegerType, false)});
        Dataset<Row> dict = spark.createDataFrame(numbered, schema).persist(StorageLevel.MEMORY_AND_DISK());
        return dict;
    }

    /** The Dataset column for a mapping field, or null for an absent optional one. */
    private static String resolve(String[] names, ColumnMapping mapping, ColumnMapping.Field f, boolean required) {
        ColumnMapping.Column c = mapping.column(f);
        if (c == null) {
            if (required) {
                throw new IllegalArgumentException("column mapping: no " + f.key() + " column");
            }
            return null;
        }
        if (c.name() == null) {
            if (c.index() >= names.length) {
                throw new IllegalArgumentException("column mapping: " + f.key() + "=" + c.index() + " but the events have "
                        + names.length + " columns " + List.of(names));
            }
            return names[c.index()];
        }
        for (String n : names) {
            if (n.toLowerCase(Locale.ROOT).equals(c.name().toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        if (c.optional()) {
            return null;
        }
        throw new IllegalArgumentException("column mapping: " + f.key() + " column '" + c.name() + "' is not among "
                + List.of(names));
    }
}
