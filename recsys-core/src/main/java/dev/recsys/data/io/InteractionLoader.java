package dev.recsys.data.io;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.io.ColumnMapping.Field;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams interaction files of the {@link DataFormat}s into {@link Interactions}. Lines are parsed
 * straight from the bytes of a buffered stream: numeric ids go to the {@link IdIndex} as longs, and
 * a String is created only once per distinct non-numeric id, so ten million rows load in about the
 * memory of their columns. Files ending in {@code .gz} are decompressed. Text is UTF-8; blank lines
 * are ignored.
 *
 * <p>Bad input: a malformed line (wrong number of fields, a field that is not a number, an unknown
 * behaviour, NaN or infinite values, an invalid scene name, an empty id) throws a
 * {@link DataFileException} naming the file, the 1-based line and the problem; with
 * {@link LoadOptions#lenient()} such lines are skipped instead, counted in the {@link LoadReport}
 * (with the first few as examples) and summarised in one WARN log line. A missing file, an empty
 * file and a file in which no line yields an event are errors too. When an exception is thrown
 * while appending, the target keeps the events of the lines before the bad one.
 *
 * <p>Thread safety: stateless; concurrent loads into different targets are safe.
 */
public final class InteractionLoader {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionLoader.class);

    private InteractionLoader() {
    }

    /** Loads a file into a new data set with default options. */
    public static LoadResult load(Path file, DataFormat format) {
        return load(file, format, LoadOptions.defaults());
    }

    /**
     * Loads a file into a new data set (new id indices and item catalogue), trimmed to size.
     *
     * @param file    the file (UTF-8; {@code .gz} is decompressed)
     * @param format  its format
     * @param options leniency, number of skip examples, and the column mapping for {@code csv}
     * @throws DataFileException        if the file is missing or empty or has a malformed line (strict mode)
     * @throws IllegalArgumentException if an argument is null or a mapping is given for a non-csv format
     * @throws UncheckedIOException     on a read error
     */
    public static LoadResult load(Path file, DataFormat format, LoadOptions options) {
        return loadFile(file, format, options, null);
    }

    /**
     * Appends the events of a file to an existing data set: ids go to its id indices (unknown ids
     * are added) and item attributes (categories) to its catalogue. Use it to load a test file with
     * the training file's indices: {@code new Dataset(new Interactions(train.users(), train.items(),
     * 0), trainCatalog)}. The log is trimmed to size afterwards.
     *
     * @param into the data set to append to. Modified.
     * @return a result whose data set is {@code into}
     * @throws DataFileException        if the file is missing or empty or has a malformed line (strict mode)
     * @throws IllegalArgumentException if an argument is null or a mapping is given for a non-csv format
     * @throws UncheckedIOException     on a read error
     */
    public static LoadResult load(Path file, DataFormat format, LoadOptions options, Dataset into) {
        if (into == null) {
            throw new IllegalArgumentException("into must not be null");
        }
        return loadFile(file, format, options, into);
    }

    /**
     * Appends the events of a file to an existing log (a shortcut for
     * {@link #load(Path, DataFormat, LoadOptions, Dataset)} with {@code Dataset.of(into)}: item
     * categories the file carries go to the new catalogue of the result's data set).
     *
     * @param into the log to append to; its id indices gain unknown ids. Modified.
     * @return a result whose data set holds {@code into}
     */
    public static LoadResult load(Path file, DataFormat format, LoadOptions options, Interactions into) {
        if (into == null) {
            throw new IllegalArgumentException("into must not be null");
        }
        return loadFile(file, format, options, Dataset.of(into));
    }

    /**
     * Appends the events of a stream (UTF-8, not decompressed) to an existing data set.
     *
     * @param in     the stream; read to the end and closed
     * @param source name of the input for messages, e.g. a file or resource name
     * @param into   the data set to append to. Modified.
     */
    public static LoadResult load(InputStream in, String source, DataFormat format, LoadOptions options, Dataset into) {
        if (in == null || source == null || into == null) {
            throw new IllegalArgumentException("in, source and into must not be null");
        }
        Spec spec = spec(format, options);
        try (DelimitedReader r = new DelimitedReader(in, spec.mapping.delimiterBytes())) {
            return new Run(r, source, spec, options, into).run();
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    private static LoadResult loadFile(Path file, DataFormat format, LoadOptions options, Dataset into) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        Spec spec = spec(format, options);
        String source = file.toString();
        if (!Files.exists(file)) {
            throw new DataFileException(source, 0, "file not found (" + file.toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new DataFileException(source, 0, "is a folder, not a file");
        }
        boolean gz = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
             DelimitedReader r = new DelimitedReader(in, spec.mapping.delimiterBytes())) {
            Dataset target = into;
            if (target == null) {
                int capacity = 1024;
                double bpl = r.sampleBytesPerLine();
                if (!gz && bpl > 0) {
                    capacity = (int) Math.min(Integer.MAX_VALUE - 16, Files.size(file) / bpl * 1.02 + 16);
                }
                target = Dataset.of(new Interactions(new IdIndex(), new IdIndex(), capacity));
            }
            return new Run(r, source, spec, options, target).run();
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    private static Spec spec(DataFormat format, LoadOptions options) {
        if (format == null) {
            throw new IllegalArgumentException("format must not be null; valid formats: " + String.join(", ", DataFormat.names()));
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (options.mapping() != null && format != DataFormat.CSV) {
            throw new IllegalArgumentException("a column mapping applies only to format csv, not " + format.formatName());
        }
        switch (format) {
            case MOVIELENS:
                return new Spec(ColumnMapping.parse("user=0,item=1,value=2,time=3,fixed-behavior=rating,delimiter=tab"), true);
            case MOVIELENS_DAT:
                return new Spec(ColumnMapping.parse("user=0,item=1,value=2,time=3,fixed-behavior=rating,delimiter=::"), true);
            case MOVIELENS_CSV:
                return new Spec(ColumnMapping.parse("user=userId,item=movieId,value=rating,time=timestamp,fixed-behavior=rating"),
                        true);
            case TAOBAO:
                return new Spec(ColumnMapping.parse("user=0,item=1,category=2,behavior=3,time=4"), true);
            case RETAILROCKET:
                return new Spec(ColumnMapping.parse("time=timestamp,user=visitorid,behavior=event,item=itemid,time-unit=ms"), true);
            case CSV:
                return new Spec(options.mapping() == null ? ColumnMapping.defaults() : options.mapping(), false);
            default:
                throw new AssertionError(format);
        }
    }

    /** A mapping plus whether lines of a header-less file must have exactly the mapped columns. */
    private static final class Spec {
        final ColumnMapping mapping;
        final boolean exact;

        Spec(ColumnMapping mapping, boolean exact) {
            this.mapping = mapping;
            this.exact = exact;
        }
    }

    /** One load: the parsing state. */
    private static final class Run {
        private static final int SMALL_CACHE = 64;

        private final DelimitedReader r;
        private final String source;
        private final ColumnMapping mapping;
        private final boolean exactNoHeader;
        private final LoadOptions options;
        private final Dataset into;
        private final Interactions log;
        private final ItemCatalog catalog;
        private final ByteKeyMap userIds = new ByteKeyMap();
        private final ByteKeyMap itemIds = new ByteKeyMap();
        private final ByteKeyMap categoryIds = new ByteKeyMap();
        private final List<String> categories = new ArrayList<>();
        private final byte[][] behaviorKeys = new byte[SMALL_CACHE][];
        private final Behavior[] behaviorValues = new Behavior[SMALL_CACHE];
        private int nBehaviors;
        private final byte[][] sceneKeys = new byte[SMALL_CACHE][];
        private final byte[] sceneValues = new byte[SMALL_CACHE];
        private int nScenes;

        private int cUser;
        private int cItem;
        private int cBehavior;
        private int cValue;
        private int cTime;
        private int cScene;
        private int cCategory;
        private int expectedFields;
        private boolean exact;
        private final String[] labels = new String[Field.values().length];

        Run(DelimitedReader r, String source, Spec spec, LoadOptions options, Dataset into) {
            this.r = r;
            this.source = source;
            this.mapping = spec.mapping;
            this.exactNoHeader = spec.exact;
            this.options = options;
            this.into = into;
            this.log = into.interactions();
            this.catalog = into.catalog();
        }

        LoadResult run() throws IOException {
            long rows = 0;
            long loaded = 0;
            long skipped = 0;
            List<String> examples = new ArrayList<>();
            boolean sawHeader = false;
            try {
                if (!start()) {
                    throw new DataFileException(source, 0, "no events: the file is empty");
                }
                sawHeader = mapping.hasHeader();
                while (r.next()) {
                    if (r.isBlank()) {
                        continue;
                    }
                    rows++;
                    try {
                        row();
                        loaded++;
                    } catch (FieldError e) {
                        if (!options.lenient()) {
                            throw new DataFileException(source, r.lineNumber(), e.getMessage());
                        }
                        skipped++;
                        if (examples.size() < options.maxExamples()) {
                            examples.add(DataFileException.format(source, r.lineNumber(), e.getMessage()));
                        }
                    }
                }
            } catch (FieldError e) {
                throw new DataFileException(source, r.lineNumber() + 1, e.getMessage());
            }
            if (loaded == 0) {
                String why = rows == 0 ? (sawHeader ? "the file has a header but no data lines" : "the file has no data lines")
                        : "all " + rows + " lines were skipped as malformed, e.g. " + String.join("; ", examples);
                throw new DataFileException(source, 0, "no events: " + why);
            }
            LoadReport report = new LoadReport(source, rows, loaded, skipped, examples);
            if (skipped > 0) {
                LOG.warn("{}: skipped {} malformed of {} lines; first: {}", source, skipped, rows, String.join("; ", examples));
            }
            log.trimToSize();
            log.users().trimToSize();
            log.items().trimToSize();
            LOG.debug("{}", report.summary());
            return new LoadResult(into, report);
        }

        /** Reads the header (if any) and resolves the columns; false if the input has no line at all. */
        private boolean start() throws IOException {
            String[] header = null;
            if (mapping.hasHeader()) {
                do {
                    if (!r.next()) {
                        return false;
                    }
                } while (r.isBlank());
                try {
                    header = r.texts();
                } catch (FieldError e) {
                    throw new DataFileException(source, r.lineNumber(), "header: " + e.getMessage());
                }
            }
            int[] cols = mapping.resolve(header, source);
            cUser = cols[Field.USER.ordinal()];
            cItem = cols[Field.ITEM.ordinal()];
            cBehavior = cols[Field.BEHAVIOR.ordinal()];
            cValue = cols[Field.VALUE.ordinal()];
            cTime = cols[Field.TIME.ordinal()];
            cScene = cols[Field.SCENE.ordinal()];
            cCategory = cols[Field.CATEGORY.ordinal()];
            int max = -1;
            for (Field f : Field.values()) {
                int c = cols[f.ordinal()];
                max = Math.max(max, c);
                String name = header != null && c >= 0 && c < header.length ? header[c].trim()
                        : (f == Field.VALUE && mapping.fixedBehavior() == Behavior.RATING ? "rating" : f.key());
                labels[f.ordinal()] = "field " + (c + 1) + " (" + name + ")";
            }
            if (header != null) {
                expectedFields = header.length;
                exact = true;
                if (max >= header.length) {
                    throw new DataFileException(source, 1, "the mapping uses column " + (max + 1) + " but the header has only "
                            + header.length + " columns");
                }
            } else {
                expectedFields = max + 1;
                exact = exactNoHeader;
            }
            return true;
        }

        private void row() {
            int nf = r.fieldCount();
            if (exact ? nf != expectedFields : nf < expectedFields) {
                throw new FieldError("expected " + (exact ? "" : "at least ") + expectedFields + " fields separated by "
                        + delimiterName() + ", found " + nf);
            }
            if (r.isEmpty(cUser)) {
                throw new FieldError(labels[Field.USER.ordinal()] + " is empty");
            }
            if (r.isEmpty(cItem)) {
                throw new FieldError(labels[Field.ITEM.ordinal()] + " is empty");
            }
            Behavior b = cBehavior < 0 ? mapping.fixedBehavior() : behavior(cBehavior);
            float v = 1f;
            if (cValue >= 0 && !r.isEmpty(cValue)) {
                v = r.parseFloat(cValue, labels[Field.VALUE.ordinal()]);
            } else if (b.hasValue()) {
                throw new FieldError((cValue >= 0 ? labels[Field.VALUE.ordinal()] + " is empty" : "there is no value column")
                        + ": behaviour " + b.name().toLowerCase(Locale.ROOT) + " needs a value");
            }
            long t = 0;
            if (cTime >= 0) {
                t = r.parseLong(cTime, labels[Field.TIME.ordinal()]);
                if (mapping.timeInMillis()) {
                    t = Math.floorDiv(t, 1000L);
                }
            }
            byte sc = Interactions.NO_SCENE;
            if (cScene >= 0 && !r.isEmpty(cScene)) {
                sc = scene(cScene);
            }
            String category = null;
            if (cCategory >= 0 && !r.isEmpty(cCategory)) {
                category = category(cCategory);
            }
            int u = id(log.users(), userIds, cUser);
            int i = id(log.items(), itemIds, cItem);
            log.add(u, i, b, v, t, sc);
            if (category != null) {
                catalog.setCategorical(ItemCatalog.CATEGORY, i, category);
            }
        }

        private int id(IdIndex idx, ByteKeyMap map, int f) {
            if (idx.isNumeric()) {
                long v = r.canonicalLong(f);
                if (v != Long.MIN_VALUE) {
                    return idx.add(v);
                }
            }
            int h = r.hash(f);
            int k = map.get(r, f, h);
            if (k >= 0) {
                return k;
            }
            int index = idx.add(r.text(f));
            map.put(r, f, h, index);
            return index;
        }

        private Behavior behavior(int f) {
            for (int k = 0; k < nBehaviors; k++) {
                if (r.equalsBytes(f, behaviorKeys[k])) {
                    return behaviorValues[k];
                }
            }
            Behavior b = Behavior.parseOrNull(r.text(f));
            if (b == null) {
                throw new FieldError(labels[Field.BEHAVIOR.ordinal()] + ": unknown behaviour " + r.quote(f) + "; accepted: "
                        + Behavior.acceptedNames());
            }
            if (nBehaviors < SMALL_CACHE) {
                behaviorKeys[nBehaviors] = r.bytes(f);
                behaviorValues[nBehaviors++] = b;
            }
            return b;
        }

        private byte scene(int f) {
            for (int k = 0; k < nScenes; k++) {
                if (r.equalsBytes(f, sceneKeys[k])) {
                    return sceneValues[k];
                }
            }
            byte code;
            try {
                code = log.sceneCode(Scene.of(r.text(f)));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new FieldError(labels[Field.SCENE.ordinal()] + ": " + e.getMessage());
            }
            if (nScenes < SMALL_CACHE) {
                sceneKeys[nScenes] = r.bytes(f);
                sceneValues[nScenes++] = code;
            }
            return code;
        }

        private String category(int f) {
            int h = r.hash(f);
            int k = categoryIds.get(r, f, h);
            if (k >= 0) {
                return categories.get(k);
            }
            String s = r.text(f);
            categoryIds.put(r, f, h, categories.size());
            categories.add(s);
            return s;
        }

        private String delimiterName() {
            switch (mapping.delimiter()) {
                case "\t":
                    return "TAB";
                case " ":
                    return "SPACE";
                default:
                    return "'" + mapping.delimiter() + "'";
            }
        }
    }
}
