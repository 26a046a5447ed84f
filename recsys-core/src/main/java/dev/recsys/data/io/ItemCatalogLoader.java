package dev.recsys.data.io;

import dev.recsys.data.IdIndex;
import dev.recsys.data.ItemCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads item attributes into an {@link ItemCatalog}, adding unknown item ids to the catalogue's
 * {@link IdIndex} (pass the catalogue of the loaded interactions so both share the index).
 *
 * <ul>
 *   <li>{@link #loadMovieLensItems}: MovieLens {@code u.item} (pipe separated, ISO-8859-1):
 *       by default {@code category} = the first flagged genre, numeric {@code year} from the
 *       release date when present, categorical {@code title}; other encodings of the same file
 *       (genre flags, decade) are chosen with {@link MovieLensAttribute}.</li>
 *   <li>{@link #loadCsv}: a comma-separated file with a header whose item column is named
 *       {@code item} (or {@code item_id}, {@code itemid}, {@code id}). {@code category} and
 *       {@code brand} are categorical, {@code price} numeric; every other column becomes a numeric
 *       attribute if each of its non-empty values is a finite number, else a categorical one.
 *       Empty cells leave the attribute missing.</li>
 * </ul>
 * Bad lines are handled as in {@link InteractionLoader}: a {@link DataFileException} naming file,
 * line and problem, or in lenient mode a skip counted in the returned {@link LoadReport}. Lines
 * longer than {@link LoadOptions#maxLineBytes()} are bad lines, and so are lines of the CSV that
 * are not valid UTF-8 or hold a byte-order mark after the start of the file. The
 * report's {@code eventsLoaded} counts item rows stored.
 *
 * <p>Thread safety: stateless; concurrent loads into different catalogues are safe.
 */
public final class ItemCatalogLoader {
    /** MovieLens 100K genre names in the order of the flags of {@code u.item} ({@code u.genre}). */
    public static final List<String> MOVIELENS_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
            "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
            "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");
    /** Numeric attribute with the release year (MovieLens). */
    public static final String YEAR = "year";
    /** Categorical attribute with the title (MovieLens). */
    public static final String TITLE = "title";
    /** Categorical attribute with the release decade, e.g. {@code 1990} (MovieLens). */
    public static final String DECADE = "decade";

    /**
     * Which attributes {@link #loadMovieLensItems(Path, ItemCatalog, LoadOptions, Set)} writes
     * from a {@code u.item} line. Item ids are always read; the line is validated in full whatever
     * is chosen.
     */
    public enum MovieLensAttribute {
        /** Categorical {@value ItemCatalog#CATEGORY}: the first flagged genre (none if no flag is set). */
        CATEGORY,
        /** Categorical {@value ItemCatalogLoader#TITLE}: the title (none if empty). */
        TITLE,
        /** Numeric {@value ItemCatalogLoader#YEAR}: the release year (none without a release date). */
        YEAR,
        /** Categorical {@value ItemCatalogLoader#DECADE}: the release year rounded down to ten. */
        DECADE,
        /**
         * Numeric {@code genre:NAME} for each of the 19 {@link #MOVIELENS_GENRES}: 1 if flagged, else 0
         * (every item has every flag; suits models that read numeric features).
         */
        GENRE_FLAGS,
        /**
         * Categorical {@code genre-name} (genre name in lower case) = {@value ItemCatalog#YES} for each
         * flagged genre, missing for the others (suits models that read categorical values only).
         */
        GENRE_VALUES;

        /** The attributes {@link #loadMovieLensItems(Path, ItemCatalog)} writes: category, title, year. */
        public static final Set<MovieLensAttribute> DEFAULT =
                Collections.unmodifiableSet(EnumSet.of(CATEGORY, TITLE, YEAR));
    }

    private static final Logger LOG = LoggerFactory.getLogger(ItemCatalogLoader.class);
    private static final List<String> ITEM_COLUMN_NAMES = List.of("item", "item_id", "itemid", "id");

    private ItemCatalogLoader() {
    }

    /** Loads MovieLens {@code u.item} strictly. */
    public static LoadReport loadMovieLensItems(Path file, ItemCatalog into) {
        return loadMovieLensItems(file, into, LoadOptions.defaults());
    }

    /**
     * Loads MovieLens {@code u.item}.
     *
     * @param file    the u.item file
     * @param into    the catalogue to fill; its item index gains unknown items. Modified.
     * @param options leniency and number of skip examples (no mapping)
     * @throws DataFileException on a missing or empty file or a malformed line (strict mode)
     */
    public static LoadReport loadMovieLensItems(Path file, ItemCatalog into, LoadOptions options) {
        return loadMovieLensItems(file, into, options, MovieLensAttribute.DEFAULT);
    }

    /**
     * Loads chosen attributes of MovieLens {@code u.item}.
     *
     * @param file       the u.item file
     * @param into       the catalogue to fill; its item index gains unknown items. Modified.
     * @param options    leniency and number of skip examples (no mapping)
     * @param attributes the attributes to write (may be empty: items only). Not modified.
     * @throws DataFileException on a missing or empty file or a malformed line (strict mode)
     */
    public static LoadReport loadMovieLensItems(Path file, ItemCatalog into, LoadOptions options,
                                                Set<MovieLensAttribute> attributes) {
        check(file, into, options);
        if (attributes == null) {
            throw new IllegalArgumentException("attributes must not be null");
        }
        String source = file.toString();
        Counter c = new Counter(source, options);
        try (InputStream raw = Files.newInputStream(file);
             DelimitedReader r = new DelimitedReader(raw, new byte[] {'|'}, options.maxLineBytes(), false,
                     StandardCharsets.ISO_8859_1)) {
            r.dropOverlong(options.lenient());
            while (r.next()) {
                if (!r.isOverlong() && r.isBlank()) {
                    continue;
                }
                c.rows++;
                try {
                    if (r.isOverlong()) {
                        throw new FieldError(InteractionLoader.overlongReason(r));
                    }
                    movieLensLine(r.texts(), into, attributes);
                    c.loaded++;
                } catch (FieldError e) {
                    c.fail(r.lineNumber(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
        return c.finish();
    }

    private static void movieLensLine(String[] f, ItemCatalog into, Set<MovieLensAttribute> attributes) {
        int expected = 5 + MOVIELENS_GENRES.size();
        if (f.length != expected) {
            throw new FieldError("expected " + expected + " fields separated by '|', found " + f.length);
        }
        String id = f[0].trim();
        if (id.isEmpty()) {
            throw new FieldError("field 1 (item) is empty");
        }
        String category = null;
        boolean[] flags = new boolean[MOVIELENS_GENRES.size()];
        for (int g = 0; g < MOVIELENS_GENRES.size(); g++) {
            String flag = f[5 + g].trim();
            if (flag.equals("1")) {
                flags[g] = true;
                if (category == null) {
                    category = MOVIELENS_GENRES.get(g);
                }
            } else if (!flag.equals("0")) {
                throw new FieldError("field " + (6 + g) + " (" + MOVIELENS_GENRES.get(g) + ") must be 0 or 1, got '" + flag + "'");
            }
        }
        String date = f[2].trim();
        float year = Float.NaN;
        if (date.length() >= 4) {
            String y = date.substring(date.length() - 4);
            if (y.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                year = Integer.parseInt(y);
            } else {
                throw new FieldError("field 3 (release date) has no year: '" + date + "'");
            }
        } else if (!date.isEmpty()) {
            throw new FieldError("field 3 (release date) has no year: '" + date + "'");
        }
        int item = into.items().add(id);
        if (attributes.contains(MovieLensAttribute.CATEGORY)) {
            into.setCategorical(ItemCatalog.CATEGORY, item, category);
        }
        if (attributes.contains(MovieLensAttribute.TITLE)) {
            String title = f[1].trim();
            into.setCategorical(TITLE, item, title.isEmpty() ? null : title);
        }
        if (!Float.isNaN(year) && attributes.contains(MovieLensAttribute.YEAR)) {
            into.setNumeric(YEAR, item, year);
        }
        if (!Float.isNaN(year) && attributes.contains(MovieLensAttribute.DECADE)) {
            into.setCategorical(DECADE, item, Integer.toString((int) year / 10 * 10));
        }
        for (int g = 0; g < flags.length; g++) {
            if (attributes.contains(MovieLensAttribute.GENRE_FLAGS)) {
                into.setNumeric("genre:" + MOVIELENS_GENRES.get(g), item, flags[g] ? 1f : 0f);
            }
            if (flags[g] && attributes.contains(MovieLensAttribute.GENRE_VALUES)) {
                into.setCategorical("genre-" + MOVIELENS_GENRES.get(g).toLowerCase(Locale.ROOT), item, ItemCatalog.YES);
            }
        }
    }

    /** Loads an item CSV strictly. */
    public static LoadReport loadCsv(Path file, ItemCatalog into) {
        return loadCsv(file, into, LoadOptions.defaults());
    }

    /**
     * Loads an item CSV with a header (see the class comment).
     *
     * @param file    the file (UTF-8, comma separated, double quotes allowed)
     * @param into    the catalogue to fill; its item index gains unknown items. Modified.
     * @param options leniency and number of skip examples (no mapping)
     * @throws DataFileException on a missing or empty file, a header without an item column, or a
     *                           malformed line (strict mode)
     */
    public static LoadReport loadCsv(Path file, ItemCatalog into, LoadOptions options) {
        check(file, into, options);
        String source = file.toString();
        Counter c = new Counter(source, options);
        String[] header;
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        int itemCol = -1;
        try (InputStream raw = Files.newInputStream(file);
             DelimitedReader r = new DelimitedReader(raw, new byte[] {','}, options.maxLineBytes())) {
            r.dropOverlong(options.lenient());
            do {
                if (!r.next()) {
                    throw new DataFileException(source, 0, "no items: the file is empty");
                }
            } while (!r.isOverlong() && r.isBlank());
            if (r.isOverlong()) {
                throw new DataFileException(source, r.lineNumber(), "header: " + InteractionLoader.overlongReason(r));
            }
            String badHeader = r.checkText();
            if (badHeader != null) {
                throw new DataFileException(source, r.lineNumber(), "header: " + badHeader);
            }
            try {
                header = r.texts();
            } catch (FieldError e) {
                throw new DataFileException(source, r.lineNumber(), "header: " + e.getMessage());
            }
            for (int k = 0; k < header.length && itemCol < 0; k++) {
                if (ITEM_COLUMN_NAMES.contains(header[k].trim().toLowerCase(Locale.ROOT))) {
                    itemCol = k;
                }
            }
            if (itemCol < 0) {
                throw new DataFileException(source, r.lineNumber(), "the header has no item column (one of "
                        + ITEM_COLUMN_NAMES + "); header: " + String.join(",", header));
            }
            while (r.next()) {
                if (!r.isOverlong() && r.isBlank()) {
                    continue;
                }
                c.rows++;
                try {
                    if (r.isOverlong()) {
                        throw new FieldError(InteractionLoader.overlongReason(r));
                    }
                    String bad = r.checkText();
                    if (bad != null) {
                        throw new FieldError(bad);
                    }
                    int nf = r.fieldCount();
                    if (nf != header.length) {
                        throw new FieldError("expected " + header.length + " fields separated by ',', found " + nf);
                    }
                    if (r.isEmpty(itemCol)) {
                        throw new FieldError("field " + (itemCol + 1) + " (" + header[itemCol].trim() + ") is empty");
                    }
                    rows.add(r.texts());
                    lines.add(r.lineNumber());
                } catch (FieldError e) {
                    c.fail(r.lineNumber(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        } catch (FieldError e) {
            throw new DataFileException(source, 0, e.getMessage());
        }
        int nCols = header.length;
        String[] names = new String[nCols];
        boolean[] numeric = new boolean[nCols];
        for (int k = 0; k < nCols; k++) {
            names[k] = header[k].trim();
            String lower = names[k].toLowerCase(Locale.ROOT);
            if (lower.equals(ItemCatalog.CATEGORY) || lower.equals(ItemCatalog.BRAND)) {
                names[k] = lower;
                numeric[k] = false;
            } else if (lower.equals(ItemCatalog.PRICE)) {
                names[k] = lower;
                numeric[k] = true;
            } else if (k != itemCol) {
                if (names[k].isEmpty()) {
                    throw new DataFileException(source, 1, "column " + (k + 1) + " of the header has no name");
                }
                boolean allNumbers = true;
                for (String[] row : rows) {
                    String v = row[k].trim();
                    if (!v.isEmpty() && !Float.isFinite(parseFinite(v))) {
                        allNumbers = false;
                        break;
                    }
                }
                numeric[k] = allNumbers;
            }
        }
        c.nextPass();
        for (int n = 0; n < rows.size(); n++) {
            String[] row = rows.get(n);
            try {
                float[] nums = new float[nCols];
                for (int k = 0; k < nCols; k++) {
                    String v = row[k].trim();
                    if (k != itemCol && numeric[k] && !v.isEmpty()) {
                        nums[k] = parseFinite(v);
                        if (!Float.isFinite(nums[k])) {
                            throw new FieldError("field " + (k + 1) + " (" + names[k] + ") is not a finite number: '" + v + "'");
                        }
                    }
                }
                int item = into.items().add(row[itemCol].trim());
                for (int k = 0; k < nCols; k++) {
                    String v = row[k].trim();
                    if (k == itemCol || v.isEmpty()) {
                        continue;
                    }
                    if (numeric[k]) {
                        into.setNumeric(names[k], item, nums[k]);
                    } else {
                        into.setCategorical(names[k], item, v);
                    }
                }
                c.loaded++;
            } catch (FieldError e) {
                c.fail(lines.get(n), e);
            }
        }
        return c.finish();
    }

    /** A finite float, or NaN if {@code v} is not a plain decimal number (NaN, Infinity, hex, suffixes...). */
    static float parseFinite(String v) {
        for (int k = 0; k < v.length(); k++) {
            char ch = v.charAt(k);
            if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) {
                return Float.NaN;
            }
        }
        try {
            float f = Float.parseFloat(v);
            return Float.isFinite(f) ? f : Float.NaN;
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    private static void check(Path file, ItemCatalog into, LoadOptions options) {
        if (file == null || into == null || options == null) {
            throw new IllegalArgumentException("file, into and options must not be null");
        }
        if (options.mapping() != null) {
            throw new IllegalArgumentException("item attribute files take no column mapping");
        }
        if (!Files.exists(file)) {
            throw new DataFileException(file.toString(), 0, "file not found (" + file.toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new DataFileException(file.toString(), 0, "is a folder, not a file");
        }
    }

    /** Counts rows and skips. */
    private static final class Counter {
        final String source;
        final LoadOptions options;
        final List<long[]> exampleLines = new ArrayList<>();
        final List<String> examples = new ArrayList<>();
        int inPass;
        long rows;
        long loaded;
        long skipped;

        Counter(String source, LoadOptions options) {
            this.source = source;
            this.options = options;
        }

        void fail(long line, FieldError e) {
            if (!options.lenient()) {
                throw new DataFileException(source, line, e.getMessage());
            }
            skipped++;
            if (inPass < options.maxExamples()) { // the first few of each pass; sorted by line in finish()
                inPass++;
                exampleLines.add(new long[] {line, examples.size()});
                examples.add(DataFileException.format(source, line, e.getMessage()));
            }
        }

        /** Starts the second pass over the rows (attribute values). */
        void nextPass() {
            inPass = 0;
        }

        LoadReport finish() {
            exampleLines.sort((x, y) -> Long.compare(x[0], y[0]));
            List<String> sorted = new ArrayList<>();
            for (int k = 0; k < exampleLines.size() && k < options.maxExamples(); k++) {
                sorted.add(examples.get((int) exampleLines.get(k)[1]));
            }
            examples.clear();
            examples.addAll(sorted);
            if (loaded == 0) {
                throw new DataFileException(source, 0, rows == 0 ? "no items: the file has no data lines"
                        : "no items: all " + rows + " lines were skipped as malformed, e.g. " + String.join("; ", examples));
            }
            if (skipped > 0) {
                LOG.warn("{}: skipped {} malformed of {} lines; first: {}", source, skipped, rows, String.join("; ", examples));
            }
            return new LoadReport(source, rows, loaded, skipped, examples);
        }
    }
}
