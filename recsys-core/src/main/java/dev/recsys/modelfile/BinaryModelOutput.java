package dev.recsys.modelfile;

import dev.recsys.spi.ModelOutput;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * {@link ModelOutput} writing little-endian primitives to an {@link OutputStream} through its own
 * 64 KiB buffer (bulk arrays go through {@link ByteBuffer} views), keeping a running CRC32 and
 * byte count of everything written. Call {@link #flush()} (or {@link #close()}) when done: bytes
 * stay in the buffer until then. Strings are UTF-8 with an int byte length; arrays are an int
 * element count followed by the elements. A NaN or infinite float or double is refused with a
 * {@link ModelFormatException} naming the section ({@link #section(String)}) and position: no
 * model file ever holds a non-finite number (the reader refuses them too).
 *
 * <p>Thread safety: not thread-safe.
 */
public final class BinaryModelOutput implements ModelOutput, Flushable, Closeable {
    private static final int BUFFER = 1 << 16;
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    private long flushed;
    private String section = "header";

    /**
     * Wraps a stream (closed only by {@link #close()}).
     *
     * @param out the destination. Written to.
     */
    public BinaryModelOutput(OutputStream out) {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        this.out = out;
    }

    /** Names the part being written, for error messages. */
    public void section(String name) {
        this.section = name;
    }

    /** Bytes written so far (including those still buffered). */
    public long position() {
        return flushed + buf.position();
    }

    /** CRC32 of every byte written so far (flushes the buffer to the stream). */
    public int crc32() throws IOException {
        drainBuffer();
        return (int) crc.getValue();
    }

    /** Writes the buffered bytes and flushes the underlying stream. */
    @Override
    public void flush() throws IOException {
        drainBuffer();
        out.flush();
    }

    /** Flushes, then closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }

    /** Writes raw bytes. */
    public void writeBytes(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            room(1);
            int n = Math.min(buf.remaining(), b.length - off);
            buf.put(b, off, n);
            off += n;
        }
    }

    @Override
    public void writeInt(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    @Override
    public void writeLong(long v) throws IOException {
        room(8);
        buf.putLong(v);
    }

    @Override
    public void writeFloat(float v) throws IOException {
        if (!Float.isFinite(v)) {
            throw nonFinite(v, "a float");
        }
        room(4);
        buf.putFloat(v);
    }

    @Override
    public void writeDouble(double v) throws IOException {
        if (!Double.isFinite(v)) {
            throw nonFinite(v, "a double");
        }
        room(8);
        buf.putDouble(v);
    }

    @Override
    public void writeBoolean(boolean v) throws IOException {
        room(1);
        buf.put(v ? (byte) 1 : (byte) 0);
    }

    @Override
    public void writeString(String s) throws IOException {
        if (s == null) {
            throw new IllegalArgumentException("s must not be null");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        writeBytes(b);
    }

    @Override
    public void writeFloats(float[] a) throws IOException {
        if (a == null) {
            throw new IllegalArgumentException("a must not be null");
        }
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw nonFinite(a[i], "element " + i + " of a float array of " + a.length);
            }
        }
        writeInt(a.length);
        int off = 0;
        while (off < a.length) {
            room(4);
            int n = Math.min(buf.remaining() / 4, a.length - off);
            buf.asFloatBuffer().put(a, off, n);
            buf.position(buf.position() + 4 * n);
            off += n;
        }
    }

    @Override
    public void writeInts(int[] a) throws IOException {
        if (a == null) {
            throw new IllegalArgumentException("a must not be null");
        }
        writeInt(a.length);
        int off = 0;
        while (off < a.length) {
            room(4);
            int n = Math.min(buf.remaining() / 4, a.length - off);
            buf.asIntBuffer().put(a, off, n);
            buf.position(buf.position() + 4 * n);
            off += n;
        }
    }

    @Override
    public void writeLongs(long[] a) throws IOException {
        if (a == null) {
            throw new IllegalArgumentException("a must not be null");
        }
        writeInt(a.length);
        int off = 0;
        while (off < a.length) {
            room(8);
            int n = Math.min(buf.remaining() / 8, a.length - off);
            buf.asLongBuffer().put(a, off, n);
            buf.position(buf.position() + 8 * n);
            off += n;
        }
    }

    private ModelFormatException nonFinite(double v, String what) {
        return new ModelFormatException("cannot save a non-finite value (" + v + ") as " + what + " at byte "
                + position() + " in section '" + section + "': the model holds NaN or infinite numbers (did training diverge?)");
    }

    private void room(int n) throws IOException {
        if (buf.remaining() < n) {
            drainBuffer();
        }
    }

    private void drainBuffer() throws IOException {
        int n = buf.position();
        if (n > 0) {
            crc.update(buf.array(), 0, n);
            out.write(buf.array(), 0, n);
            flushed += n;
            buf.clear();
        }
    }
}
