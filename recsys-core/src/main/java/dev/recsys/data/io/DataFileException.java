package dev.recsys.data.io;

/**
 * A data file could not be read: it is missing, empty, or a line is malformed. The message names
 * the file, the 1-based line number (when the problem is on one line) and what is wrong, e.g.
 * {@code ratings.csv:17: field 3 (rating) is not a number: 'x'}.
 *
 * <p>Thread safety: immutable.
 */
public class DataFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String reason;

    /**
     * A problem on one line.
     *
     * @param source file name or description of the input
     * @param line   1-based line number, or 0 if the problem concerns the whole file
     * @param reason what is wrong
     */
    public DataFileException(String source, long line, String reason) {
        this(source, line, reason, null);
    }

    /**
     * A problem with a cause.
     *
     * @param source file name or description of the input
     * @param line   1-based line number, or 0 if the problem concerns the whole file
     * @param reason what is wrong
     * @param cause  the underlying exception, or null
     */
    public DataFileException(String source, long line, String reason, Throwable cause) {
        super(format(source, line, reason), cause);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** The file name or input description. */
    public String source() {
        return source;
    }

    /** The 1-based line number, or 0 if the problem concerns the whole file. */
    public long line() {
        return line;
    }

    /** What is wrong, without the file and line prefix. */
    public String reason() {
        return reason;
    }

    static String format(String source, long line, String reason) {
        return line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason;
    }
}
