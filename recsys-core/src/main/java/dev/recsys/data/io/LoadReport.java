package dev.recsys.data.io;

import java.util.List;

/**
 * What a load read and what it skipped. {@code rowsRead == eventsLoaded + rowsSkipped}; header and
 * blank lines are not rows.
 *
 * @param source       the file name or input description
 * @param rowsRead     data rows read
 * @param eventsLoaded events (or items, for attribute files) stored
 * @param rowsSkipped  malformed rows skipped (lenient mode only; strict mode throws instead)
 * @param skipExamples the first few skipped rows as {@code file:line: reason}
 *
 * <p>Thread safety: immutable.
 */
public record LoadReport(String source, long rowsRead, long eventsLoaded, long rowsSkipped, List<String> skipExamples) {
    /** Validates and copies. */
    public LoadReport {
        if (source == null) {
            throw new IllegalArgumentException("source must not be null");
        }
        if (rowsRead < 0 || eventsLoaded < 0 || rowsSkipped < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        skipExamples = skipExamples == null ? List.of() : List.copyOf(skipExamples);
    }

    /** One line for logs and command-line output, e.g. {@code u.data: 100000 rows, 100000 loaded, 0 skipped}. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(rowsRead).append(" rows, ").append(eventsLoaded).append(" loaded, ")
                .append(rowsSkipped).append(" skipped");
        if (!skipExamples.isEmpty()) {
            sb.append(" (e.g. ").append(String.join("; ", skipExamples));
            if (rowsSkipped > skipExamples.size()) {
                sb.append("; ...");
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
