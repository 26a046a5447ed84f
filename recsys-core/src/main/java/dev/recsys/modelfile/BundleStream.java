package dev.recsys.modelfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The concatenated bodies of a stream's parts (whose sizes, headers and footers were checked), read
 * part by part through a file channel. A part's CRC32 is verified (by the callback) before its
 * first byte is read; {@link #skip} passes over bytes without reading them, so a part skipped
 * entirely (mapped instead) is neither read nor verified here.
 *
 * <p>Thread safety: not thread-safe.
 */
final class BundleStream extends InputStream {
    /** Verifies one part before it is read. */
    interface Verifier {
        void verify(int part) throws IOException;
    }

    private final Path dir;
    private final List<ModelBundles.Part> parts;
    private final Verifier verifier;
    private int cur;
    /** Body bytes of the current part already passed. */
    private long inPart;
    private FileChannel ch;

    BundleStream(Path dir, List<ModelBundles.Part> parts, Verifier verifier) {
        this.dir = dir;
        this.parts = parts;
        this.verifier = verifier;
    }

    /** Moves past exhausted parts; false at the end of the stream. */
    private boolean settle() throws IOException {
        while (cur < parts.size() && inPart >= parts.get(cur).bodyBytes()) {
            closeChannel();
            cur++;
            inPart = 0;
        }
        return cur < parts.size();
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        int r = read(b, 0, 1);
        return r <= 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!settle()) {
            return -1;
        }
        ModelBundles.Part p = parts.get(cur);
        if (ch == null) {
            verifier.verify(cur);
            ch = FileChannel.open(dir.resolve(p.file()), StandardOpenOption.READ);
            ch.position(12 + inPart);
        }
        int n = (int) Math.min(len, p.bodyBytes() - inPart);
        int r = ch.read(ByteBuffer.wrap(b, off, n));
        if (r < 0) {
            throw new ModelFormatException("bundle part " + dir.resolve(p.file()) + " changed while being read");
        }
        inPart += r;
        return r;
    }

    @Override
    public long skip(long n) throws IOException {
        long left = n;
        while (left > 0 && settle()) {
            long m = Math.min(left, parts.get(cur).bodyBytes() - inPart);
            inPart += m;
            left -= m;
            if (ch != null) {
                ch.position(12 + inPart);
            }
        }
        return n - left;
    }

    @Override
    public void close() throws IOException {
        closeChannel();
        cur = parts.size();
    }

    private void closeChannel() throws IOException {
        if (ch != null) {
            FileChannel c = ch;
            ch = null;
            c.close();
        }
    }
}
