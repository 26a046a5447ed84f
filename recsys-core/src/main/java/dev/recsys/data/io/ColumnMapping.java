package dev.recsys.data.io;

import dev.recsys.data.Behavior;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.data.ValueTransform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Describes a delimited interaction file for the {@link DataFormat#CSV csv} format: which column
 * holds which {@link Field}, the delimiter, whether the first line is a header, a fixed behaviour
 * when there is no behaviour column, and the unit of the time column.
 *
 * <p>Text form ({@link #parse(String)}, {@link #toString()}): comma-separated {@code key=value}
 * pairs.
 * <ul>
 *   <li>Columns: {@code user}, {@code item} (both required), {@code behavior}, {@code value},
 *       {@code time} (or {@code timestamp}), {@code scene}, {@code category}, {@code basket} (or
 *       {@code order}), {@code session}. The value is a 0-based
 *       column number from 0 to {@value #MAX_COLUMN_INDEX} ({@code user=0}) or a header name
 *       ({@code user=visitorid}, matched ignoring case); a name ending in {@code ?} is optional
 *       (ignored when the header lacks it).</li>
 *   <li>{@code delimiter=comma|tab|semicolon|pipe|space} or a literal of 1-4 characters other
 *       than ',' and '=' (e.g. {@code delimiter=::}); default comma.</li>
 *   <li>{@code header=yes|no}; default yes if any column is given by name, else no.</li>
 *   <li>{@code fixed-behavior=NAME}: every row has this behaviour (then no behaviour column).</li>
 *   <li>{@code time-unit=auto|s|ms}: how numeric time stamps are read (see {@link TimeUnit});
 *       default {@code auto}.</li>
 *   <li>{@code behavior-weights=view:1,cart:3,...}: the weight of each behaviour listed in the
 *       matrix the models train on (0 drops it); the behaviours not listed keep the algorithm's
 *       default ({@link MatrixOptions#implicitDefaults()}: view, click, search 1, favourite 2,
 *       cart 3, purchase 5, rating and review 1 x value). The list runs to the next
 *       {@code key=value} pair. See {@link MatrixOptions#parseWeights(String)}.</li>
 *   <li>{@code value-transform=linear|log|log:EPSILON|binary|none}: how the value column of
 *       implicit behaviours enters the confidence, {@code weight x transform(value)} (see
 *       {@link ValueTransform}); needs a value column. Without it the value of an implicit
 *       behaviour is ignored (and training warns about it).</li>
 * </ul>
 * The last two are not about reading the file: {@link #matrixOptions(MatrixOptions)} applies them
 * to the matrix options of training (the command line does this).
 * Example: {@code user=0,item=1,behavior=2,value=3,time=4,scene=5} or
 * {@code user=visitor,item=sku,fixed-behavior=purchase,time=ts,time-unit=ms}.
 *
 * <p>Time stamps are stored as epoch seconds. A time cell is either an integer (epoch seconds or
 * milliseconds, see {@link TimeUnit}; milliseconds are rounded down to the second) or an ISO-8601
 * date-time in any time unit setting: {@code 2024-03-01T12:30:00Z},
 * {@code 2024-03-01T12:30:00+01:00}, {@code 2024-03-01T12:30:00.250} or
 * {@code 2024-03-01 12:30:00} (a space for the {@code T}; fractions of a second are dropped) or a
 * date {@code 2024-03-01} (midnight). A date-time without a zone or offset is UTC.
 *
 * <p>Without a time column every event gets time 0; without a value column (or with an empty
 * value) an implicit event gets value 1, while a rating or review without a value is an error.
 *
 * <p>Thread safety: immutable.
 */
public final class ColumnMapping {
    /**
     * The event fields a column can provide.
     *
     * <p>Thread safety: immutable.
     */
    public enum Field {
        /** External user id (required). */
        USER("user"),
        /** External item id (required). */
        ITEM("item"),
        /** Behaviour name, parsed with {@link Behavior#parse(String)}. */
        BEHAVIOR("behavior"),
        /** Rating, review score or weight. */
        VALUE("value"),
        /** Time stamp: epoch seconds or milliseconds (see {@link TimeUnit}) or ISO-8601 text. */
        TIME("time"),
        /** Scene name, see {@link dev.recsys.api.Scene#of(String)}. */
        SCENE("scene"),
        /** Item category; recorded in the item catalogue's {@code category} attribute. */
        CATEGORY("category"),
        /**
         * Basket id (an order or invoice number; any text): a user's events with the same basket id
         * form one basket of the basket protocol (recsys-eval {@code BasketProtocol}, {@code evaluate
         * --protocol basket}), instead of the time-gap rule. Stored as an int code per event
         * ({@link Interactions#basket(int)}); an empty cell is an event without a basket.
         */
        BASKET("basket"),
        /**
         * Session id (any text): a user's events with the same session id form one session of the
         * session protocol (recsys-eval {@code SessionProtocol}, {@code evaluate --protocol session}),
         * instead of the time-gap rule. Stored as an int code per event
         * ({@link Interactions#session(int)}); an empty cell is an event without a session.
         */
        SESSION("session");

        private final String key;

        Field(String key) {
            this.key = key;
        }

        /** The key used in the text form, e.g. {@code time}. */
        public String key() {
            return key;
        }
    }

    /** Every key of the text form, in the order of the class comment. */
    public static final List<String> KEYS = List.of("user", "item", "behavior", "value", "time", "scene", "category",
            "basket", "session", "delimiter", "header", "fixed-behavior", "time-unit", "behavior-weights", "value-transform");
    /** Largest column number a mapping accepts (columns 0..1023). */
    public static final int MAX_COLUMN_INDEX = 1023;
    /** Smallest integer time stamp that {@link TimeUnit#AUTO} reads as milliseconds: 10^11. */
    public static final long AUTO_MILLIS_FROM = 100_000_000_000L;

    /**
     * How numeric time stamps are read. ISO-8601 text is accepted whatever the unit.
     *
     * <p>Thread safety: immutable.
     */
    public enum TimeUnit {
        /**
         * Detected per file: an integer time stamp of absolute value 10^11 or more
         * ({@link #AUTO_MILLIS_FROM}; as seconds that is after the year 5000, as milliseconds after
         * March 1973) is milliseconds, a smaller one seconds. The first integer time stamp of a file
         * fixes its unit; a later one of the other unit is a malformed line naming both units, so
         * seconds and milliseconds are never mixed.
         */
        AUTO("auto"),
        /**
         * Epoch seconds. Milliseconds read as seconds fall after the default latest time stamp
         * ({@link LoadOptions#maxTime()}) and are malformed lines saying they look like milliseconds.
         */
        SECONDS("s"),
        /**
         * Epoch milliseconds, rounded down to the second; an integer of absolute value below 10^11
         * is a malformed line (it looks like seconds).
         */
        MILLISECONDS("ms");

        private final String key;

        TimeUnit(String key) {
            this.key = key;
        }

        /** The name in the text form: {@code auto}, {@code s} or {@code ms}. */
        public String key() {
            return key;
        }

        /**
         * Parses {@code auto}, {@code s} ({@code seconds}) or {@code ms} ({@code millis}, {@code milliseconds}).
         *
         * @throws IllegalArgumentException naming the accepted names
         */
        public static TimeUnit parse(String text) {
            String u = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            switch (u) {
                case "auto":
                    return AUTO;
                case "s":
                case "seconds":
                    return SECONDS;
                case "ms":
                case "millis":
                case "milliseconds":
                    return MILLISECONDS;
                default:
                    throw new IllegalArgumentException("time-unit must be auto, s or ms, got '" + text + "'");
            }
        }
    }

    /**
     * Where a field is: a 0-based column number, or a header name.
     *
     * @param index    the column number (at most {@link ColumnMapping#MAX_COLUMN_INDEX}), or -1 if given by name
     * @param name     the header name, or null if given by number
     * @param optional whether a named column may be absent from the header
     *
     * <p>Thread safety: immutable.
     */
    public record Column(int index, String name, boolean optional) {
        /** Validates. */
        public Column {
            if ((index < 0) == (name == null)) {
                throw new IllegalArgumentException("a column has either an index >= 0 or a name");
            }
            if (index > MAX_COLUMN_INDEX) {
                throw new IllegalArgumentException("column index must be at most " + MAX_COLUMN_INDEX + ", got " + index);
            }
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("column name must not be blank");
            }
        }

        /** A column by 0-based number. */
        public static Column at(int index) {
            if (index < 0 || index > MAX_COLUMN_INDEX) {
                throw new IllegalArgumentException("column index must be in 0.." + MAX_COLUMN_INDEX + ", got " + index);
            }
            return new Column(index, null, false);
        }

        /** A required column by header name. */
        public static Column named(String name) {
            return new Column(-1, name, false);
        }

        /** An optional column by header name. */
        public static Column optionalNamed(String name) {
            return new Column(-1, name, true);
        }

        @Override
        public String toString() {
            return name == null ? Integer.toString(index) : name + (optional ? "?" : "");
        }
    }

    private static final ColumnMapping DEFAULT = builder()
            .column(Field.USER, Column.named("user"))
            .column(Field.ITEM, Column.named("item"))
            .column(Field.BEHAVIOR, Column.named("behavior"))
            .column(Field.VALUE, Column.optionalNamed("value"))
            .column(Field.TIME, Column.optionalNamed("timestamp"))
            .column(Field.SCENE, Column.optionalNamed("scene"))
            .column(Field.CATEGORY, Column.optionalNamed("category"))
            .column(Field.BASKET, Column.optionalNamed("basket"))
            .column(Field.SESSION, Column.optionalNamed("session"))
            .build();

    private final Map<Field, Column> columns;
    private final String delimiter;
    private final boolean header;
    private final Behavior fixedBehavior;
    private final TimeUnit timeUnit;
    private final Map<Behavior, Float> behaviorWeights;
    private final ValueTransform valueTransform;

    private ColumnMapping(Builder b) {
        this.columns = new EnumMap<>(b.columns);
        this.delimiter = b.delimiter;
        this.fixedBehavior = b.fixedBehavior;
        this.timeUnit = b.timeUnit;
        this.behaviorWeights = Collections.unmodifiableMap(new EnumMap<>(b.behaviorWeights.isEmpty()
                ? new EnumMap<>(Behavior.class) : b.behaviorWeights));
        this.valueTransform = b.valueTransform;
        boolean anyName = columns.values().stream().anyMatch(c -> c.name() != null);
        this.header = b.header != null ? b.header : anyName;
        if (!columns.containsKey(Field.USER) || !columns.containsKey(Field.ITEM)) {
            throw new IllegalArgumentException("a column mapping needs the user and item columns, got " + describe());
        }
        if (columns.get(Field.USER).optional() || columns.get(Field.ITEM).optional()) {
            // an absent user or item column would leave every row without its id
            throw new IllegalArgumentException("the user and item columns cannot be optional ('?'), got " + describe());
        }
        if (columns.containsKey(Field.BEHAVIOR) && fixedBehavior != null) {
            throw new IllegalArgumentException("give either a behavior column or fixed-behavior, not both");
        }
        if (!columns.containsKey(Field.BEHAVIOR) && fixedBehavior == null) {
            throw new IllegalArgumentException("no behavior column: add behavior=COLUMN or fixed-behavior=NAME (accepted: "
                    + Behavior.acceptedNames() + ")");
        }
        if (fixedBehavior != null && fixedBehavior.hasValue() && !columns.containsKey(Field.VALUE)) {
            throw new IllegalArgumentException("fixed-behavior=" + fixedBehavior.name().toLowerCase(Locale.ROOT)
                    + " needs a value column");
        }
        if (valueTransform != null && !columns.containsKey(Field.VALUE)) {
            throw new IllegalArgumentException("value-transform=" + valueTransform + " needs a value column (value=COLUMN)");
        }
        if (valueTransform != null && fixedBehavior != null && fixedBehavior.hasValue()) {
            throw new IllegalArgumentException("value-transform applies to implicit behaviours; with fixed-behavior="
                    + fixedBehavior.name().toLowerCase(Locale.ROOT) + " the value is the "
                    + fixedBehavior.name().toLowerCase(Locale.ROOT) + " itself");
        }
        if (!header && anyName) {
            throw new IllegalArgumentException("columns given by name need header=yes");
        }
        if (delimiter.isEmpty() || delimiter.length() > 4 || delimiter.indexOf('\n') >= 0 || delimiter.indexOf('\r') >= 0
                || delimiter.indexOf('"') >= 0) {
            throw new IllegalArgumentException("delimiter must be 1-4 characters without quotes or line breaks, got '"
                    + delimiter + "'");
        }
        List<Integer> used = new ArrayList<>();
        for (Map.Entry<Field, Column> e : columns.entrySet()) {
            Column c = e.getValue();
            if (c.index() >= 0) {
                if (used.contains(c.index())) {
                    throw new IllegalArgumentException("column " + c.index() + " is mapped twice");
                }
                used.add(c.index());
            }
        }
    }

    /**
     * The default mapping of the {@code csv} format: header
     * {@code user,item,behavior,value,timestamp,scene} (value, timestamp, scene and the optional
     * {@code category}, {@code basket} and {@code session} columns may be absent), comma separated, time unit detected
     * ({@link TimeUnit#AUTO}).
     */
    public static ColumnMapping defaults() {
        return DEFAULT;
    }

    /** A builder; columns and options as in the text form. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the text form (see the class comment).
     *
     * @throws IllegalArgumentException naming the offending key or value
     */
    public static ColumnMapping parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("column mapping must not be blank");
        }
        Builder b = builder();
        List<String> seen = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int n = parts.size();
            // behavior-weights=view:1,cart:3 runs on over the pairs without '='
            if (!p.isEmpty() && p.indexOf('=') < 0 && n > 0 && isWeightsPart(parts.get(n - 1))) {
                parts.set(n - 1, parts.get(n - 1) + "," + p);
            } else {
                parts.add(p);
            }
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("column mapping: expected key=value, got '" + p + "'");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace('_', '-');
            String value = p.substring(eq + 1).trim();
            if (key.equals("timestamp")) {
                key = "time";
            } else if (key.equals("order")) {
                key = "basket";
            }
            if (seen.contains(key)) {
                throw new IllegalArgumentException("column mapping: key '" + key + "' given twice");
            }
            seen.add(key);
            Field f = fieldOf(key);
            if (f != null) {
                b.column(f, parseColumn(key, value));
                continue;
            }
            switch (key) {
                case "delimiter":
                    b.delimiter(delimiterOf(value));
                    break;
                case "header":
                    b.header(parseYesNo(value));
                    break;
                case "fixed-behavior":
                case "fixed-behaviour":
                    b.fixedBehavior(Behavior.parse(value));
                    break;
                case "time-unit":
                    try {
                        b.timeUnit(TimeUnit.parse(value));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("column mapping: " + e.getMessage(), e);
                    }
                    break;
                case "behavior-weights":
                case "behaviour-weights":
                    try {
                        b.behaviorWeights(MatrixOptions.parseWeights(value));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("column mapping: " + e.getMessage(), e);
                    }
                    break;
                case "value-transform":
                    try {
                        b.valueTransform(ValueTransform.parse(value));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("column mapping: " + e.getMessage(), e);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("column mapping: unknown key '" + key + "'; valid keys: "
                            + String.join(", ", KEYS));
            }
        }
        return b.build();
    }

    private static boolean isWeightsPart(String p) {
        int eq = p.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return key.equals("behavior-weights") || key.equals("behaviour-weights");
    }

    /** Where a field is, or null if the mapping has no such column. */
    public Column column(Field f) {
        return columns.get(f);
    }

    /** The delimiter between fields. */
    public String delimiter() {
        return delimiter;
    }

    /** Whether the first line is a header. */
    public boolean hasHeader() {
        return header;
    }

    /** The behaviour of every row when there is no behaviour column, else null. */
    public Behavior fixedBehavior() {
        return fixedBehavior;
    }

    /** Whether the time column is declared as milliseconds ({@link TimeUnit#MILLISECONDS}). */
    public boolean timeInMillis() {
        return timeUnit == TimeUnit.MILLISECONDS;
    }

    /** How numeric time stamps are read. */
    public TimeUnit timeUnit() {
        return timeUnit;
    }

    /** The behaviour weights the mapping sets ({@code behavior-weights}); empty if none. Unmodifiable. */
    public Map<Behavior, Float> behaviorWeights() {
        return behaviorWeights;
    }

    /** The transform of the values of implicit behaviours ({@code value-transform}), or null if not given. */
    public ValueTransform valueTransform() {
        return valueTransform;
    }

    /**
     * The matrix options to train with: {@code base} (usually the algorithm's default,
     * {@code Recommenders.defaultOptions}) with this mapping's behaviour weights and value transform
     * applied; {@code base} itself if the mapping sets neither.
     *
     * @param base the options to start from. Not modified.
     */
    public MatrixOptions matrixOptions(MatrixOptions base) {
        if (base == null) {
            throw new IllegalArgumentException("base options must not be null");
        }
        MatrixOptions o = behaviorWeights.isEmpty() ? base : base.withWeights(behaviorWeights);
        return valueTransform == null ? o : o.withValueTransform(valueTransform);
    }

    /** The text form, parseable by {@link #parse(String)}. */
    @Override
    public String toString() {
        return describe();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnMapping m && m.columns.equals(columns) && m.delimiter.equals(delimiter)
                && m.header == header && m.fixedBehavior == fixedBehavior && m.timeUnit == timeUnit
                && m.behaviorWeights.equals(behaviorWeights) && Objects.equals(m.valueTransform, valueTransform);
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, delimiter, header, fixedBehavior, timeUnit, behaviorWeights, valueTransform);
    }

    /**
     * Resolves the columns to 0-based numbers, indexed by {@link Field#ordinal()} (-1: absent).
     *
     * @param headerNames the header fields, or null if the file has no header
     * @param source      file name for error messages
     */
    int[] resolve(String[] headerNames, String source) {
        int[] out = new int[Field.values().length];
        Arrays.fill(out, -1);
        for (Map.Entry<Field, Column> e : columns.entrySet()) {
            Column c = e.getValue();
            if (c.index() >= 0) {
                out[e.getKey().ordinal()] = c.index();
                continue;
            }
            int found = -1;
            for (int i = 0; headerNames != null && i < headerNames.length; i++) {
                if (headerNames[i].trim().equalsIgnoreCase(c.name())) {
                    found = i;
                    break;
                }
            }
            if (found < 0 && !c.optional()) {
                throw new DataFileException(source, 1, "the header has no column '" + c.name() + "' (for "
                        + e.getKey().key() + "); header: " + String.join(",", headerNames == null ? new String[0] : headerNames));
            }
            out[e.getKey().ordinal()] = found;
        }
        return out;
    }

    byte[] delimiterBytes() {
        return delimiter.getBytes(StandardCharsets.UTF_8);
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Field, Column> e : columns.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ",").append(e.getKey().key()).append('=').append(e.getValue());
        }
        if (fixedBehavior != null) {
            sb.append(",fixed-behavior=").append(fixedBehavior.name().toLowerCase(Locale.ROOT));
        }
        sb.append(",delimiter=").append(delimiterName(delimiter));
        sb.append(",header=").append(header ? "yes" : "no");
        sb.append(",time-unit=").append(timeUnit.key());
        if (!behaviorWeights.isEmpty()) {
            StringBuilder w = new StringBuilder();
            for (Map.Entry<Behavior, Float> e : behaviorWeights.entrySet()) {
                w.append(w.length() == 0 ? "" : ",").append(e.getKey().name().toLowerCase(Locale.ROOT)).append(':')
                        .append(e.getValue());
            }
            sb.append(",behavior-weights=").append(w);
        }
        if (valueTransform != null) {
            sb.append(",value-transform=").append(valueTransform);
        }
        return sb.toString();
    }

    private static Field fieldOf(String key) {
        for (Field f : Field.values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        return null;
    }

    private static Column parseColumn(String key, String value) {
        boolean optional = value.endsWith("?");
        String v = optional ? value.substring(0, value.length() - 1).trim() : value;
        if (v.isEmpty()) {
            throw new IllegalArgumentException("column mapping: " + key + " has no column");
        }
        if (v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            if (optional) {
                throw new IllegalArgumentException("column mapping: only named columns can be optional, got " + key + "=" + value);
            }
            if (v.length() > 9 || Integer.parseInt(v) > MAX_COLUMN_INDEX) {
                throw new IllegalArgumentException("column mapping: column number of " + key + " must be in 0.."
                        + MAX_COLUMN_INDEX + ", got " + v);
            }
            return Column.at(Integer.parseInt(v));
        }
        return optional ? Column.optionalNamed(v) : Column.named(v);
    }

    private static boolean parseYesNo(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "yes":
            case "true":
            case "y":
                return true;
            case "no":
            case "false":
            case "n":
                return false;
            default:
                throw new IllegalArgumentException("column mapping: header must be yes or no, got '" + v + "'");
        }
    }

    private static String delimiterOf(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "comma":
                return ",";
            case "tab":
            case "\\t":
                return "\t";
            case "semicolon":
                return ";";
            case "pipe":
                return "|";
            case "space":
                return " ";
            default:
                if (v.indexOf('=') >= 0) {
                    throw new IllegalArgumentException("column mapping: delimiter must not contain '='");
                }
                return v;
        }
    }

    private static String delimiterName(String d) {
        switch (d) {
            case ",":
                return "comma";
            case "\t":
                return "tab";
            case ";":
                return "semicolon";
            case "|":
                return "pipe";
            case " ":
                return "space";
            default:
                return d;
        }
    }

    /**
     * Builds a {@link ColumnMapping}.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final Map<Field, Column> columns = new EnumMap<>(Field.class);
        private String delimiter = ",";
        private Boolean header;
        private Behavior fixedBehavior;
        private TimeUnit timeUnit = TimeUnit.AUTO;
        private final Map<Behavior, Float> behaviorWeights = new LinkedHashMap<>();
        private ValueTransform valueTransform;

        private Builder() {
        }

        /**
         * Weights of the behaviours listed for training (see {@link MatrixOptions#withWeights(Map)});
         * replaces weights set before.
         *
         * @throws IllegalArgumentException for a null map, key or value, or a weight that is negative or not finite
         */
        public Builder behaviorWeights(Map<Behavior, Float> weights) {
            if (weights == null) {
                throw new IllegalArgumentException("behaviour weights must not be null");
            }
            for (Map.Entry<Behavior, Float> e : weights.entrySet()) {
                if (e.getKey() == null || e.getValue() == null || !Float.isFinite(e.getValue()) || e.getValue() < 0) {
                    throw new IllegalArgumentException("behavior-weights: each weight must be finite and >= 0, got "
                            + weights);
                }
            }
            behaviorWeights.clear();
            behaviorWeights.putAll(weights);
            return this;
        }

        /** How the value column of implicit behaviours enters the confidence (null: not given). */
        public Builder valueTransform(ValueTransform transform) {
            this.valueTransform = transform;
            return this;
        }

        /** Maps a field to a column. */
        public Builder column(Field field, Column column) {
            if (field == null || column == null) {
                throw new IllegalArgumentException("field and column must not be null");
            }
            columns.put(field, column);
            return this;
        }

        /** Sets the delimiter (1-4 characters; default comma). */
        public Builder delimiter(String delimiter) {
            if (delimiter == null) {
                throw new IllegalArgumentException("delimiter must not be null");
            }
            this.delimiter = delimiter;
            return this;
        }

        /** Whether the first line is a header (default: yes if any column is named). */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /** The behaviour of every row (no behaviour column). */
        public Builder fixedBehavior(Behavior behavior) {
            this.fixedBehavior = behavior;
            return this;
        }

        /** Whether the time column holds milliseconds (true) or seconds (false); default detected ({@link TimeUnit#AUTO}). */
        public Builder timeInMillis(boolean millis) {
            this.timeUnit = millis ? TimeUnit.MILLISECONDS : TimeUnit.SECONDS;
            return this;
        }

        /** How numeric time stamps are read (default {@link TimeUnit#AUTO}). */
        public Builder timeUnit(TimeUnit unit) {
            if (unit == null) {
                throw new IllegalArgumentException("time unit must not be null");
            }
            this.timeUnit = unit;
            return this;
        }

        /**
         * Builds the mapping.
         *
         * @throws IllegalArgumentException if user or item is missing, neither or both of a
         *                                  behaviour column and a fixed behaviour are given, or the
         *                                  options contradict each other
         */
        public ColumnMapping build() {
            return new ColumnMapping(this);
        }
    }
}
