package dev.recsys.data.io;

/**
 * A malformed field or line, thrown inside a load and turned into a {@link DataFileException} (or
 * a skip) with the file and line. No stack trace: it is control flow for bad input.
 *
 * <p>Thread safety: immutable.
 */
final class FieldError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FieldError(String reason) {
        super(reason, null, false, false);
    }
}
