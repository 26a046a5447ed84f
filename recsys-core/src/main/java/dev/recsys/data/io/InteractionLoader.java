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
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams interaction files of the {@link DataFormat}s into {@link Interactions}. Lines are parsed
 * straight from the bytes of a buffered stream: numeric ids go to the {@link IdIndex} as longs, and
 * a String is created only once per distinct non-numeric id, so ten million rows load in about the
 * memory of their columns. The log grows as lines arrive (by half its size each time), so memory
 * follows the events read, whatever the first lines look like. Files ending in {@code .gz} are
 * decompressed. Text is UTF-8; blank lines are ignored.
 *
 * <p>Values and time stamps: a value must be finite and inside the range of
 * {@link LoadOptions#minValue()}..{@link LoadOptions#maxValue()} (default [-1e6, 1e6]); a time
 * stamp is epoch seconds, epoch milliseconds or ISO-8601 text as the mapping's
 * {@link ColumnMapping.TimeUnit} states (a file never mixes seconds and milliseconds), and after
 * conversion to seconds must lie in {@link LoadOptions#minTime()}..{@link LoadOptions#maxTime()}
 * (default 1900 to 2100). The built-in formats state their unit: MovieLens and Taobao seconds,
 * RetailRocket milliseconds; {@code csv} detects it by default. Behaviour names are looked up in
 * {@link LoadOptions#behaviorNames()} (the shop's own names) before the built-in names.
 *
 * <p>Bad input: a malformed line (wrong number of fields, a field that is not a number, an unknown
 * behaviour, NaN, infinite or out-of-range values, a time stamp out of range or of the other unit,
 * a negative value of an implicit behaviour when the mapping sets a {@code value-transform},
 * an invalid scene name, an empty id, invalid UTF-8, a byte-order mark after the start of the
 * file, a line longer than {@link LoadOptions#maxLineBytes()}) throws a
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
        try (DelimitedReader r = new DelimitedReader(in, spec.mapping.delimiterBytes(), options.maxLineBytes())) {
            r.dropOverlong(options.lenient());
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
             DelimitedReader r = new DelimitedReader(in, spec.mapping.delimiterBytes(), options.maxLineBytes())) {
            // the log grows with the events read; a capacity guessed from the first lines can be
            // far too large (a block of blank lines) and fail with OutOfMemoryError
            r.dropOverlong(options.lenient());
            Dataset target = into != null ? into : Dataset.of(new Interactions(new IdIndex(), new IdIndex(), 1024));
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
                return new Spec(ColumnMapping.parse("user=0,item=1,value=2,time=3,fixed-behavior=rating,delimiter=tab,time-unit=s"),
                        true);
            case MOVIELENS_DAT:
                return new Spec(ColumnMapping.parse("user=0,item=1,value=2,time=3,fixed-behavior=rating,delimiter=::,time-unit=s"),
                        true);
            case MOVIELENS_CSV:
                return new Spec(ColumnMapping.parse(
                        "user=userId,item=movieId,value=rating,time=timestamp,fixed-behavior=rating,time-unit=s"), true);
            case TAOBAO:
                return new Spec(ColumnMapping.parse("user=0,item=1,category=2,behavior=3,time=4,time-unit=s"), true);
            case RETAILROCKET:
                return new Spec(ColumnMapping.parse("time=timestamp,user=visitorid,behavior=event,item=itemid,time-unit=ms"), true);
            case CSV:
                return new Spec(options.mapping() == null ? ColumnMapping.defaults() : options.mapping(), false);
            default:
                throw new AssertionError(format);
        }
    }

    /** The reason for a line longer than the limit. */
    static String overlongReason(DelimitedReader r) {
        return "the line is longer than the maximum line length of " + r.maxLineBytes()
                + " bytes (LoadOptions.withMaxLineBytes)";
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
        private final ByteKeyMap basketIds = new ByteKeyMap();
        private final ByteKeyMap sessionIds = new ByteKeyMap();
        private final List<String> categories = new ArrayList<>();
        private final byte[][] behaviorKeys = new byte[SMALL_CACHE][];
        private final Behavior[] behaviorValues = new Behavior[SMALL_CACHE];
        private int nBehaviors;
        private final byte[][] sceneKeys = new byte[SMALL_CACHE][];
        private final byte[] sceneValues = new byte[SMALL_CACHE];
        private int nScenes;
        /** {@link ColumnMapping.TimeUnit#AUTO}: 0 until the first integer time stamp, then 1 = seconds, 2 = milliseconds. */
        private int timeKind;
        private long timeKindLine;

        private int cUser;
        private int cItem;
        private int cBehavior;
        private int cValue;
        private int cTime;
        private int cScene;
        private int cCategory;
        private int cBasket;
        private int cSession;
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
                    if (!r.isOverlong() && r.isBlank()) {
                        continue;
                    }
                    rows++;
                    try {
                        if (r.isOverlong()) {
                            throw new FieldError(overlongReason(r));
                        }
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
            log.basketIds().trimToSize();
            log.sessionIds().trimToSize();
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
                } while (!r.isOverlong() && r.isBlank());
                if (r.isOverlong()) {
                    throw new DataFileException(source, r.lineNumber(), "header: " + overlongReason(r));
                }
                String bad = r.checkText();
                if (bad != null) {
                    throw new DataFileException(source, r.lineNumber(), "header: " + bad);
                }
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
            cBasket = cols[Field.BASKET.ordinal()];
            cSession = cols[Field.SESSION.ordinal()];
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
            String bad = r.checkText();
            if (bad != null) {
                throw new FieldError(bad);
            }
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
                if (v < options.minValue() || v > options.maxValue()) {
                    throw new FieldError(labels[Field.VALUE.ordinal()] + " " + r.quote(cValue)
                            + " is outside the accepted value range " + options.valueRangeText()
                            + " (LoadOptions.withValueRange)");
                }
                if (v < 0 && !b.hasValue() && mapping.valueTransform() != null && !mapping.valueTransform().isNone()) {
                    throw new FieldError(labels[Field.VALUE.ordinal()] + " " + r.quote(cValue) + " is negative: value-transform="
                            + mapping.valueTransform() + " needs values >= 0 for implicit behaviours (here "
                            + b.name().toLowerCase(Locale.ROOT) + ")");
                }
            } else if (b.hasValue()) {
                throw new FieldError((cValue >= 0 ? labels[Field.VALUE.ordinal()] + " is empty" : "there is no value column")
                        + ": behaviour " + b.name().toLowerCase(Locale.ROOT) + " needs a value");
            }
            long t = 0;
            if (cTime >= 0) {
                t = time(cTime);
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
            // basket and session ids: dictionary codes, one int per event (an empty cell: none)
            int basket = cBasket >= 0 && !r.isEmpty(cBasket) ? id(log.basketIds(), basketIds, cBasket)
                    : Interactions.NO_GROUP;
            int session = cSession >= 0 && !r.isEmpty(cSession) ? id(log.sessionIds(), sessionIds, cSession)
                    : Interactions.NO_GROUP;
            int pos = log.add(u, i, b, v, t, sc);
            if (basket != Interactions.NO_GROUP) {
                log.setBasket(pos, basket);
            }
            if (session != Interactions.NO_GROUP) {
                log.setSession(pos, session);
            }
            if (category != null) {
                catalog.setCategorical(ItemCatalog.CATEGORY, i, category);
            }
        }

        /** The time stamp of field {@code f} in epoch seconds, checked against the unit and the accepted range. */
        private long time(int f) {
            String label = labels[Field.TIME.ordinal()];
            long t;
            if (TimeStamps.isInteger(r.buffer(), r.start(f), r.end(f))) {
                long raw = r.parseLong(f, label);
                boolean millis = raw >= ColumnMapping.AUTO_MILLIS_FROM || raw <= -ColumnMapping.AUTO_MILLIS_FROM;
                switch (mapping.timeUnit()) {
                    case SECONDS:
                        millis = false; // the time range catches milliseconds (10^11 s is after the year 5000)
                        break;
                    case MILLISECONDS:
                        if (!millis) {
                            throw new FieldError(label + " " + raw + " looks like seconds (less than 10^11) but this file's "
                                    + "time stamps are milliseconds (" + TimeStamps.format(raw) + " as seconds)");
                        }
                        break;
                    default:
                        int kind = millis ? 2 : 1;
                        if (timeKind == 0) {
                            timeKind = kind;
                            timeKindLine = r.lineNumber();
                        } else if (kind != timeKind) {
                            throw new FieldError(label + " " + raw + " is in " + unitName(kind) + " but the first time stamp (line "
                                    + timeKindLine + ") is in " + unitName(timeKind) + ": a file must not mix seconds and "
                                    + "milliseconds (integers of 10^11 or more are milliseconds; set time-unit=s or ms)");
                        }
                }
                t = millis ? Math.floorDiv(raw, 1000L) : raw;
            } else {
                t = TimeStamps.parseIso(r.text(f).trim(), label);
            }
            if (t < options.minTime() || t > options.maxTime()) {
                throw new FieldError(label + " " + r.quote(f) + " (" + TimeStamps.format(t) + ") is outside the accepted time range "
                        + TimeStamps.format(options.minTime()) + " .. " + TimeStamps.format(options.maxTime())
                        + " (LoadOptions.withTimeRange)" + (t >= ColumnMapping.AUTO_MILLIS_FROM
                        ? "; it looks like milliseconds but this file's time stamps are seconds" : ""));
            }
            return t;
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
            String name = r.text(f);
            Map<String, Behavior> own = options.behaviorNames();
            Behavior b = own.isEmpty() ? null : own.get(name.trim().toLowerCase(Locale.ROOT));
            if (b == null) {
                b = Behavior.parseOrNull(name);
            }
            if (b == null) {
                throw new FieldError(labels[Field.BEHAVIOR.ordinal()] + ": unknown behaviour " + r.quote(f) + "; accepted: "
                        + (own.isEmpty() ? "" : String.join(", ", own.keySet()) + " (mapped), ") + Behavior.acceptedNames()
                        + "; map the shop's own event names with LoadOptions.withBehaviorNames (CLI: --behaviors NAME=BEHAVIOUR,...)");
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

        private static String unitName(int kind) {
            return kind == 2 ? "milliseconds" : "seconds";
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
