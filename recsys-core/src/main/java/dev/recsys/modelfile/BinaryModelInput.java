package dev.recsys.modelfile;

import dev.recsys.spi.ModelInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link ModelInput} reading what {@link BinaryModelOutput} wrote, through its own 64 KiB buffer.
 * When the total length is known, an array, string or count ({@link #readCount}) that needs more
 * bytes than are left is reported as a truncation before anything is allocated; when it is not
 * known, arrays are read in chunks that grow only as the data arrives, so a corrupted length never
 * allocates more than about twice the bytes actually present. Reading past the end throws a
 * {@link ModelFormatException} saying where the data ends, how much more was expected and in which
 * section ({@link #section(String)}). Strings must be valid UTF-8 and floats and doubles finite
 * (as {@link BinaryModelOutput} writes them).
 *
 * <p>Thread safety: not thread-safe.
 */
public final class BinaryModelInput implements ModelInput {
    private static final int BUFFER = 1 << 16;
    /** First chunk of an array read from a stream of unknown length, in elements. */
    private static final int CHUNK = 1 << 16;
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

    /** Bytes left to read, or -1 if the total length is unknown. */
    @Override
    public long remaining() {
        return length < 0 ? -1 : length - position();
    }

    /**
     * Reads a count of things that follow, each of which takes at least {@code minBytesEach}
     * bytes, and checks it before the caller allocates anything for it: it must be in
     * {@code [0, max]} and, when the length is known, that many things must fit in the bytes left.
     *
     * @param what         what is counted, for messages ("user ids")
     * @param minBytesEach the fewest bytes one counted thing takes (at least 1)
     * @param max          the largest plausible count
     * @throws ModelFormatException if the count is negative, above {@code max} or needs more bytes
     *                              than are left
     */
    public int readCount(String what, int minBytesEach, int max) throws IOException {
        if (minBytesEach < 1 || max < 0) {
            throw new IllegalArgumentException("minBytesEach must be >= 1 and max >= 0, got " + minBytesEach + ", " + max);
        }
        long at = position();
        int n = readInt();
        if (n < 0 || n > max) {
            throw new ModelFormatException(source + " is corrupted: the count of " + what + " at byte " + at
                    + " in section '" + section + "' is " + n + ", outside [0, " + max + "]");
        }
        checkAvailable((long) n * minBytesEach, n + " " + what + " of at least " + minBytesEach + " bytes each");
        return n;
    }

    /** Reads {@code n} raw bytes. */
    public byte[] readBytes(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        checkAvailable((long) n, n + " bytes");
        byte[] b = new byte[firstChunk(n)];
        int off = 0;
        while (off < n) {
            need(1, n - off + " more bytes");
            if (off == b.length) {
                b = Arrays.copyOf(b, nextChunk(b.length, n));
            }
            int m = Math.min(buf.remaining(), b.length - off);
            buf.get(b, off, m);
            off += m;
        }
        return b;
    }

    /**
     * Passes over {@code n} bytes without returning them: first what the buffer holds, then the
     * rest with {@link InputStream#skipNBytes} on the source (which need not read them).
     *
     * @throws ModelFormatException if fewer than {@code n} bytes are left
     */
    public void skip(long n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        checkAvailable(n, n + " bytes");
        int fromBuffer = (int) Math.min(buf.remaining(), n);
        buf.position(buf.position() + fromBuffer);
        long rest = n - fromBuffer;
        if (rest == 0) {
            return;
        }
        consumedBeforeBuffer += buf.position();
        buf.clear();
        buf.limit(0);
        try {
            in.skipNBytes(rest);
        } catch (java.io.EOFException e) {
            throw new ModelFormatException(source + " is truncated: it ends before byte " + (consumedBeforeBuffer + rest)
                    + ", expected " + n + " bytes to skip in section '" + section + "'", e);
        }
        consumedBeforeBuffer += rest;
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
        float v = buf.getFloat();
        if (!Float.isFinite(v)) {
            throw nonFinite(v, "a float", position() - 4);
        }
        return v;
    }

    @Override
    public double readDouble() throws IOException {
        need(8, "a double");
        double v = buf.getDouble();
        if (!Double.isFinite(v)) {
            throw nonFinite(v, "a double", position() - 8);
        }
        return v;
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
        long at = position();
        int n = readLength("string", 1);
        byte[] b = readBytes(n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(source + " is corrupted: the string at byte " + at + " in section '"
                    + section + "' is not valid UTF-8", e);
        }
    }

    @Override
    public float[] readFloats() throws IOException {
        int n = readLength("float array", 4);
        float[] a = new float[firstChunk(n)];
        int off = 0;
        while (off < n) {
            need(4, (n - off) + " more floats of a float array of " + n);
            if (off == a.length) {
                a = Arrays.copyOf(a, nextChunk(a.length, n));
            }
            int m = Math.min(buf.remaining() / 4, a.length - off);
            buf.asFloatBuffer().get(a, off, m);
            buf.position(buf.position() + 4 * m);
            off += m;
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(a[i])) {
                throw nonFinite(a[i], "element " + i + " of a float array of " + n, position() - 4L * (n - i));
            }
        }
        return a;
    }

    @Override
    public int[] readInts() throws IOException {
        int n = readLength("int array", 4);
        int[] a = new int[firstChunk(n)];
        int off = 0;
        while (off < n) {
            need(4, (n - off) + " more ints of an int array of " + n);
            if (off == a.length) {
                a = Arrays.copyOf(a, nextChunk(a.length, n));
            }
            int m = Math.min(buf.remaining() / 4, a.length - off);
            buf.asIntBuffer().get(a, off, m);
            buf.position(buf.position() + 4 * m);
            off += m;
        }
        return a;
    }

    @Override
    public long[] readLongs() throws IOException {
        int n = readLength("long array", 8);
        long[] a = new long[firstChunk(n)];
        int off = 0;
        while (off < n) {
            need(8, (n - off) + " more longs of a long array of " + n);
            if (off == a.length) {
                a = Arrays.copyOf(a, nextChunk(a.length, n));
            }
            int m = Math.min(buf.remaining() / 8, a.length - off);
            buf.asLongBuffer().get(a, off, m);
            buf.position(buf.position() + 8 * m);
            off += m;
        }
        return a;
    }

    /**
     * The size to allocate first for an array of {@code n} elements: all of it when the length is
     * known (it was checked against the bytes left), else a chunk that grows as data arrives.
     */
    private int firstChunk(int n) {
        return length >= 0 ? n : Math.min(n, CHUNK);
    }

    private static int nextChunk(int have, int n) {
        return (int) Math.min(n, 2L * have);
    }

    private ModelFormatException nonFinite(double v, String what, long at) {
        return new ModelFormatException(source + " is corrupted: " + what + " at byte " + at + " in section '"
                + section + "' is not finite (" + v + "); model files hold finite numbers only");
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
