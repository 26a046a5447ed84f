package dev.recsys.modelfile;

import java.io.IOException;

/**
 * A model file (or model payload) cannot be read: not a model file, written with an unsupported
 * format version, truncated, corrupted (checksum mismatch) or naming an unknown algorithm. The
 * message says which, and where.
 *
 * <p>Thread safety: immutable after construction.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message. */
    public ModelFormatException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
