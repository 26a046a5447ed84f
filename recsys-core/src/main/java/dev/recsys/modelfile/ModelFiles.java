package dev.recsys.modelfile;

import dev.recsys.data.Aggregation;
import dev.recsys.data.Behavior;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.ValueTransform;
import dev.recsys.internal.ann.ItemSearch;
import dev.recsys.internal.ann.ServingAccess;
import dev.recsys.internal.scene.Associations;
import dev.recsys.internal.scene.Summaries;
import dev.recsys.internal.scene.TrainingBehaviours;
import dev.recsys.internal.scene.TrainingSummary;
import dev.recsys.internal.snapshot.CatalogColumns;
import dev.recsys.serving.ModelMetadata;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.TrainingListener;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Saves and loads {@link RecommenderModel}s in the recsys model file format (no Java
 * serialization). Layout, all numbers little-endian (see {@link BinaryModelOutput}):
 * <ol>
 *   <li>header: 8-byte magic {@code 0x89 'R' 'E' 'C' 'S' 'Y' 'S' '\n'}, format version (int),
 *       algorithm name, parameters (count, then name/value strings), library version, seed (long),
 *       creation time (epoch milliseconds, long);</li>
 *   <li>sections, each opened by a four-character tag: {@code USER} and {@code ITEM} ids (a
 *       boolean "numeric", then a long[] or a count and strings), {@code HIST} the training matrix
 *       in CSR, {@code POPU} the popularity vector and its half-life, {@code MOPT} the matrix
 *       options (a count, then each behaviour's name and weight, the aggregation, the time-decay
 *       half-life in seconds, and from format version 3 on the value transform as its kind's name
 *       and its epsilon), {@code CATL} the catalogue (categorical attributes as dictionary + codes, numeric
 *       attributes as values + presence bits), {@code SUMM} the summary of the training events the
 *       scene engine ranks and explains with (a boolean "present", then the trending half-life in
 *       days, the session gap in seconds, the trending scores, the co-view, co-purchase and category
 *       co-purchase tables, each as row count, row pointers, neighbours and scores, and the
 *       strongest behaviour per user and item as row pointers, items and one rank byte each, and
 *       each user's latest purchased item or -1),
 *       {@code MODL} the algorithm's own payload ({@link TrainedModel#save}), from format version 4
 *       on {@code SERV} the serving data of {@link RecommenderModel#withServing} (a boolean
 *       "present", then the storage name, the index flag, HNSW M, beam width and search queue size,
 *       the stored factors: nothing for FLOAT; for INT8 and BF16 (from version 5) a boolean "in the
 *       model payload" (true when the model holds its item factors in that storage only, see
 *       {@code ItemStoreModel}: the payload then has them and they are not repeated), and unless
 *       it is true, for INT8 a count and the codes as bytes then the row scales, for BF16 a count
 *       and the values as little-endian 16-bit words; then, with an
 *       index, the HNSW graph: M, beam width, seed, dimension, bias flag, node count, entry node,
 *       level count, the node list of every level above 0 and each level's adjacency pointers and
 *       links), then {@code END!};</li>
 *   <li>footer: 8-byte magic {@code 'R' 'E' 'C' 'S' 'Y' 'S' 'E' 'F'} and the CRC32 of every
 *       byte before it (int).</li>
 * </ol>
 * Loading checks, in order: empty file, magic, format version, footer and checksum, then parses;
 * every failure is a {@link ModelFormatException} saying what is wrong. Files of format version
 * {@value #OLDEST_READABLE_VERSION} (without a value transform; read as {@link ValueTransform#NONE}),
 * 3 (without serving data), 4 (serving data always with its own copy of quantised factors), 5
 * (serving data without the inverted-file flag) and {@value #FORMAT_VERSION} are read; other versions are refused (retrain to write the current
 * one).
 *
 * <p>Thread safety: stateless; concurrent calls on different files are safe.
 */
public final class ModelFiles {
    /** The format version this library writes (and reads). */
    public static final int FORMAT_VERSION = 6;
    /** The oldest format version this library reads: 2, whose matrix options lack the value transform. */
    public static final int OLDEST_READABLE_VERSION = 2;
    private static final byte[] MAGIC = {(byte) 0x89, 'R', 'E', 'C', 'S', 'Y', 'S', '\n'};
    private static final byte[] FOOTER = {'R', 'E', 'C', 'S', 'Y', 'S', 'E', 'F'};
    private static final int HEADER_MIN = MAGIC.length + 4;
    private static final int FOOTER_LEN = FOOTER.length + 4;
    private static final int USER = tag("USER");
    private static final int ITEM = tag("ITEM");
    private static final int HIST = tag("HIST");
    private static final int POPU = tag("POPU");
    private static final int MOPT = tag("MOPT");
    private static final int CATL = tag("CATL");
    private static final int SUMM = tag("SUMM");
    private static final int MODL = tag("MODL");
    private static final int END = tag("END!");
    private static final int SERV = tag("SERV");

    private ModelFiles() {
    }

    private static int tag(String s) {
        return (s.charAt(0) & 0xff) | (s.charAt(1) & 0xff) << 8 | (s.charAt(2) & 0xff) << 16 | (s.charAt(3) & 0xff) << 24;
    }

    private static String tagName(int t) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int b = (t >>> (8 * i)) & 0xff;
            c[i] = b >= 32 && b < 127 ? (char) b : '?';
        }
        return new String(c);
    }

    /**
     * Writes {@code model} to {@code file} (through a temporary file in the same directory that is
     * then moved into place, so a failed save never leaves a half-written model under that name).
     * The file gets the permissions of any new file of this process (the umask decides), not
     * owner-only ones. A model holding NaN or infinite numbers is refused and nothing is written.
     *
     * @throws IllegalArgumentException if an argument is null
     * @throws IOException              if writing fails
     */
    public static void save(RecommenderModel model, Path file) throws IOException {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = null;
        OutputStream tmpOut = null;
        for (int attempt = 0; tmpOut == null; attempt++) {
            // not Files.createTempFile: that makes the file owner-only on POSIX, and the model
            // file should get the permissions any file this process creates gets (the umask)
            tmp = (dir == null ? Path.of("") : dir).resolve(abs.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                tmpOut = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
        boolean ok = false;
        try {
            try (OutputStream os = tmpOut) {
                BinaryModelOutput out = new BinaryModelOutput(os);
                write(model, out);
                out.flush();
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            ok = true;
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void write(RecommenderModel model, BinaryModelOutput out) throws IOException {
        ModelMetadata meta = model.metadata();
        out.writeBytes(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeString(meta.algorithm());
        Map<String, String> params = meta.params().asText();
        out.writeInt(params.size());
        for (Map.Entry<String, String> e : params.entrySet()) {
            out.writeString(e.getKey());
            out.writeString(e.getValue());
        }
        out.writeString(meta.libraryVersion());
        out.writeLong(meta.seed());
        out.writeLong(meta.created().toEpochMilli());

        out.writeInt(USER);
        writeIds(model.users(), out);
        out.writeInt(ITEM);
        writeIds(model.items(), out);

        out.writeInt(HIST);
        out.section("history");
        InteractionMatrix h = model.history();
        out.writeInt(h.rows());
        out.writeInt(h.cols());
        out.writeInts(h.rowPtr());
        int nnz = h.nnz();
        out.writeInts(h.colIdx().length == nnz ? h.colIdx() : Arrays.copyOf(h.colIdx(), nnz));
        out.writeFloats(h.values().length == nnz ? h.values() : Arrays.copyOf(h.values(), nnz));

        out.writeInt(POPU);
        out.section("popularity");
        out.writeDouble(meta.popularityHalfLifeDays());
        out.writeFloats(model.popularity());

        out.writeInt(MOPT);
        out.section("matrix options");
        MatrixOptions mo = meta.matrixOptions();
        out.writeInt(Behavior.values().length);
        for (Behavior b : Behavior.values()) {
            out.writeString(b.name());
            out.writeFloat(mo.weight(b));
        }
        out.writeString(mo.aggregation().name());
        out.writeDouble(mo.halfLifeSeconds());
        out.writeString(mo.valueTransform().kind().name());
        out.writeDouble(mo.valueTransform().epsilon());

        out.writeInt(CATL);
        out.section("catalogue");
        CatalogColumns cat = CatalogColumns.of(model.catalog(), model.numItems());
        out.writeInt(cat.categoricalNames.size());
        for (int a = 0; a < cat.categoricalNames.size(); a++) {
            out.writeString(cat.categoricalNames.get(a));
            String[] dict = cat.dictionaries.get(a);
            out.writeInt(dict.length);
            for (String v : dict) {
                out.writeString(v);
            }
            out.writeInts(cat.codes.get(a));
        }
        out.writeInt(cat.numericNames.size());
        for (int a = 0; a < cat.numericNames.size(); a++) {
            out.writeString(cat.numericNames.get(a));
            out.writeFloats(cat.values.get(a));
            out.writeLongs(cat.presence.get(a));
        }

        out.writeInt(SUMM);
        writeSummary(Summaries.of(model), out);

        out.writeInt(MODL);
        out.section("model payload of " + model.model().algorithm());
        out.writeString(model.model().algorithm());
        out.writeInt(model.model().numItems());
        model.model().save(out);
        out.writeInt(SERV);
        out.section("serving data");
        ServingSection.write(ServingAccess.search(model), out);
        out.writeInt(END);
        out.writeBytes(FOOTER);
        out.writeInt(out.crc32());
    }

    private static void writeSummary(TrainingSummary sum, BinaryModelOutput out) throws IOException {
        out.writeBoolean(sum != null);
        if (sum == null) {
            return;
        }
        out.writeDouble(sum.trendingHalfLifeDays());
        out.writeLong(sum.sessionGapSeconds());
        out.writeFloats(sum.trending());
        for (Associations a : new Associations[] {sum.coView(), sum.coBuy(), sum.categoryCoBuy()}) {
            out.writeInt(a.numItems());
            out.writeInts(a.pointerArray());
            out.writeInts(a.neighborArray());
            out.writeFloats(a.scoreArray());
        }
        TrainingBehaviours b = sum.behaviours();
        out.writeInts(b.pointerArray());
        out.writeInts(b.itemArray());
        out.writeInt(b.rankArray().length);
        out.writeBytes(b.rankArray());
        out.writeInts(sum.lastPurchase());
    }

    private static TrainingSummary readSummary(BinaryModelInput in, String name, int numUsers, int numItems,
                                               ItemCatalog catalog) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        double halfLife = in.readDouble();
        long gap = in.readLong();
        float[] trending = in.readFloats();
        if (trending.length != numItems) {
            throw corrupted(name, "training summary", trending.length + " trending scores for " + numItems + " items");
        }
        String[] what = {"co-view", "co-purchase", "category co-purchase"};
        int[] rows = {numItems, numItems, TrainingSummary.numCategories(catalog)};
        Associations[] tables = new Associations[3];
        for (int t = 0; t < 3; t++) {
            int n = in.readInt();
            if (n != rows[t]) {
                throw corrupted(name, "training summary", "the " + what[t] + " table has " + n + " rows, expected "
                        + rows[t]);
            }
            int[] ptr = in.readInts();
            int[] idx = in.readInts();
            float[] score = in.readFloats();
            try {
                tables[t] = Associations.of(n, ptr, idx, score);
            } catch (IllegalArgumentException e) {
                throw corrupted(name, "training summary", "the " + what[t] + " table: " + e.getMessage());
            }
        }
        int[] ptr = in.readInts();
        int[] items = in.readInts();
        int nRanks = in.readInt();
        if (nRanks != items.length) {
            throw corrupted(name, "training summary", nRanks + " behaviour ranks for " + items.length + " behaviours");
        }
        byte[] ranks = in.readBytes(nRanks);
        int[] lastPurchase = in.readInts();
        try {
            return new TrainingSummary(trending, halfLife, gap, tables[0], tables[1], tables[2],
                    TrainingBehaviours.of(numUsers, numItems, ptr, items, ranks), lastPurchase);
        } catch (IllegalArgumentException e) {
            throw corrupted(name, "training summary", e.getMessage());
        }
    }

    private static void writeIds(IdIndex ids, BinaryModelOutput out) throws IOException {
        out.writeBoolean(ids.isNumeric());
        if (ids.isNumeric()) {
            out.writeLongs(ids.toLongArray());
        } else {
            out.writeInt(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                out.writeString(ids.idOf(i));
            }
        }
    }

    /**
     * Reads a model written by {@link #save}, or the sharded bundle in the directory {@code file}
     * ({@link ModelBundles#load(Path)}: user factors memory-mapped from their parts, see
     * {@link ModelBundles.LoadOptions}). The algorithm is found with {@link Algorithms#byName}.
     *
     * @throws IllegalArgumentException if {@code file} is null
     * @throws ModelFormatException     if the file is empty, not a model file, written with another
     *                                  format version, truncated, corrupted or names an unknown algorithm
     * @throws IOException              if reading fails
     */
    public static RecommenderModel load(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (ModelBundles.isBundle(file)) {
            return ModelBundles.load(file);
        }
        String name = file.toString();
        long size = Files.size(file);
        if (size == 0) {
            throw new ModelFormatException("model file " + name + " is empty (0 bytes); not a recsys model file");
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEADER_MIN, size)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head);
            head.flip();
            byte[] magic = new byte[Math.min(MAGIC.length, head.remaining())];
            head.get(magic);
            if (!Arrays.equals(magic, Arrays.copyOf(MAGIC, magic.length))) {
                throw new ModelFormatException("model file " + name + " is not a recsys model file: it starts with "
                        + hex(magic) + ", expected the magic " + hex(MAGIC));
            }
            if (size < HEADER_MIN + FOOTER_LEN) {
                throw new ModelFormatException("model file " + name + " is truncated: it ends after " + size
                        + " bytes, expected at least " + (HEADER_MIN + FOOTER_LEN) + " bytes (header and footer)");
            }
            int version = head.getInt();
            if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
                throw new ModelFormatException("model file " + name + " was written with format version " + version
                        + "; this library reads " + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION
                        + (version < OLDEST_READABLE_VERSION && version > 0
                        ? " (older files lack the training summary the scene engine ranks with): train the model"
                        + " again, e.g. with 'recsys train', to write it in format " + FORMAT_VERSION
                        : " (written by another version of recsys)"));
            }
            // nothing of the payload is parsed before the footer and the checksum are verified
            checkFooter(ch, size, name);
        }
        try (InputStream is = Files.newInputStream(file)) {
            BinaryModelInput in = new BinaryModelInput(is, "model file " + name, size);
            return read(in, name, size);
        }
    }

    /**
     * Reads a model as {@link #load(Path)} and makes it serve with {@code options}: the serving data
     * the file stores is used when it matches (storage, index and its build settings; the search
     * queue size is taken from {@code options}), a stored graph is kept when only the storage
     * differs, and anything missing is built now (progress to the listener).
     *
     * @param options  how to serve, or null to keep what the file stores
     * @param listener progress of an index build (may be null)
     * @throws IllegalArgumentException if file is null, or options are given for a model without item factors
     * @throws ModelFormatException     as {@link #load(Path)}
     * @throws IOException              if reading fails
     */
    public static RecommenderModel load(Path file, ServingOptions options, TrainingListener listener)
            throws IOException {
        RecommenderModel m = load(file);
        return options == null ? m : ServingSection.adapt(m, options, listener);
    }

    /** {@link #load(Path, ServingOptions, TrainingListener)} without progress reports. */
    public static RecommenderModel load(Path file, ServingOptions options) throws IOException {
        return load(file, options, null);
    }

    /**
     * Verifies the footer magic and the checksum. A file without the footer magic was cut short
     * (or not completely written, or damaged at its end): it is refused as it is.
     */
    private static void checkFooter(SeekableByteChannel ch, long size, String name) throws IOException {
        ByteBuffer foot = ByteBuffer.allocate(FOOTER_LEN).order(ByteOrder.LITTLE_ENDIAN);
        ch.position(size - FOOTER_LEN);
        readFully(ch, foot);
        foot.flip();
        byte[] fm = new byte[FOOTER.length];
        foot.get(fm);
        if (!Arrays.equals(fm, FOOTER)) {
            throw new ModelFormatException("model file " + name + " is truncated or corrupted: it ends after " + size
                    + " bytes without a valid footer (expected the footer magic " + hex(FOOTER)
                    + " and a CRC32 in its last " + FOOTER_LEN + " bytes, found " + hex(fm) + ")");
        }
        int stored = foot.getInt();
        int computed = crc32(ch, size - 4, "model file " + name);
        if (computed != stored) {
            throw new ModelFormatException(String.format("model file %s is corrupted: CRC32 of its first %d bytes is %08x,"
                    + " the footer records %08x", name, size - 4, computed, stored));
        }
    }

    /**
     * CRC32 of the first {@code length} bytes of {@code ch} (shared with {@link ModelBundles}).
     *
     * @param what the file, for the message if it shrinks while being read
     */
    static int crc32(SeekableByteChannel ch, long length, String what) throws IOException {
        CRC32 crc = new CRC32();
        ch.position(0);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long left = length;
        while (left > 0) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), left));
            int r = ch.read(buf);
            if (r < 0) {
                throw new ModelFormatException(what + " changed while being read");
            }
            buf.flip();
            crc.update(buf);
            left -= r;
        }
        return (int) crc.getValue();
    }

    private static void readFully(SeekableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                break;
            }
        }
    }

    private static RecommenderModel read(BinaryModelInput in, String name, long size) throws IOException {
        in.section("header");
        in.readBytes(MAGIC.length);
        int version = in.readInt();
        String algorithmName = in.readString();
        int nParams = in.readCount("parameters", 8, 10_000);
        Map<String, String> paramText = new LinkedHashMap<>();
        for (int i = 0; i < nParams; i++) {
            String k = in.readString();
            paramText.put(k, in.readString());
        }
        String libraryVersion = in.readString();
        long seed = in.readLong();
        long created = in.readLong();

        Algorithm algorithm;
        try {
            algorithm = Algorithms.byName(algorithmName);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("model file " + name + " needs algorithm '" + algorithmName
                    + "', which is not on the class path: " + e.getMessage(), e);
        }
        Params params;
        try {
            params = Params.parse(algorithm.params(), paramText);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("model file " + name + " records parameters this version of algorithm "
                    + algorithmName + " does not accept: " + e.getMessage(), e);
        }

        expect(in, USER, "user ids", name);
        IdIndex users = readIds(in, name, "user ids");
        expect(in, ITEM, "item ids", name);
        IdIndex items = readIds(in, name, "item ids");

        expect(in, HIST, "history", name);
        int rows = in.readInt();
        int cols = in.readInt();
        int[] rowPtr = in.readInts();
        int[] colIdx = in.readInts();
        float[] values = in.readFloats();
        if (rows != users.size() || cols != items.size()) {
            throw corrupted(name, "history", "matrix is " + rows + " x " + cols + " for " + users.size() + " users and "
                    + items.size() + " items");
        }
        InteractionMatrix history;
        try {
            checkCsr(rows, cols, rowPtr, colIdx, values);
            history = new InteractionMatrix(rows, cols, rowPtr, colIdx, values);
        } catch (IllegalArgumentException e) {
            throw corrupted(name, "history", e.getMessage());
        }

        expect(in, POPU, "popularity", name);
        double popHalfLife = in.readDouble();
        float[] popularity = in.readFloats();

        expect(in, MOPT, "matrix options", name);
        int nb = in.readCount("behaviour weights", 8, 1000);
        float[] weights = new float[Behavior.values().length];
        for (int i = 0; i < nb; i++) {
            String b = in.readString();
            float w = in.readFloat();
            Behavior beh;
            try {
                beh = Behavior.valueOf(b);
            } catch (IllegalArgumentException e) {
                if (w == 0f) {
                    continue; // a behaviour this version does not know, unused anyway
                }
                throw corrupted(name, "matrix options", "weight " + w + " for unknown behaviour " + b);
            }
            weights[beh.code()] = w;
        }
        String agg = in.readString();
        double halfLife = in.readDouble();
        ValueTransform transform = ValueTransform.NONE;
        MatrixOptions options;
        try {
            if (version >= 3) {
                String kind = in.readString();
                double epsilon = in.readDouble();
                transform = new ValueTransform(ValueTransform.Kind.valueOf(kind), epsilon);
            }
            options = new MatrixOptions(weights, Aggregation.valueOf(agg), halfLife, transform);
        } catch (IllegalArgumentException e) {
            throw corrupted(name, "matrix options", e.getMessage());
        }

        expect(in, CATL, "catalogue", name);
        CatalogColumns cols2 = new CatalogColumns(items.size());
        int nCat = in.readCount("categorical attributes", 12, 100_000);
        for (int a = 0; a < nCat; a++) {
            cols2.categoricalNames.add(in.readString());
            int d = in.readCount("dictionary values", 4, Integer.MAX_VALUE);
            String[] dict = new String[d];
            for (int i = 0; i < d; i++) {
                dict[i] = in.readString();
            }
            cols2.dictionaries.add(dict);
            cols2.codes.add(in.readInts());
        }
        int nNum = in.readCount("numeric attributes", 12, 100_000);
        for (int a = 0; a < nNum; a++) {
            cols2.numericNames.add(in.readString());
            cols2.values.add(in.readFloats());
            cols2.presence.add(in.readLongs());
        }
        ItemCatalog catalog;
        try {
            catalog = cols2.toCatalog(items);
        } catch (IllegalArgumentException e) {
            throw corrupted(name, "catalogue", e.getMessage());
        }

        expect(in, SUMM, "training summary", name);
        TrainingSummary summary = readSummary(in, name, users.size(), items.size(), catalog);

        expect(in, MODL, "model", name);
        in.section("model payload of " + algorithmName);
        String modelAlgorithm = in.readString();
        int modelItems = in.readInt();
        if (!modelAlgorithm.equals(algorithm.name()) || modelItems != items.size()) {
            throw corrupted(name, "model", "payload of " + modelAlgorithm + " for " + modelItems
                    + " items, header says " + algorithmName + " with " + items.size() + " items");
        }
        TrainedModel model;
        try {
            model = algorithm.load(in, params);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException("model file " + name + ": the " + algorithmName + " payload is malformed: "
                    + e.getMessage(), e);
        }
        long payloadEnd = in.position();
        ItemSearch served = null;
        if (version >= 4) {
            expect(in, SERV, "serving data", name);
            served = ServingSection.read(in, name, model, version);
            payloadEnd = in.position();
        }
        in.section("end of model payload");
        int end = in.readInt();
        if (end != END) {
            throw corrupted(name, "model", "the " + algorithmName + " payload ended at byte " + payloadEnd
                    + " but no end marker follows (found " + tagName(end) + ")");
        }
        in.section("footer");
        byte[] fm = in.readBytes(FOOTER.length);
        in.readInt();
        if (!Arrays.equals(fm, FOOTER)) {
            throw corrupted(name, "footer", "footer magic missing at byte " + (in.position() - FOOTER_LEN));
        }
        if (in.position() != size) {
            throw corrupted(name, "footer", (size - in.position()) + " unexpected bytes after the footer");
        }
        ModelMetadata meta;
        try {
            meta = new ModelMetadata(algorithm.name(), params, seed, libraryVersion, Instant.ofEpochMilli(created),
                    options, popHalfLife);
            RecommenderModel loaded = Summaries.access().create(model, users, items, history, catalog, popularity, meta,
                    summary);
            return served == null ? loaded : ServingAccess.with(loaded, served);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("model file " + name + " is inconsistent: " + e.getMessage(), e);
        }
    }

    private static void checkCsr(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        if (rowPtr.length != rows + 1 || rowPtr[0] != 0) {
            throw new IllegalArgumentException("row pointers do not match " + rows + " rows");
        }
        for (int r = 0; r < rows; r++) {
            if (rowPtr[r + 1] < rowPtr[r]) {
                throw new IllegalArgumentException("row pointers decrease at row " + r);
            }
        }
        if (colIdx.length != rowPtr[rows] || values.length != rowPtr[rows]) {
            throw new IllegalArgumentException(rowPtr[rows] + " entries declared, " + colIdx.length + " columns and "
                    + values.length + " values stored");
        }
        for (int c : colIdx) {
            if (c < 0 || c >= cols) {
                throw new IllegalArgumentException("column index " + c + " outside 0.." + (cols - 1));
            }
        }
    }

    private static IdIndex readIds(BinaryModelInput in, String name, String what) throws IOException {
        boolean numeric = in.readBoolean();
        try {
            if (numeric) {
                return IdIndex.ofLongs(in.readLongs());
            }
            int n = in.readCount(what, 4, Integer.MAX_VALUE);
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.readString();
            }
            return IdIndex.ofStrings(ids);
        } catch (IllegalArgumentException e) {
            throw corrupted(name, what, e.getMessage());
        }
    }

    private static void expect(BinaryModelInput in, int tag, String section, String name) throws IOException {
        in.section(section);
        long at = in.position();
        int t = in.readInt();
        if (t != tag) {
            throw new ModelFormatException("model file " + name + " is corrupted: expected section " + tagName(tag)
                    + " (" + section + ") at byte " + at + ", found " + tagName(t));
        }
    }

    private static ModelFormatException corrupted(String name, String section, String what) {
        return new ModelFormatException("model file " + name + " is corrupted in section '" + section + "': " + what);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}
