package dev.recsys.data.io;

import dev.recsys.api.Scene;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes interactions and item attributes as UTF-8 CSV in the layouts that
 * {@link InteractionLoader} ({@link DataFormat#CSV} with the default mapping) and
 * {@link ItemCatalogLoader#loadCsv} read back to the same events and attributes.
 *
 * <ul>
 *   <li>Events: header {@code user,item,behavior,value,timestamp,scene}; behaviour as the
 *       lower-case enum name, value as an integer when it is one, else the shortest decimal that
 *       reads back to the same float; scene empty when unknown.</li>
 *   <li>Items: header {@code item,category,brand,price}, then the other categorical attributes and
 *       then the other numeric attributes in declaration order; one line per item of the index,
 *       empty cells for missing values.</li>
 * </ul>
 * Fields containing a comma, a quote or surrounding blanks are quoted; ids or values with line
 * breaks are rejected. Ids are written exactly as they are, without {@link #spreadsheetSafe}: these
 * files are input for the loaders and must read back to the same ids (import their id columns as
 * text when opening one in a spreadsheet).
 *
 * <p>{@link #spreadsheetSafe} is the one place that neutralises spreadsheet formulas in CSV cells;
 * every report CSV of the library (the evaluation outputs) passes its text cells through it.
 *
 * <p>Thread safety: stateless; safe from any thread as long as the written objects are not modified.
 */
public final class CsvWriter {
    /** Header of the event file. */
    public static final String EVENTS_HEADER = "user,item,behavior,value,timestamp,scene";

    private CsvWriter() {
    }

    /**
     * Neutralises a CSV cell that a spreadsheet would evaluate as a formula (CSV injection).
     *
     * <p>Rule: a cell that begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
     * carriage return, and is not a plain decimal number, gets a leading apostrophe ({@code '}), which
     * spreadsheets show as text rather than evaluate: {@code =HYPERLINK(...)} becomes
     * {@code '=HYPERLINK(...)}. Numbers stay numbers: {@code -0.5}, {@code +3}, {@code -1.0E-5} are
     * returned unchanged, and so is every other cell. Meant for text cells (ids, names, scene
     * labels); numeric cells need not be passed through it. The result is still to be quoted by the
     * CSV writer if it holds a comma, a quote or a line break.
     *
     * @param cell the cell's text. Not modified.
     * @return {@code cell}, or {@code "'" + cell} when it could be evaluated as a formula
     * @throws IllegalArgumentException if {@code cell} is null
     */
    public static String spreadsheetSafe(String cell) {
        if (cell == null) {
            throw new IllegalArgumentException("cell must not be null");
        }
        if (cell.isEmpty()) {
            return cell;
        }
        char c = cell.charAt(0);
        boolean risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        return risky && !isDecimalNumber(cell) ? "'" + cell : cell;
    }

    /** True for an optionally signed decimal number with an optional exponent, e.g. -0.5 or +1.0E-5. */
    private static boolean isDecimalNumber(String s) {
        int k = 0;
        int n = s.length();
        if (s.charAt(k) == '+' || s.charAt(k) == '-') {
            k++;
        }
        int digits = 0;
        while (k < n && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
            k++;
            digits++;
        }
        if (k < n && s.charAt(k) == '.') {
            k++;
            while (k < n && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
                k++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (k < n && (s.charAt(k) == 'e' || s.charAt(k) == 'E')) {
            k++;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            int exp = 0;
            while (k < n && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
                k++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return k == n;
    }

    /**
     * Writes all events of a log: the columns of {@link #EVENTS_HEADER}, then {@code basket} and
     * {@code session} when the log has basket or session ids (an empty cell for an event without one;
     * the default column mapping reads them back).
     *
     * @param log  the events. Not modified.
     * @param file the file to create or replace
     * @throws IllegalArgumentException if an id contains a line break
     * @throws UncheckedIOException     on a write error
     */
    public static void writeEvents(Interactions log, Path file) {
        if (log == null || file == null) {
            throw new IllegalArgumentException("log and file must not be null");
        }
        List<Scene> scenes = log.scenes();
        String[] sceneNames = new String[scenes.size()];
        for (int k = 0; k < sceneNames.length; k++) {
            sceneNames[k] = scenes.get(k).name();
        }
        String[] behaviorNames = new String[dev.recsys.data.Behavior.values().length];
        for (dev.recsys.data.Behavior b : dev.recsys.data.Behavior.values()) {
            behaviorNames[b.code()] = b.name().toLowerCase(Locale.ROOT);
        }
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder sb = new StringBuilder(128);
            boolean baskets = log.hasBaskets();
            boolean sessions = log.hasSessions();
            w.write(EVENTS_HEADER + (baskets ? ",basket" : "") + (sessions ? ",session" : ""));
            w.write('\n');
            boolean numericBaskets = log.basketIds().isNumeric();
            boolean numericSessions = log.sessionIds().isNumeric();
            boolean numericUsers = log.users().isNumeric();
            boolean numericItems = log.items().isNumeric();
            for (int e = 0; e < log.size(); e++) {
                sb.setLength(0);
                appendId(sb, log.users().idOf(log.user(e)), numericUsers);
                sb.append(',');
                appendId(sb, log.items().idOf(log.item(e)), numericItems);
                sb.append(',').append(behaviorNames[log.behaviorCode(e)]).append(',');
                appendFloat(sb, log.value(e));
                sb.append(',').append(log.time(e)).append(',');
                byte sc = log.sceneCode(e);
                if (sc != Interactions.NO_SCENE) {
                    sb.append(sceneNames[sc]);
                }
                if (baskets) {
                    sb.append(',');
                    int g = log.basket(e);
                    if (g != Interactions.NO_GROUP) {
                        appendId(sb, log.basketIds().idOf(g), numericBaskets);
                    }
                }
                if (sessions) {
                    sb.append(',');
                    int g = log.session(e);
                    if (g != Interactions.NO_GROUP) {
                        appendId(sb, log.sessionIds().idOf(g), numericSessions);
                    }
                }
                sb.append('\n');
                w.append(sb);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the attributes of every item of the catalogue's index.
     *
     * @param catalog the attributes. Not modified.
     * @param file    the file to create or replace
     * @throws IllegalArgumentException if an id or value contains a line break
     * @throws UncheckedIOException     on a write error
     */
    public static void writeItems(ItemCatalog catalog, Path file) {
        if (catalog == null || file == null) {
            throw new IllegalArgumentException("catalog and file must not be null");
        }
        List<String> cats = new ArrayList<>(catalog.categoricalAttributes());
        List<String> nums = new ArrayList<>(catalog.numericAttributes());
        cats.remove(ItemCatalog.CATEGORY);
        cats.remove(ItemCatalog.BRAND);
        nums.remove(ItemCatalog.PRICE);
        for (String a : cats) {
            if (nums.contains(a)) {
                throw new IllegalArgumentException("attribute '" + a + "' is both categorical and numeric");
            }
        }
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder sb = new StringBuilder(256);
            sb.append("item,category,brand,price");
            for (String a : cats) {
                sb.append(',');
                appendText(sb, a);
            }
            for (String a : nums) {
                sb.append(',');
                appendText(sb, a);
            }
            w.append(sb).append('\n');
            for (int i = 0; i < catalog.items().size(); i++) {
                sb.setLength(0);
                appendText(sb, catalog.items().idOf(i));
                appendCategorical(sb, catalog, ItemCatalog.CATEGORY, i);
                appendCategorical(sb, catalog, ItemCatalog.BRAND, i);
                appendNumeric(sb, catalog, ItemCatalog.PRICE, i);
                for (String a : cats) {
                    appendCategorical(sb, catalog, a, i);
                }
                for (String a : nums) {
                    appendNumeric(sb, catalog, a, i);
                }
                w.append(sb).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void appendCategorical(StringBuilder sb, ItemCatalog c, String attribute, int item) {
        sb.append(',');
        int code = c.code(attribute, item);
        if (code >= 0) {
            appendText(sb, c.dictionary(attribute).valueOf(code));
        }
    }

    private static void appendNumeric(StringBuilder sb, ItemCatalog c, String attribute, int item) {
        sb.append(',');
        if (c.hasNumeric(attribute, item)) {
            appendFloat(sb, c.numeric(attribute, item, 0f));
        }
    }

    private static void appendId(StringBuilder sb, String id, boolean numeric) {
        if (numeric) {
            sb.append(id);
        } else {
            appendText(sb, id);
        }
    }

    /** Appends a float so that it reads back to the same value. */
    static void appendFloat(StringBuilder sb, float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9f && !(v == 0f && 1f / v < 0)) {
            sb.append((long) v);
        } else {
            sb.append(v);
        }
    }

    private static void appendText(StringBuilder sb, String s) {
        boolean quote = s.isEmpty() ? false : (s.charAt(0) == ' ' || s.charAt(0) == '\t'
                || s.charAt(s.length() - 1) == ' ' || s.charAt(s.length() - 1) == '\t' || s.charAt(0) == '"');
        for (int k = 0; k < s.length() && !quote; k++) {
            char ch = s.charAt(k);
            quote = ch == ',' || ch == '"';
        }
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch == '\n' || ch == '\r') {
                throw new IllegalArgumentException("cannot write a value with a line break: '" + s + "'");
            }
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
    }
}
