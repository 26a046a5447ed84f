package dev.recsys.io;

import dev.recsys.spi.ModelInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * {@link ModelInput} reading what {@link BinaryModelOutput} wrote, through its own 64 KiB buffer.
 * When the total length is known, an array or string longer than the bytes left is reported as a
 * truncation before anything is allocated; reading past the end throws a
 * {@link ModelFormatException} saying where the data ends, how much more was expected and in which
 * section ({@link #section(String)}).
 *
 * <p>Thread safety: not thread-safe.
 */
public final class BinaryModelInput implements ModelInput {
    private static final int BUFFER = 1 << 16;
    private final InputStream in;
    private final String source;
    private final long length;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private long consumedBeforeBuffer;
    private String section = "header";

    /**
     * Wraps a stream (not closed by this class).
     *
     * @param in     the source. Read from.
     * @param source name used in error messages (a file name)
     * @param length total bytes available, or -1 if unknown
     */
    public BinaryModelInput(InputStream in, String source, long length) {
        if (in == null) {
            throw new IllegalArgumentException("in must not be null");
        }
        this.in = in;
        this.source = source == null ? "model data" : source;
        this.length = length;
        buf.limit(0);
    }

    /** Names the part being read, for error messages. */
    public void section(String name) {
        this.section = name;
    }

    /** Bytes consumed so far. */
    public long position() {
        return consumedBeforeBuffer + buf.position();
    }

    /** Reads {@code n} raw bytes. */
    public byte[] readBytes(int n) throws IOException {
        checkAvailable((long) n, n + " bytes");
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            need(1, n - off + " more bytes");
            int m = Math.min(buf.remaining(), n - off);
            buf.get(b, off, m);
            off += m;
        }
        return b;
    }

    @Override
    public int readInt() throws IOException {
        need(4, "an int");
        return buf.getInt();
    }

    @Override
    public long readLong() throws IOException {
        need(8, "a long");
        return buf.getLong();
    }

    @Override
    public float readFloat() throws IOException {
        need(4, "a float");
        return buf.getFloat();
    }

    @Override
    public double readDouble() throws IOException {
        need(8, "a double");
        return buf.getDouble();
    }

    @Override
    public boolean readBoolean() throws IOException {
        need(1, "a boolean");
        byte b = buf.get();
        if (b != 0 && b != 1) {
            throw new ModelFormatException(source + " is corrupted: byte " + (position() - 1) + " in section '"
                    + section + "' should be a boolean (0 or 1), found " + b);
        }
        return b == 1;
    }

    @Override
    public String readString() throws IOException {
        int n = readLength("string", 1);
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    @Override
    public float[] readFloats() throws IOException {
        int n = readLength("float array", 4);
        float[] a = new float[n];
        int off = 0;
        while (off < n) {
            need(4, (n - off) + " more floats of a float array of " + n);
            int m = Math.min(buf.remaining() / 4, n - off);
            buf.asFloatBuffer().get(a, off, m);
            buf.position(buf.position() + 4 * m);
            off += m;
        }
        return a;
    }

    @Override
    public int[] readInts() throws IOException {
        int n = readLength("int array", 4);
        int[] a = new int[n];
        int off = 0;
        while (off < n) {
            need(4, (n - off) + " more ints of an int array of " + n);
            int m = Math.min(buf.remaining() / 4, n - off);
            buf.asIntBuffer().get(a, off, m);
            buf.position(buf.position() + 4 * m);
            off += m;
        }
        return a;
    }

    @Override
    public long[] readLongs() throws IOException {
        int n = readLength("long array", 8);
        long[] a = new long[n];
        int off = 0;
        while (off < n) {
            need(8, (n - off) + " more longs of a long array of " + n);
            int m = Math.min(buf.remaining() / 8, n - off);
            buf.asLongBuffer().get(a, off, m);
            buf.position(buf.position() + 8 * m);
            off += m;
        }
        return a;
    }

    private int readLength(String what, int elementBytes) throws IOException {
        long at = position();
        int n = readInt();
        if (n < 0) {
            throw new ModelFormatException(source + " is corrupted: " + what + " at byte " + at + " in section '"
                    + section + "' has negative length " + n);
        }
        checkAvailable((long) n * elementBytes, "a " + what + " of " + n + " elements (" + (long) n * elementBytes + " bytes)");
        return n;
    }

    private void checkAvailable(long bytes, String what) throws IOException {
        if (length >= 0 && position() + bytes > length) {
            throw truncated(what, bytes);
        }
    }

    private ModelFormatException truncated(String what, long bytes) {
        long end = length >= 0 ? length : position() + buf.remaining();
        return new ModelFormatException(source + " is truncated: it ends after " + end + " bytes, expected "
                + what + " (" + bytes + " bytes from byte " + position() + ") in section '" + section + "'");
    }

    /** Makes at least {@code n} (n <= 8) bytes available in the buffer. */
    private void need(int n, String what) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        consumedBeforeBuffer += buf.position();
        buf.compact();
        // buffer is now in write mode, positioned after the leftover bytes
        while (buf.position() < n) {
            int r = in.read(buf.array(), buf.position(), buf.capacity() - buf.position());
            if (r < 0) {
                int have = buf.position();
                buf.flip();
                throw new ModelFormatException(source + " is truncated: it ends after " + (consumedBeforeBuffer + have)
                        + " bytes, expected " + what + " (" + n + " bytes from byte " + consumedBeforeBuffer
                        + ") in section '" + section + "'");
            }
            buf.position(buf.position() + r);
        }
        buf.flip();
    }
}
