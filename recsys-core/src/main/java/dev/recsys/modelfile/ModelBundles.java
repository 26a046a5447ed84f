package dev.recsys.modelfile;

import dev.recsys.data.Aggregation;
import dev.recsys.data.Behavior;
import dev.recsys.data.IdIndex;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.ValueTransform;
import dev.recsys.internal.rows.FactorRows;
import dev.recsys.internal.rows.RowInput;
import dev.recsys.serving.ModelMetadata;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sharded model bundles: a model too large for one file (written by a distributed trainer such as
 * {@code recsys-spark}) as a directory holding a text manifest and binary parts of at most
 * {@value #MAX_PART_BYTES} bytes each. {@link ModelFiles#load} loads a bundle when given its directory.
 *
 * <p>Layout:
 * <ul>
 *   <li>{@value #MANIFEST}: UTF-8 {@code key=value} lines, sorted by key: {@code format=recsys-bundle},
 *       {@code version}, {@code algorithm}, {@code param.NAME} (the training parameters as text),
 *       {@code seed}, {@code library-version}, {@code created} (epoch milliseconds),
 *       {@code matrix-weights} ({@code BEHAVIOUR:WEIGHT,...}), {@code matrix-aggregation},
 *       {@code matrix-half-life-seconds}, {@code matrix-transform}, {@code matrix-transform-epsilon},
 *       {@code popularity-half-life-days}, {@code users}, {@code items}, {@code user-ids} and
 *       {@code item-ids} ({@code numeric} or {@code string}), and per stream
 *       {@code stream.NAME=FILE:BODY_BYTES:CRC32_HEX,...} listing its parts in order; then a last line
 *       {@code checksum=CRC32_HEX} of every byte before it.</li>
 *   <li>Each part: the 8-byte magic {@code 'R' 'E' 'C' 'S' 'Y' 'S' 'P' 'T'}, the part format version (int),
 *       the body, then the model file footer (8-byte magic {@code 'R' 'E' 'C' 'S' 'Y' 'S' 'E' 'F'} and the
 *       CRC32 of every byte before it), little-endian as {@link BinaryModelOutput}.</li>
 *   <li>Streams (the concatenated bodies of their parts): {@code user-ids} and {@code item-ids}
 *       (one long per id, or one string per id as {@link BinaryModelOutput#writeString}), in index order;
 *       {@code popularity} (one float per item); {@code model} (what {@link TrainedModel#save} writes for
 *       the algorithm, {@code users} user rows of which may be 0: then every user is folded in from the
 *       events of the request).</li>
 * </ul>
 * A bundle carries no training history, catalogue or training summary: the loaded model's history
 * is empty (requests carry recent events; the engine records them), its catalogue is empty.
 *
 * <p>Loading checks the manifest checksum, then every part's size, header and footer (its magic,
 * and the CRC32 it records against the manifest's) before anything is parsed, and a part's CRC32
 * (computed by streaming the file through a 64 KiB buffer) before any byte of it is parsed; every
 * failure is a {@link ModelFormatException} naming the file. Every length is checked against the
 * bytes the parts hold before anything is allocated or mapped.
 *
 * <p>User factors ({@link LoadOptions}): by default the user rows of a factor model (the
 * {@code ials} payload's user factors, which a bundle keeps in parts of their own) are
 * memory-mapped from the part files ({@link FileChannel#map}, one read-only mapping per part, at
 * most {@value #MAX_PART_BYTES} bytes each) rather than copied onto the heap: a known user's row is
 * copied out of the mapping when it is scored, the operating system pages rows in as they are
 * used. Mapped parts are verified at load like the others (their bytes read once, not kept), unless
 * {@link LoadOptions#verifyMapped()} is false. Mapped, the user factors may exceed one Java array
 * ({@code Integer.MAX_VALUE / k} users): their count is then written as
 * {@link FactorRows#LARGE_COUNT}. The mappings are released when the model is garbage collected;
 * the part files must not be changed or truncated while it is in use.
 *
 * <p>Thread safety: stateless; a {@link PartWriter} is for one thread. Loaded models are safe for
 * concurrent use.
 */
public final class ModelBundles {
    /** The manifest's file name inside a bundle directory. */
    public static final String MANIFEST = "manifest.properties";
    /** The largest part: 1 GiB, header and footer included. */
    public static final long MAX_PART_BYTES = 1L << 30;
    /** Bytes of a part that are not body: magic, version, footer magic and CRC32. */
    public static final int PART_OVERHEAD = 8 + 4 + 8 + 4;
    /** The bundle and part format version. */
    public static final int FORMAT_VERSION = 1;
    /** Stream of the user ids. */
    public static final String USER_IDS = "user-ids";
    /** Stream of the item ids. */
    public static final String ITEM_IDS = "item-ids";
    /** Stream of the popularity scores. */
    public static final String POPULARITY = "popularity";
    /** Stream of the algorithm's payload. */
    public static final String MODEL = "model";
    private static final byte[] PART_MAGIC = {'R', 'E', 'C', 'S', 'Y', 'S', 'P', 'T'};
    private static final byte[] FOOTER = {'R', 'E', 'C', 'S', 'Y', 'S', 'E', 'F'};
    private static final List<String> STREAMS = List.of(USER_IDS, ITEM_IDS, POPULARITY, MODEL);

    private static final Logger LOG = LoggerFactory.getLogger(ModelBundles.class);

    private ModelBundles() {
    }

    /**
     * How {@link #load(Path, LoadOptions)} holds a bundle's user factors.
     *
     * @param mapUserFactors memory-map the user factors from their parts (the default), or copy them
     *                       onto the heap (then at most {@link FactorRows#MAX_ARRAY} floats)
     * @param verifyMapped   verify the CRC32 of the mapped parts at load (the default: every byte is
     *                       read once, sequentially, and not kept); false skips it for a fast load of
     *                       files known to be intact (say, verified when they were copied): their
     *                       size, header and footer are still checked, but a damaged value goes
     *                       unnoticed until its row is scored (an {@link IllegalStateException} if it
     *                       is not finite, else a wrong score)
     *
     * <p>Thread safety: immutable.
     */
    public record LoadOptions(boolean mapUserFactors, boolean verifyMapped) {
        /** Mapped user factors, verified at load: what {@link ModelFiles#load(Path)} uses. */
        public static final LoadOptions DEFAULT = new LoadOptions(true, true);
        /** User factors on the heap (as before mapping existed). */
        public static final LoadOptions HEAP = new LoadOptions(false, true);
        /** Mapped user factors, their parts not verified at load (see {@link #verifyMapped()}). */
        public static final LoadOptions FAST = new LoadOptions(true, false);
    }

    /**
     * One written part.
     *
     * @param file      file name inside the bundle directory
     * @param bodyBytes bytes of the body
     * @param crc       CRC32 of the whole part up to its last four bytes
     */
    public record Part(String file, long bodyBytes, int crc) {
        /** Validates the name (a plain file name) and the size. */
        public Part {
            if (file == null || file.isEmpty() || file.contains("/") || file.contains("\\") || file.contains(":")
                    || file.contains(",") || file.startsWith(".") || file.equals(MANIFEST)) {
                throw new IllegalArgumentException("part file must be a plain file name other than " + MANIFEST
                        + ", got '" + file + "'");
            }
            if (bodyBytes < 0 || bodyBytes > MAX_PART_BYTES - PART_OVERHEAD) {
                throw new IllegalArgumentException("part " + file + ": body of " + bodyBytes + " bytes is outside [0, "
                        + (MAX_PART_BYTES - PART_OVERHEAD) + "]");
            }
        }
    }

    /**
     * Writes one part: {@link #body()} takes the body, {@link #close()} adds the footer and returns
     * the {@link Part} through {@link #part()}. A body past {@value #MAX_PART_BYTES} bytes minus the
     * overhead is refused on close (callers split their data by {@link #maxBodyBytes}).
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class PartWriter implements Closeable {
        private final String name;
        private final BinaryModelOutput out;
        private Part part;

        /**
         * Creates (or replaces) {@code dir/name}.
         *
         * @throws IOException if the file cannot be created
         */
        public PartWriter(Path dir, String name) throws IOException {
            new Part(name, 0, 0); // validates the name
            this.name = name;
            OutputStream os = Files.newOutputStream(dir.resolve(name));
            this.out = new BinaryModelOutput(os);
            out.writeBytes(PART_MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.section("body");
        }

        /** Where the body is written. */
        public BinaryModelOutput body() {
            return out;
        }

        /** Body bytes written so far. */
        public long bodyBytes() {
            return out.position() - 12;
        }

        /** Writes the footer and closes the file. */
        @Override
        public void close() throws IOException {
            if (part != null) {
                return;
            }
            long body = bodyBytes();
            out.writeBytes(FOOTER);
            int crc = out.crc32();
            out.writeInt(crc);
            out.close();
            part = new Part(name, body, crc);
        }

        /** The part written; after {@link #close()}. */
        public Part part() {
            if (part == null) {
                throw new IllegalStateException("part " + name + " is not closed yet");
            }
            return part;
        }
    }

    /** The largest body a part may hold. */
    public static long maxBodyBytes() {
        return MAX_PART_BYTES - PART_OVERHEAD;
    }

    /**
     * Writes a body-only part holding {@code bytes} (small parts: headers between large arrays).
     *
     * @throws IOException if writing fails
     */
    public static Part writePart(Path dir, String name, byte[] bytes) throws IOException {
        try (PartWriter w = new PartWriter(dir, name)) {
            w.body().writeBytes(bytes);
            w.close();
            return w.part();
        }
    }

    /**
     * Writes the manifest of a bundle whose parts are already in {@code dir}.
     *
     * @param meta    how the model was made
     * @param users   user rows of the model (and ids in {@link #USER_IDS})
     * @param items   items of the model
     * @param streams the parts of {@link #USER_IDS}, {@link #ITEM_IDS}, {@link #POPULARITY} and {@link #MODEL}, in order
     * @throws IllegalArgumentException if a stream is missing
     * @throws IOException              if writing fails
     */
    public static void writeManifest(Path dir, ModelMetadata meta, int users, int items, boolean numericUserIds,
                                     boolean numericItemIds, Map<String, List<Part>> streams) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        m.put("format", "recsys-bundle");
        m.put("version", Integer.toString(FORMAT_VERSION));
        m.put("algorithm", meta.algorithm());
        for (Map.Entry<String, String> e : meta.params().asText().entrySet()) {
            m.put("param." + e.getKey(), e.getValue());
        }
        m.put("seed", Long.toString(meta.seed()));
        m.put("library-version", meta.libraryVersion());
        m.put("created", Long.toString(meta.created().toEpochMilli()));
        MatrixOptions mo = meta.matrixOptions();
        StringBuilder w = new StringBuilder();
        for (Behavior b : Behavior.values()) {
            w.append(w.length() == 0 ? "" : ",").append(b.name()).append(':').append(mo.weight(b));
        }
        m.put("matrix-weights", w.toString());
        m.put("matrix-aggregation", mo.aggregation().name());
        m.put("matrix-half-life-seconds", Double.toString(mo.halfLifeSeconds()));
        m.put("matrix-transform", mo.valueTransform().kind().name());
        m.put("matrix-transform-epsilon", Double.toString(mo.valueTransform().epsilon()));
        m.put("popularity-half-life-days", Double.toString(meta.popularityHalfLifeDays()));
        m.put("users", Integer.toString(users));
        m.put("items", Integer.toString(items));
        m.put("user-ids", numericUserIds ? "numeric" : "string");
        m.put("item-ids", numericItemIds ? "numeric" : "string");
        for (String s : STREAMS) {
            List<Part> parts = streams.get(s);
            if (parts == null || parts.isEmpty()) {
                throw new IllegalArgumentException("stream " + s + " has no parts");
            }
            StringBuilder sb = new StringBuilder();
            for (Part p : parts) {
                sb.append(sb.length() == 0 ? "" : ",").append(p.file()).append(':').append(p.bodyBytes()).append(':')
                        .append(String.format("%08x", p.crc()));
            }
            m.put("stream." + s, sb.toString());
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
                throw new IllegalArgumentException("manifest value of " + e.getKey() + " holds a line break");
            }
            text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(body);
        all.write(String.format("checksum=%08x%n", (int) crc.getValue()).getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve(MANIFEST), all.toByteArray());
    }

    /** Whether {@code dir} is a directory holding a bundle manifest. */
    public static boolean isBundle(Path dir) {
        return dir != null && Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * Loads a bundle with {@link LoadOptions#DEFAULT} (user factors mapped and verified).
     *
     * @throws IllegalArgumentException if {@code dir} is null
     * @throws ModelFormatException     if the manifest or a part is missing, truncated, corrupted or
     *                                  inconsistent, or names an unknown algorithm
     * @throws IOException              if reading fails
     */
    public static RecommenderModel load(Path dir) throws IOException {
        return load(dir, LoadOptions.DEFAULT);
    }

    /**
     * Loads a bundle. The algorithm is found with {@link Algorithms#byName}; the model has an empty
     * history and catalogue (see the class comment).
     *
     * @param loadOptions how to hold the user factors
     * @throws IllegalArgumentException if an argument is null
     * @throws ModelFormatException     if the manifest or a part is missing, truncated, corrupted or
     *                                  inconsistent, or names an unknown algorithm
     * @throws IOException              if reading fails
     */
    public static RecommenderModel load(Path dir, LoadOptions loadOptions) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        if (loadOptions == null) {
            throw new IllegalArgumentException("loadOptions must not be null");
        }
        Path mf = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(mf)) {
            throw new ModelFormatException("model bundle " + dir + " has no " + MANIFEST);
        }
        Map<String, String> m = readManifest(mf);
        String name = "model bundle " + dir;
        if (!"recsys-bundle".equals(m.get("format"))) {
            throw new ModelFormatException(name + ": " + MANIFEST + " does not say format=recsys-bundle");
        }
        if (!Integer.toString(FORMAT_VERSION).equals(m.get("version"))) {
            throw new ModelFormatException(name + " has format version " + m.get("version") + "; this library reads "
                    + FORMAT_VERSION);
        }
        String algorithmName = required(m, "algorithm", name);
        Algorithm algorithm;
        try {
            algorithm = Algorithms.byName(algorithmName);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " needs algorithm '" + algorithmName
                    + "', which is not on the class path: " + e.getMessage(), e);
        }
        Map<String, String> paramText = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().startsWith("param.")) {
                paramText.put(e.getKey().substring(6), e.getValue());
            }
        }
        Params params;
        MatrixOptions options;
        long seed;
        long created;
        double popHalfLife;
        int users;
        int items;
        try {
            params = Params.parse(algorithm.params(), paramText);
            float[] weights = new float[Behavior.values().length];
            for (String pair : required(m, "matrix-weights", name).split(",")) {
                int c = pair.lastIndexOf(':');
                Behavior b = Behavior.parseOrNull(pair.substring(0, Math.max(c, 0)));
                float wt = Float.parseFloat(pair.substring(c + 1));
                if (b != null) {
                    weights[b.code()] = wt;
                } else if (wt != 0f) {
                    throw new IllegalArgumentException("weight " + wt + " for unknown behaviour " + pair);
                }
            }
            ValueTransform t = new ValueTransform(ValueTransform.Kind.valueOf(required(m, "matrix-transform", name)),
                    Double.parseDouble(required(m, "matrix-transform-epsilon", name)));
            options = new MatrixOptions(weights, Aggregation.valueOf(required(m, "matrix-aggregation", name)),
                    Double.parseDouble(required(m, "matrix-half-life-seconds", name)), t);
            seed = Long.parseLong(required(m, "seed", name));
            created = Long.parseLong(required(m, "created", name));
            popHalfLife = Double.parseDouble(required(m, "popularity-half-life-days", name));
            users = Integer.parseInt(required(m, "users", name));
            items = Integer.parseInt(required(m, "items", name));
            if (users < 0 || items < 0) {
                throw new IllegalArgumentException("negative users or items");
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": " + MANIFEST + " is inconsistent: " + e.getMessage(), e);
        }
        Map<String, List<Part>> streams = new LinkedHashMap<>();
        for (String s : STREAMS) {
            streams.put(s, parts(dir, required(m, "stream." + s, name), name));
        }
        Checks checks = new Checks(dir);
        boolean numericUsers = "numeric".equals(m.get("user-ids"));
        boolean numericItems = "numeric".equals(m.get("item-ids"));
        IdIndex userIds = readIds(checks, streams.get(USER_IDS), users, numericUsers, name + " user ids");
        IdIndex itemIds = readIds(checks, streams.get(ITEM_IDS), items, numericItems, name + " item ids");
        float[] popularity;
        try (BundleStream s = checks.open(streams.get(POPULARITY))) {
            BinaryModelInput in = new BinaryModelInput(s, name + " popularity", total(streams.get(POPULARITY)));
            if (in.remaining() != 4L * items) {
                throw new ModelFormatException(name + ": popularity holds " + in.remaining() + " bytes for " + items
                        + " items (4 bytes each)");
            }
            popularity = new float[items];
            for (int i = 0; i < items; i++) {
                popularity[i] = in.readFloat();
            }
        }
        TrainedModel model;
        List<Part> modelParts = streams.get(MODEL);
        try (BundleStream s = checks.open(modelParts)) {
            BinaryModelInput in = new BinaryModelInput(s, name + " model payload", total(modelParts));
            PayloadInput payload = new PayloadInput(in, checks, modelParts, loadOptions, name);
            try {
                model = algorithm.load(payload, params);
            } catch (ModelFormatException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new ModelFormatException(name + ": the " + algorithmName + " payload is malformed: "
                        + e.getMessage(), e);
            }
            if (in.remaining() != 0) {
                throw new ModelFormatException(name + ": " + in.remaining() + " unexpected bytes after the "
                        + algorithmName + " payload");
            }
            if (payload.mappedRows > 0) {
                LOG.info("{}: {} user rows x {} memory-mapped from {} parts ({})", name, payload.mappedRows,
                        payload.mappedDim, payload.mappedParts, loadOptions.verifyMapped() ? "verified" : "not verified");
            }
        }
        for (List<Part> parts : streams.values()) {
            for (Part p : parts) {
                checks.verifyUnlessMapped(p);
            }
        }
        try {
            InteractionMatrix history = new InteractionMatrix(users, items, new int[users + 1], new int[0], new float[0]);
            ModelMetadata meta = new ModelMetadata(algorithm.name(), params, seed,
                    required(m, "library-version", name), Instant.ofEpochMilli(created), options, popHalfLife);
            return new RecommenderModel(model, userIds, itemIds, history, null, popularity, meta);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " is inconsistent: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> m, String key, String name) throws ModelFormatException {
        String v = m.get(key);
        if (v == null) {
            throw new ModelFormatException(name + ": " + MANIFEST + " lacks the key " + key);
        }
        return v;
    }

    private static Map<String, String> readManifest(Path mf) throws IOException {
        if (Files.size(mf) > (64L << 20)) {
            throw new ModelFormatException(mf + " is larger than 64 MiB; not a bundle manifest");
        }
        byte[] all = Files.readAllBytes(mf);
        String text = new String(all, StandardCharsets.UTF_8);
        int last = text.lastIndexOf("checksum=");
        if (last < 0 || (last > 0 && text.charAt(last - 1) != '\n')) {
            throw new ModelFormatException(mf + " is truncated: no checksum line");
        }
        byte[] body = text.substring(0, last).getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        String stored = text.substring(last + 9).trim();
        if (!String.format("%08x", (int) crc.getValue()).equals(stored)) {
            throw new ModelFormatException(String.format("%s is corrupted: CRC32 of its lines is %08x, the checksum"
                    + " line records %s", mf, (int) crc.getValue(), stored));
        }
        Map<String, String> m = new TreeMap<>();
        int lineNo = 0;
        for (String line : text.substring(0, last).split("\n")) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ModelFormatException(mf + " line " + lineNo + " is not key=value: " + line);
            }
            m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }

    private static List<Part> parts(Path dir, String list, String name) throws IOException {
        List<Part> parts = new ArrayList<>();
        for (String entry : list.split(",")) {
            String[] f = entry.split(":");
            Part p;
            try {
                if (f.length != 3) {
                    throw new IllegalArgumentException("expected FILE:BYTES:CRC32");
                }
                p = new Part(f[0], Long.parseLong(f[1]), Integer.parseUnsignedInt(f[2], 16));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(name + ": bad part entry '" + entry + "' in " + MANIFEST + ": "
                        + e.getMessage(), e);
            }
            checkShape(dir.resolve(p.file()), p);
            parts.add(p);
        }
        return parts;
    }

    /** Size, magic, version and footer (magic, recorded CRC32) of one part, against the manifest. */
    private static void checkShape(Path file, Part p) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException("bundle part " + file + " is missing");
        }
        long size = Files.size(file);
        if (size != p.bodyBytes() + PART_OVERHEAD) {
            throw new ModelFormatException("bundle part " + file + " is truncated or corrupted: " + size
                    + " bytes, the manifest says " + (p.bodyBytes() + PART_OVERHEAD));
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head);
            head.flip();
            byte[] magic = new byte[8];
            head.get(magic);
            if (!Arrays.equals(magic, PART_MAGIC) || head.getInt() != FORMAT_VERSION) {
                throw new ModelFormatException("bundle part " + file + " is not a recsys bundle part of version "
                        + FORMAT_VERSION);
            }
            ByteBuffer foot = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            ch.position(size - 12);
            readFully(ch, foot);
            foot.flip();
            byte[] fm = new byte[8];
            foot.get(fm);
            if (!Arrays.equals(fm, FOOTER)) {
                throw new ModelFormatException("bundle part " + file + " is truncated or corrupted: no footer");
            }
            int stored = foot.getInt();
            if (stored != p.crc()) {
                throw new ModelFormatException(String.format("bundle part %s is corrupted: its footer records CRC32"
                        + " %08x, the manifest %08x", file, stored, p.crc()));
            }
        }
    }

    /** CRC32 of one part (streamed through a 64 KiB buffer) against the manifest (and so its footer). */
    private static void checkCrc(Path file, Part p) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size != p.bodyBytes() + PART_OVERHEAD) {
                throw new ModelFormatException("bundle part " + file + " changed while being loaded: " + size
                        + " bytes, the manifest says " + (p.bodyBytes() + PART_OVERHEAD));
            }
            int computed = ModelFiles.crc32(ch, size - 4, "bundle part " + file);
            if (computed != p.crc()) {
                throw new ModelFormatException(String.format("bundle part %s is corrupted: CRC32 %08x, the footer"
                        + " and the manifest record %08x", file, computed, p.crc()));
            }
        }
    }

    /** Which parts of one load were verified, or mapped without verification. */
    private static final class Checks {
        private final Path dir;
        private final Set<String> verified = new HashSet<>();
        private final Set<String> mappedUnverified = new HashSet<>();

        Checks(Path dir) {
            this.dir = dir;
        }

        void verify(Part p) throws IOException {
            if (verified.add(p.file())) {
                try {
                    checkCrc(dir.resolve(p.file()), p);
                } catch (IOException e) {
                    verified.remove(p.file());
                    throw e;
                }
            }
        }

        void verifyUnlessMapped(Part p) throws IOException {
            if (!mappedUnverified.contains(p.file())) {
                verify(p);
            }
        }

        /** The concatenated bodies of {@code parts}, each verified before it is read. */
        BundleStream open(List<Part> parts) {
            return new BundleStream(dir, parts, i -> verify(parts.get(i)));
        }
    }

    private static long total(List<Part> parts) {
        long t = 0;
        for (Part p : parts) {
            t += p.bodyBytes();
        }
        return t;
    }

    /**
     * The model payload as the algorithm reads it, handing over float matrices ({@link RowInput})
     * mapped from their parts or read onto the heap, as the options say.
     */
    private static final class PayloadInput implements ModelInput, RowInput {
        private final BinaryModelInput in;
        private final Checks checks;
        private final List<Part> parts;
        private final LoadOptions options;
        private final String name;
        int mappedRows;
        int mappedDim;
        int mappedParts;

        PayloadInput(BinaryModelInput in, Checks checks, List<Part> parts, LoadOptions options, String name) {
            this.in = in;
            this.checks = checks;
            this.parts = parts;
            this.options = options;
            this.name = name;
        }

        @Override
        public FactorRows readRows(int rows, int dim, String what) throws IOException {
            if (!options.mapUserFactors()) {
                return FactorRows.readHeap(in, rows, dim, what);
            }
            long n = (long) rows * dim;
            boolean large = n > FactorRows.MAX_ARRAY;
            long at = in.position();
            int count = in.readInt();
            if (large ? count != FactorRows.LARGE_COUNT : count != n) {
                throw new ModelFormatException(name + ": the count of " + what + " at byte " + at + " of the model"
                        + " payload is " + count + ", expected " + (large ? FactorRows.LARGE_COUNT + " (the mark of"
                        + " more than " + FactorRows.MAX_ARRAY + " floats)" : Long.toString(n)) + " for " + rows
                        + " rows x " + dim);
            }
            long bytes = 4L * n;
            long start = in.position();
            if (in.remaining() < bytes) {
                throw new ModelFormatException(name + " is truncated: " + what + " of " + rows + " rows x " + dim
                        + " need " + bytes + " bytes from byte " + start + " of the model payload, "
                        + in.remaining() + " are left");
            }
            // the pieces: the overlap of [start, start + bytes) with each part's body, whole floats each
            List<Integer> overlapping = new ArrayList<>();
            long pos = 0;
            boolean whole = true;
            for (int i = 0; i < parts.size(); i++) {
                long a = Math.max(start, pos);
                long b = Math.min(start + bytes, pos + parts.get(i).bodyBytes());
                if (a < b) {
                    overlapping.add(i);
                    whole &= (b - a) % 4 == 0;
                }
                pos += parts.get(i).bodyBytes();
            }
            if (!whole) {
                if (large) {
                    throw new ModelFormatException(name + ": " + what + " are split between parts inside a float;"
                            + " they cannot be mapped, and are too many for the heap");
                }
                // a layout that splits floats between parts: read onto the heap
                float[] a = new float[(int) n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readFloat();
                }
                return FactorRows.of(a, rows, dim);
            }
            List<FloatBuffer> pieces = new ArrayList<>();
            List<String> files = new ArrayList<>();
            long[] starts = new long[overlapping.size()];
            long floats = 0;
            long partStart = 0;
            for (int i = 0; i < parts.size(); i++) {
                long a = Math.max(start, partStart);
                long b = Math.min(start + bytes, partStart + parts.get(i).bodyBytes());
                long thisStart = partStart;
                partStart += parts.get(i).bodyBytes();
                if (a >= b) {
                    continue;
                }
                Part p = parts.get(i);
                Path file = checks.dir.resolve(p.file());
                if (options.verifyMapped()) {
                    checks.verify(p);
                } else if (!checks.verified.contains(p.file())) {
                    checks.mappedUnverified.add(p.file());
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    long offset = 12 + (a - thisStart);
                    if (ch.size() < offset + (b - a)) {
                        throw new ModelFormatException("bundle part " + file + " changed while being loaded: "
                                + ch.size() + " bytes");
                    }
                    starts[pieces.size()] = floats;
                    pieces.add(ch.map(FileChannel.MapMode.READ_ONLY, offset, b - a).order(ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer());
                    files.add(file.toString());
                    floats += (b - a) / 4;
                }
            }
            in.skip(bytes);
            mappedRows = rows;
            mappedDim = dim;
            mappedParts = pieces.size();
            return new MappedRows(rows, dim, pieces.toArray(new FloatBuffer[0]), starts, files.toArray(new String[0]),
                    name + " " + what);
        }

        @Override
        public int readInt() throws IOException {
            return in.readInt();
        }

        @Override
        public long readLong() throws IOException {
            return in.readLong();
        }

        @Override
        public float readFloat() throws IOException {
            return in.readFloat();
        }

        @Override
        public double readDouble() throws IOException {
            return in.readDouble();
        }

        @Override
        public boolean readBoolean() throws IOException {
            return in.readBoolean();
        }

        @Override
        public String readString() throws IOException {
            return in.readString();
        }

        @Override
        public float[] readFloats() throws IOException {
            return in.readFloats();
        }

        @Override
        public int[] readInts() throws IOException {
            return in.readInts();
        }

        @Override
        public long[] readLongs() throws IOException {
            return in.readLongs();
        }

        @Override
        public long remaining() {
            return in.remaining();
        }
    }

    private static void readFully(SeekableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                break;
            }
        }
    }

    private static IdIndex readIds(Checks checks, List<Part> parts, int n, boolean numeric, String what)
            throws IOException {
        try (BundleStream s = checks.open(parts)) {
            BinaryModelInput in = new BinaryModelInput(s, what, total(parts));
            if (numeric) {
                if (in.remaining() != 8L * n) {
                    throw new ModelFormatException(what + ": " + in.remaining() + " bytes for " + n
                            + " numeric ids (8 bytes each)");
                }
                long[] ids = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = in.readLong();
                }
                return IdIndex.ofLongs(ids);
            }
            if (in.remaining() < 4L * n) {
                throw new ModelFormatException(what + ": " + in.remaining() + " bytes cannot hold " + n + " ids");
            }
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.readString();
            }
            if (in.remaining() != 0) {
                throw new ModelFormatException(what + ": " + in.remaining() + " bytes after the last id");
            }
            return IdIndex.ofStrings(ids);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(what + ": " + e.getMessage(), e);
        }
    }
}
