package dev.recsys.spi;

import java.io.IOException;

/**
 * Where a model writes its payload inside a model file: little-endian primitives and bulk arrays.
 * The enclosing file format adds the header, the version and the checksum.
 *
 * <p>Thread safety: not thread-safe.
 */
public interface ModelOutput {
    /** Writes an int. */
    void writeInt(int v) throws IOException;

    /** Writes a long. */
    void writeLong(long v) throws IOException;

    /** Writes a float. */
    void writeFloat(float v) throws IOException;

    /** Writes a double. */
    void writeDouble(double v) throws IOException;

    /** Writes a boolean as one byte. */
    void writeBoolean(boolean v) throws IOException;

    /** Writes a UTF-8 string with its length (null not allowed). */
    void writeString(String s) throws IOException;

    /** Writes the array's length, then its elements. */
    void writeFloats(float[] a) throws IOException;

    /** Writes the array's length, then its elements. */
    void writeInts(int[] a) throws IOException;

    /** Writes the array's length, then its elements. */
    void writeLongs(long[] a) throws IOException;
}
