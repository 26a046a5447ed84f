package dev.recsys.spark;

import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.rows.FactorRows;
import dev.recsys.mf.BiasedMf;
import dev.recsys.mf.ImplicitAls;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.modelfile.ModelBundles;
import dev.recsys.serving.ModelMetadata;
import dev.recsys.spark.internal.BundleRow;
import dev.recsys.spark.internal.PartGroups;
import dev.recsys.spark.internal.PartWriting;
import dev.recsys.spi.Params;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Writes a trained {@code ials} or {@code biased-mf} model as a sharded {@link ModelBundles model bundle} that
 * {@link dev.recsys.modelfile.ModelFiles#load} (and so the scene engine) loads: the item factors,
 * item ids and popularity (number of users per item), and optionally the user factors, user ids
 * and the fingerprints of the users' training rows. Without user factors the bundle has no users:
 * the engine folds every user in from the events of the request (the events it recorded).
 *
 * <p>Executors write the large parts (one range of rows per Spark partition, at most
 * {@value ModelBundles#MAX_PART_BYTES} bytes each) straight into the output directory, so it must be a
 * path the driver and every executor see (local mode, a shared mount); the driver writes the small
 * parts and the manifest last.
 *
 * <p>User factors of an {@code ials} bundle with more than {@code Integer.MAX_VALUE / k} users (more
 * than one Java array) are written with the count {@link FactorRows#LARGE_COUNT}:
 * {@code ModelFiles.load} reads them memory-mapped (its default), never onto the heap. A
 * {@code biased-mf} bundle's user factors are loaded onto the heap and limited to one array.
 *
 * <p>Thread safety: stateless.
 */
public final class ModelBundleExport {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBundleExport.class);
    /** The payload tag and version of {@code ImplicitFactorModel} (recsys-mf). */
    private static final String IALS_TAG = "implicit-factors";
    private static final int IALS_VERSION = 1;
    /** The payload tag and version of {@code BiasedFactorModel} (recsys-mf). */
    private static final String BIASED_TAG = "biased-factors";
    private static final int BIASED_VERSION = 1;

    private ModelBundleExport() {
    }

    /**
     * Writes the bundle of a distributed iALS model into {@code dir} (created; must be empty or absent).
     *
     * @param data        the matrix it was trained on (dictionaries, fingerprints, popularity)
     * @param userFactors whether to include user factors (else every user is folded in on request)
     * @throws IllegalArgumentException if {@code dir} is not empty
     * @throws UncheckedIOException     if writing fails
     */
    public static void write(SparkInteractions data, IalsFactors factors, Path dir, boolean userFactors) {
        write(data, factors, dir, userFactors, ModelBundles.MAX_PART_BYTES);
    }

    /** As {@link #write(SparkInteractions, IalsFactors, Path, boolean)} with parts of at most {@code maxPartBytes}. */
    public static void write(SparkInteractions data, IalsFactors factors, Path dir, boolean userFactors,
                             long maxPartBytes) {
        int k = factors.factors();
        JavaPairRDD<Integer, Float> popularity = data.entries()
                .mapToPair(e -> new Tuple2<>(e.item(), 1f)).reduceByKey(Float::sum);
        // rows without entries (possible when the entries are a subset of the dictionaries' data) get
        // popularity 0 and fingerprint count 0 (unknown: folded in on request)
        JavaPairRDD<Integer, BundleRow> items = factors.itemRows().join(ids(data.items())).leftOuterJoin(popularity)
                .mapValues(v -> new BundleRow(v._1()._2(), v._1()._1(), v._2().orElse(0f), 0, 0L));
        JavaPairRDD<Integer, BundleRow> users = null;
        if (userFactors) {
            JavaPairRDD<Integer, Tuple2<Integer, Long>> fp = fingerprints(data);
            users = factors.userRows().join(ids(data.users())).leftOuterJoin(fp)
                    .mapValues(v -> new BundleRow(v._1()._2(), v._1()._1(), 0f, v._2().isPresent() ? v._2().get()._1() : 0,
                            v._2().isPresent() ? v._2().get()._2() : 0L));
        }
        Params p = factors.params();
        ModelMetadata meta = new ModelMetadata(ImplicitAls.NAME, p, p.getLong("seed"),
                ModelMetadata.currentLibraryVersion(), Instant.now(), data.matrixOptions(), 0.0);
        writeFactorBundle(dir, meta, k, p.getFloat("alpha"), p.getFloat("reg"), users, data.numUsers(),
                data.numericUsers(), items, data.numItems(), data.numericItems(), maxPartBytes);
    }

    /**
     * Writes the bundle of a distributed {@code biased-mf} model into {@code dir} (created; must be
     * empty or absent): the {@code biased-mf} payload ({@code BiasedFactorModel}: global mean, rating
     * range, fold-in regularisation {@code reg} and {@code reg-bias}, biases and factors), the ids,
     * item popularity (number of ratings) and, with {@code userFactors}, the user factors, biases
     * and fingerprints. Without user factors every user is folded in on request from their ratings.
     *
     * @param data        the ratings it was trained on (dictionaries, fingerprints, popularity)
     * @param userFactors whether to include user factors and biases
     * @throws IllegalArgumentException if {@code dir} is not empty or the users are too many for user factors
     * @throws UncheckedIOException     if writing fails
     */
    public static void write(SparkInteractions data, BiasedMfFactors factors, Path dir, boolean userFactors) {
        write(data, factors, dir, userFactors, ModelBundles.MAX_PART_BYTES);
    }

    /** As {@link #write(SparkInteractions, BiasedMfFactors, Path, boolean)} with parts of at most {@code maxPartBytes}. */
    public static void write(SparkInteractions data, BiasedMfFactors factors, Path dir, boolean userFactors,
                             long maxPartBytes) {
        int k = factors.factors();
        JavaPairRDD<Integer, Float> popularity = data.entries()
                .mapToPair(e -> new Tuple2<>(e.item(), 1f)).reduceByKey(Float::sum);
        JavaPairRDD<Integer, BundleRow> items = factors.itemRowsWithBias().join(ids(data.items()))
                .leftOuterJoin(popularity)
                .mapValues(v -> new BundleRow(v._1()._2(), v._1()._1()._1(), v._2().orElse(0f), 0, 0L,
                        v._1()._1()._2()));
        JavaPairRDD<Integer, BundleRow> users = null;
        if (userFactors) {
            users = factors.userRowsWithBias().join(ids(data.users())).leftOuterJoin(fingerprints(data))
                    .mapValues(v -> new BundleRow(v._1()._2(), v._1()._1()._1(), 0f,
                            v._2().isPresent() ? v._2().get()._1() : 0, v._2().isPresent() ? v._2().get()._2() : 0L,
                            v._1()._1()._2()));
        }
        Params p = factors.params();
        ModelMetadata meta = new ModelMetadata(BiasedMf.NAME, p, p.getLong("seed"),
                ModelMetadata.currentLibraryVersion(), Instant.now(), data.matrixOptions(), 0.0);
        int numUsers = data.numUsers();
        int numItems = data.numItems();
        checkShape(maxPartBytes, numItems, k);
        int bundleUsers = users == null ? 0 : numUsers;
        if ((long) bundleUsers * k > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("userFactors: " + numUsers + " users x " + k + " factors do not fit one"
                    + " model payload; leave user factors out (users are then folded in on request)");
        }
        prepare(dir);
        long maxBody = maxPartBytes - ModelBundles.PART_OVERHEAD;
        String d = dir.toAbsolutePath().toString();
        try {
            List<PartWriting.Written> itemParts = writeRows(items, numItems, d, "item", false, true, k, maxBody);
            List<PartWriting.Written> userParts = users == null ? List.of()
                    : writeRows(users, numUsers, d, "user", true, true, k, maxBody);
            // the payload of BiasedFactorModel.save: shape, rating terms (user biases last), item biases,
            // user factors, item factors, fingerprints
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            BinaryModelOutput h = new BinaryModelOutput(head);
            h.writeString(BIASED_TAG);
            h.writeInt(BIASED_VERSION);
            h.writeInt(k);
            h.writeInt(bundleUsers);
            h.writeInt(numItems);
            h.writeFloat(factors.globalMean());
            h.writeFloat(factors.minRating());
            h.writeFloat(factors.maxRating());
            h.writeFloat(p.getFloat("reg"));
            h.writeFloat(p.getFloat("reg-bias"));
            h.writeInt(bundleUsers);
            h.flush();
            List<ModelBundles.Part> model = new ArrayList<>();
            model.add(ModelBundles.writePart(dir, "model-00-head", head.toByteArray()));
            model.addAll(of(userParts, "biases"));
            model.add(ModelBundles.writePart(dir, "model-01-item-biases", intBytes(numItems)));
            model.addAll(of(itemParts, "biases"));
            model.add(ModelBundles.writePart(dir, "model-02-users", intBytes(bundleUsers * k)));
            model.addAll(of(userParts, "factors"));
            model.add(ModelBundles.writePart(dir, "model-03-items", intBytes(numItems * k)));
            model.addAll(of(itemParts, "factors"));
            model.add(ModelBundles.writePart(dir, "model-04-counts", intBytes(bundleUsers)));
            model.addAll(of(userParts, "counts"));
            model.add(ModelBundles.writePart(dir, "model-05-hashes", intBytes(bundleUsers)));
            model.addAll(of(userParts, "hashes"));
            finish(dir, meta, bundleUsers, numItems, data.numericUsers(), data.numericItems(), userParts, itemParts,
                    model);
        } catch (IOException e) {
            throw new UncheckedIOException("writing model bundle " + dir, e);
        }
    }

    /** Per user: number of entries and the order-independent hash of the row ({@code Fingerprints}). */
    private static JavaPairRDD<Integer, Tuple2<Integer, Long>> fingerprints(SparkInteractions data) {
        return data.entries()
                .mapToPair(e -> new Tuple2<>(e.user(), new Tuple2<>(1,
                        Fingerprints.hash(new int[] {e.item()}, new float[] {e.weight()}, 0, 1))))
                .reduceByKey((a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2()));
    }

    /** Writes the id and popularity streams and the manifest. */
    /** The part size, and item factors that fit one array (the engine holds them in memory). */
    private static void checkShape(long maxPartBytes, int numItems, int k) {
        if (maxPartBytes < 4096 || maxPartBytes > ModelBundles.MAX_PART_BYTES) {
            throw new IllegalArgumentException("maxPartBytes must be in [4096, " + ModelBundles.MAX_PART_BYTES + "], got "
                    + maxPartBytes);
        }
        if ((long) numItems * k > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("items: " + numItems + " items x " + k + " factors do not fit one array;"
                    + " the engine holds item factors in memory");
        }
    }

    private static void finish(Path dir, ModelMetadata meta, int bundleUsers, int numItems, boolean numericUsers,
                               boolean numericItems, List<PartWriting.Written> userParts,
                               List<PartWriting.Written> itemParts, List<ModelBundles.Part> model) throws IOException {
        Map<String, List<ModelBundles.Part>> streams = new LinkedHashMap<>();
        List<ModelBundles.Part> userIds = new ArrayList<>(of(userParts, "ids"));
        if (userIds.isEmpty()) {
            userIds.add(ModelBundles.writePart(dir, "user-ids-none", new byte[0]));
        }
        streams.put(ModelBundles.USER_IDS, userIds);
        streams.put(ModelBundles.ITEM_IDS, of(itemParts, "ids"));
        streams.put(ModelBundles.POPULARITY, of(itemParts, "popularity"));
        streams.put(ModelBundles.MODEL, model);
        ModelBundles.writeManifest(dir, meta, bundleUsers, numItems, numericUsers, numericItems, streams);
        LOG.info("model bundle {}: {} users, {} items, {} parts", dir, bundleUsers, numItems,
                streams.values().stream().mapToInt(List::size).sum());
    }

    /** {@code idx -> id} of a dictionary with columns {@code id, idx}. */
    static JavaPairRDD<Integer, Object> ids(Dataset<Row> dictionary) {
        return dictionary.select("idx", "id").javaRDD().mapToPair(r -> new Tuple2<>(r.getInt(0), r.get(1)));
    }

    /**
     * Writes an {@code ials} bundle from rows by dense index.
     *
     * @param users rows of the users, or null to leave user factors out
     */
    static void writeFactorBundle(Path dir, ModelMetadata meta, int k, float alpha, float reg,
                                  JavaPairRDD<Integer, BundleRow> users, int numUsers, boolean numericUsers,
                                  JavaPairRDD<Integer, BundleRow> items, int numItems, boolean numericItems,
                                  long maxPartBytes) {
        checkShape(maxPartBytes, numItems, k);
        int bundleUsers = users == null ? 0 : numUsers;
        long userFloats = (long) bundleUsers * k;
        prepare(dir);
        long maxBody = maxPartBytes - ModelBundles.PART_OVERHEAD;
        String d = dir.toAbsolutePath().toString();
        try {
            List<PartWriting.Written> itemParts = writeRows(items, numItems, d, "item", false, false, k, maxBody);
            List<PartWriting.Written> userParts = users == null ? List.of()
                    : writeRows(users, numUsers, d, "user", true, false, k, maxBody);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            BinaryModelOutput h = new BinaryModelOutput(head);
            h.writeString(IALS_TAG);
            h.writeInt(IALS_VERSION);
            h.writeInt(k);
            h.writeInt(bundleUsers);
            h.writeInt(numItems);
            h.writeFloat(alpha);
            h.writeFloat(reg);
            h.writeInt(userFloats > FactorRows.MAX_ARRAY ? FactorRows.LARGE_COUNT : (int) userFloats);
            h.flush();
            List<ModelBundles.Part> model = new ArrayList<>();
            model.add(ModelBundles.writePart(dir, "model-00-head", head.toByteArray()));
            model.addAll(of(userParts, "factors"));
            model.add(ModelBundles.writePart(dir, "model-01-items", intBytes(numItems * k)));
            model.addAll(of(itemParts, "factors"));
            model.add(ModelBundles.writePart(dir, "model-02-counts", intBytes(bundleUsers)));
            model.addAll(of(userParts, "counts"));
            model.add(ModelBundles.writePart(dir, "model-03-hashes", intBytes(bundleUsers)));
            model.addAll(of(userParts, "hashes"));
            finish(dir, meta, bundleUsers, numItems, numericUsers, numericItems, userParts, itemParts, model);
        } catch (IOException e) {
            throw new UncheckedIOException("writing model bundle " + dir, e);
        }
    }

    private static List<PartWriting.Written> writeRows(JavaPairRDD<Integer, BundleRow> rows, int n, String dir,
                                                       String prefix, boolean users, boolean biases, int k,
                                                       long maxBody) {
        int rowsPerPart = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxBody / (4L * k + 16)));
        PartGroups groups = new PartGroups(n, rowsPerPart);
        List<PartWriting.Written> written = new ArrayList<>(rows.repartitionAndSortWithinPartitions(groups)
                .mapPartitionsWithIndex((g, it) -> PartWriting.write(g, it, dir, prefix, users, biases, rowsPerPart, k,
                        maxBody),
                        false)
                .collect());
        written.sort(Comparator.comparingInt(PartWriting.Written::group));
        long rowsWritten = 0;
        for (PartWriting.Written w : written) {
            if (w.kind().equals("factors")) {
                rowsWritten += w.part().bodyBytes() / (4L * k);
            }
        }
        if (rowsWritten != n) {
            throw new IllegalStateException(prefix + " factors: " + rowsWritten + " rows written for " + n + " " + prefix
                    + "s (rows without factors)");
        }
        return written;
    }

    private static List<ModelBundles.Part> of(List<PartWriting.Written> written, String kind) {
        List<ModelBundles.Part> out = new ArrayList<>();
        for (PartWriting.Written w : written) {
            if (w.kind().equals(kind)) {
                out.add(w.part());
            }
        }
        return out;
    }

    private static byte[] intBytes(int v) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BinaryModelOutput o = new BinaryModelOutput(b);
        o.writeInt(v);
        o.flush();
        return b.toByteArray();
    }

    private static void prepare(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new IllegalArgumentException("bundle directory " + dir + " is not empty");
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating bundle directory " + dir, e);
        }
    }
}
