package dev.recsys.data.io;

import dev.recsys.data.Behavior;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the loaders treat bad lines, which values and time stamps they accept, the longest line
 * they read, the column mapping of the {@code csv} format and the shop's own behaviour names.
 *
 * <p>Accepted values: a value (rating, review score, weight) must be finite and lie in
 * {@code [minValue, maxValue]}, by default {@code [-1e6, 1e6]} ({@link #DEFAULT_MAX_ABS_VALUE});
 * anything else (e.g. a rating of {@code 1e30}) is a malformed line naming the range.
 *
 * <p>Accepted time stamps: after conversion to epoch seconds a time stamp must lie in
 * {@code [minTime, maxTime]}, by default 1900-01-01T00:00:00Z ({@value #DEFAULT_MIN_TIME}) to
 * 2100-01-01T00:00:00Z ({@value #DEFAULT_MAX_TIME}); a time stamp outside (a far future one, or
 * milliseconds read as seconds) is a malformed line. How numeric time stamps are read (seconds,
 * milliseconds or detected) is the mapping's {@link ColumnMapping.TimeUnit}.
 *
 * @param lenient       false (default): the first malformed line throws a {@link DataFileException};
 *                      true: malformed lines are skipped, counted in the {@link LoadReport} and
 *                      summarised in one WARN log line
 * @param maxExamples   how many skipped lines the report quotes (default 5)
 * @param mapping       column mapping for {@link DataFormat#CSV}, or null for
 *                      {@link ColumnMapping#defaults()}; must be null for the other formats
 * @param minValue      smallest accepted value (default {@code -1e6})
 * @param maxValue      largest accepted value (default {@code 1e6})
 * @param minTime       earliest accepted time stamp in epoch seconds (default 1900-01-01T00:00:00Z)
 * @param maxTime       latest accepted time stamp in epoch seconds (default 2100-01-01T00:00:00Z)
 * @param maxLineBytes  longest accepted line in bytes (default {@value #DEFAULT_MAX_LINE_BYTES},
 *                      1 MiB); a longer line is a {@link DataFileException} naming the line and
 *                      this limit (in lenient mode it is skipped and counted), never an
 *                      {@code OutOfMemoryError}
 * @param behaviorNames the shop's own event names mapped to behaviours, keys lower case (e.g.
 *                      {@code page_view -> VIEW}); looked up (ignoring case) before the built-in
 *                      names of {@link Behavior#parse(String)}; default empty
 *
 * <p>Thread safety: immutable.
 */
public record LoadOptions(boolean lenient, int maxExamples, ColumnMapping mapping, double minValue, double maxValue,
                          long minTime, long maxTime, int maxLineBytes, Map<String, Behavior> behaviorNames) {
    /** Default number of quoted skip examples. */
    public static final int DEFAULT_MAX_EXAMPLES = 5;
    /** Default bound of the absolute value of a value: values must lie in [-1e6, 1e6]. */
    public static final double DEFAULT_MAX_ABS_VALUE = 1e6;
    /** Default earliest time stamp: 1900-01-01T00:00:00Z in epoch seconds. */
    public static final long DEFAULT_MIN_TIME = -2_208_988_800L;
    /** Default latest time stamp: 2100-01-01T00:00:00Z in epoch seconds. */
    public static final long DEFAULT_MAX_TIME = 4_102_444_800L;
    /** Default longest line: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    /** Upper bound of {@link #maxLineBytes()}: 1 GiB. */
    public static final int LIMIT_MAX_LINE_BYTES = 1 << 30;

    private static final LoadOptions DEFAULTS = new LoadOptions(false, DEFAULT_MAX_EXAMPLES, null);

    /** Validates and copies. */
    public LoadOptions {
        if (maxExamples < 0) {
            throw new IllegalArgumentException("maxExamples must be >= 0, got " + maxExamples);
        }
        if (!Double.isFinite(minValue) || !Double.isFinite(maxValue) || minValue > maxValue) {
            throw new IllegalArgumentException("value range must be finite with minValue <= maxValue, got [" + minValue + ", "
                    + maxValue + "]");
        }
        if (minTime > maxTime) {
            throw new IllegalArgumentException("time range must have minTime <= maxTime, got [" + minTime + ", " + maxTime + "]");
        }
        if (maxLineBytes < 16 || maxLineBytes > LIMIT_MAX_LINE_BYTES) {
            throw new IllegalArgumentException("maxLineBytes must be in [16, " + LIMIT_MAX_LINE_BYTES + "], got " + maxLineBytes);
        }
        Map<String, Behavior> names = new LinkedHashMap<>();
        if (behaviorNames != null) {
            for (Map.Entry<String, Behavior> e : behaviorNames.entrySet()) {
                if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                    throw new IllegalArgumentException("behaviorNames: blank name or null behaviour in " + behaviorNames);
                }
                names.put(e.getKey().trim().toLowerCase(Locale.ROOT), e.getValue());
            }
        }
        behaviorNames = Map.copyOf(names);
    }

    /**
     * Leniency, examples and mapping; the other settings at their defaults.
     *
     * @param lenient     see the class comment
     * @param maxExamples see the class comment
     * @param mapping     see the class comment
     */
    public LoadOptions(boolean lenient, int maxExamples, ColumnMapping mapping) {
        this(lenient, maxExamples, mapping, -DEFAULT_MAX_ABS_VALUE, DEFAULT_MAX_ABS_VALUE, DEFAULT_MIN_TIME, DEFAULT_MAX_TIME,
                DEFAULT_MAX_LINE_BYTES, Map.of());
    }

    /** Strict, 5 examples, default mapping, values in [-1e6, 1e6], times 1900..2100, lines up to 1 MiB. */
    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    /** A copy with another leniency. */
    public LoadOptions withLenient(boolean lenient) {
        return new LoadOptions(lenient, maxExamples, mapping, minValue, maxValue, minTime, maxTime, maxLineBytes, behaviorNames);
    }

    /** A copy with another number of quoted examples. */
    public LoadOptions withMaxExamples(int maxExamples) {
        return new LoadOptions(lenient, maxExamples, mapping, minValue, maxValue, minTime, maxTime, maxLineBytes, behaviorNames);
    }

    /** A copy with a column mapping (for the {@code csv} format). */
    public LoadOptions withMapping(ColumnMapping mapping) {
        return new LoadOptions(lenient, maxExamples, mapping, minValue, maxValue, minTime, maxTime, maxLineBytes, behaviorNames);
    }

    /**
     * A copy accepting values in {@code [min, max]} (e.g. {@code withValueRange(1, 5)} for a five-star scale).
     *
     * @throws IllegalArgumentException if a bound is not finite or {@code min > max}
     */
    public LoadOptions withValueRange(double min, double max) {
        return new LoadOptions(lenient, maxExamples, mapping, min, max, minTime, maxTime, maxLineBytes, behaviorNames);
    }

    /**
     * A copy accepting time stamps in {@code [minEpochSecond, maxEpochSecond]}.
     *
     * @throws IllegalArgumentException if {@code minEpochSecond > maxEpochSecond}
     */
    public LoadOptions withTimeRange(long minEpochSecond, long maxEpochSecond) {
        return new LoadOptions(lenient, maxExamples, mapping, minValue, maxValue, minEpochSecond, maxEpochSecond, maxLineBytes,
                behaviorNames);
    }

    /**
     * A copy with another longest accepted line.
     *
     * @throws IllegalArgumentException if {@code bytes} is outside [16, 1 GiB]
     */
    public LoadOptions withMaxLineBytes(int bytes) {
        return new LoadOptions(lenient, maxExamples, mapping, minValue, maxValue, minTime, maxTime, bytes, behaviorNames);
    }

    /**
     * A copy with the shop's own event names (see {@link #parseBehaviorNames(String)}).
     *
     * @param names event name to behaviour, e.g. {@code page_view -> VIEW}; names are matched ignoring case
     */
    public LoadOptions withBehaviorNames(Map<String, Behavior> names) {
        return new LoadOptions(lenient, maxExamples, mapping, minValue, maxValue, minTime, maxTime, maxLineBytes, names);
    }

    /**
     * Parses a mapping of event names to behaviours, {@code NAME=BEHAVIOUR} pairs separated by
     * commas, e.g. {@code page_view=view,add_to_basket=cart,checkout=purchase}; behaviours as in
     * {@link Behavior#parse(String)}.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code NAME=BEHAVIOUR}, a name
     *                                  given twice or an unknown behaviour
     */
    public static Map<String, Behavior> parseBehaviorNames(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("behaviour names must not be blank; expected NAME=BEHAVIOUR,...");
        }
        Map<String, Behavior> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.lastIndexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("behaviour names: expected NAME=BEHAVIOUR, got '" + p + "'");
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            Behavior b;
            try {
                b = Behavior.parse(p.substring(eq + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("behaviour names: '" + p + "': " + e.getMessage(), e);
            }
            if (out.put(name, b) != null) {
                throw new IllegalArgumentException("behaviour names: '" + name + "' is given twice");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("behaviour names must not be blank; expected NAME=BEHAVIOUR,...");
        }
        return out;
    }

    /** The accepted value range for messages, e.g. {@code [-1000000, 1000000]}. */
    String valueRangeText() {
        return "[" + num(minValue) + ", " + num(maxValue) + "]";
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
