package dev.recsys.mf.internal;

import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import java.io.IOException;

/**
 * Checked reads of model payloads: every array length and count is validated against what the
 * header said, with a message naming the part.
 *
 * <p>Thread safety: stateless.
 */
public final class ModelIo {
    private ModelIo() {
    }

    /** Writes a format tag and version at the start of a payload. */
    public static void writeHeader(ModelOutput out, String tag, int version) throws IOException {
        out.writeString(tag);
        out.writeInt(version);
    }

    /** Reads and checks the tag and version written by {@link #writeHeader}. */
    public static void readHeader(ModelInput in, String tag, int version) throws IOException {
        readHeader(in, tag, version, version);
    }

    /**
     * Reads and checks the tag written by {@link #writeHeader} and a version in
     * {@code [oldest, newest]} (a payload whose older versions are still read).
     *
     * @return the version
     */
    public static int readHeader(ModelInput in, String tag, int oldest, int newest) throws IOException {
        String t = in.readString();
        if (!tag.equals(t)) {
            throw new IOException("expected a " + tag + " model payload, found '" + t + "'");
        }
        int v = in.readInt();
        if (v < oldest || v > newest) {
            throw new IOException(tag + " payload version " + v + " is not supported (expected "
                    + (oldest == newest ? Integer.toString(newest) : oldest + " to " + newest) + ")");
        }
        return v;
    }

    /** Reads a positive-or-zero count no larger than {@code max}. */
    public static int count(ModelInput in, String what, int max) throws IOException {
        int v = in.readInt();
        if (v < 0 || v > max) {
            throw new IOException(what + " must be in [0, " + max + "], got " + v);
        }
        return v;
    }

    /** Reads a float array of exactly {@code length} finite values. */
    public static float[] floats(ModelInput in, long length, String what) throws IOException {
        float[] a = in.readFloats();
        if (a.length != length) {
            throw new IOException("expected " + length + " values of " + what + ", got " + a.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new IOException(what + " holds a non-finite value at position " + i);
            }
        }
        return a;
    }

    /** Reads an int array of exactly {@code length} values. */
    public static int[] ints(ModelInput in, long length, String what) throws IOException {
        int[] a = in.readInts();
        if (a.length != length) {
            throw new IOException("expected " + length + " values of " + what + ", got " + a.length);
        }
        return a;
    }
}
