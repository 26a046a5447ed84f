package dev.recsys.data.io;

/**
 * How {@link InteractionLoader} treats bad lines, and the column mapping of the {@code csv} format.
 *
 * @param lenient     false (default): the first malformed line throws a {@link DataFileException};
 *                    true: malformed lines are skipped, counted in the {@link LoadReport} and
 *                    summarised in one WARN log line
 * @param maxExamples how many skipped lines the report quotes (default 5)
 * @param mapping     column mapping for {@link DataFormat#CSV}, or null for
 *                    {@link ColumnMapping#defaults()}; must be null for the other formats
 *
 * <p>Thread safety: immutable.
 */
public record LoadOptions(boolean lenient, int maxExamples, ColumnMapping mapping) {
    /** Default number of quoted skip examples. */
    public static final int DEFAULT_MAX_EXAMPLES = 5;

    private static final LoadOptions DEFAULTS = new LoadOptions(false, DEFAULT_MAX_EXAMPLES, null);

    /** Validates. */
    public LoadOptions {
        if (maxExamples < 0) {
            throw new IllegalArgumentException("maxExamples must be >= 0, got " + maxExamples);
        }
    }

    /** Strict, 5 examples, default mapping. */
    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    /** A copy with another leniency. */
    public LoadOptions withLenient(boolean lenient) {
        return new LoadOptions(lenient, maxExamples, mapping);
    }

    /** A copy with another number of quoted examples. */
    public LoadOptions withMaxExamples(int maxExamples) {
        return new LoadOptions(lenient, maxExamples, mapping);
    }

    /** A copy with a column mapping (for the {@code csv} format). */
    public LoadOptions withMapping(ColumnMapping mapping) {
        return new LoadOptions(lenient, maxExamples, mapping);
    }
}
