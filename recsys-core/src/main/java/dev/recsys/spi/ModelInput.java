package dev.recsys.spi;

import java.io.IOException;

/**
 * Reads what a {@link ModelOutput} wrote. Reading past the end or an implausible array length
 * throws an {@link IOException} that says what was expected.
 *
 * <p>Thread safety: not thread-safe.
 */
public interface ModelInput {
    /** Reads an int. */
    int readInt() throws IOException;

    /** Reads a long. */
    long readLong() throws IOException;

    /** Reads a float. */
    float readFloat() throws IOException;

    /** Reads a double. */
    double readDouble() throws IOException;

    /** Reads a boolean. */
    boolean readBoolean() throws IOException;

    /** Reads a string. */
    String readString() throws IOException;

    /** Reads a float array. */
    float[] readFloats() throws IOException;

    /** Reads an int array. */
    int[] readInts() throws IOException;

    /** Reads a long array. */
    long[] readLongs() throws IOException;

    /**
     * Bytes left to read, or -1 if unknown. A payload reader checks sizes it reads against this
     * before it allocates anything they imply (a network's weights, say), so a corrupted size is
     * a clear error rather than an {@link OutOfMemoryError}.
     */
    default long remaining() {
        return -1;
    }
}
