package dev.recsys.data.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads delimited text line by line from a byte stream without creating a String per line: the
 * current line's fields are byte ranges of an internal buffer. Handles LF and CRLF line ends, a
 * UTF-8 byte order mark, blanks around fields (spaces and tabs, unless the delimiter contains them) and double-quoted
 * fields ({@code "a,b"}, {@code ""} inside quotes is a quote; quoted fields cannot span lines).
 *
 * <p>Thread safety: not thread-safe.
 */
final class DelimitedReader implements Closeable {
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final InputStream in;
    private final byte[] delim;
    private final boolean trimSpace;
    private final boolean trimTab;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private int scan;
    private boolean eof;
    private boolean first = true;
    private long lineNo;
    private int lineStart;
    private int lineEnd;
    private int nf;
    private int[] fs = new int[16];
    private int[] fe = new int[16];
    private boolean[] escaped = new boolean[16];

    DelimitedReader(InputStream in, byte[] delim) {
        if (delim.length == 0) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        this.in = in;
        this.delim = delim;
        boolean space = false;
        boolean tab = false;
        for (byte b : delim) {
            space |= b == ' ';
            tab |= b == '\t';
        }
        this.trimSpace = !space;
        this.trimTab = !tab;
    }

    /** 1-based number of the current line. */
    long lineNumber() {
        return lineNo;
    }

    /**
     * Fills the buffer once and estimates the average line length from it, or returns -1 if the
     * stream is empty or the first line does not fit.
     */
    double sampleBytesPerLine() throws IOException {
        while (!eof && lim < buf.length) {
            fill();
        }
        int lines = 0;
        int lastNl = -1;
        for (int i = pos; i < lim; i++) {
            if (buf[i] == '\n') {
                lines++;
                lastNl = i;
            }
        }
        return lines == 0 ? -1 : (double) (lastNl + 1 - pos) / lines;
    }

    /** Advances to the next line; false at the end of the input. */
    boolean next() throws IOException {
        while (true) {
            for (int i = Math.max(scan, pos); i < lim; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    scan = pos;
                    return true;
                }
            }
            scan = lim;
            if (eof) {
                if (pos < lim) {
                    setLine(pos, lim);
                    pos = lim;
                    scan = lim;
                    return true;
                }
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                scan -= pos;
                pos = 0;
            } else if (lim == buf.length) {
                if (buf.length >= (1 << 28)) {
                    throw new FieldError("line " + (lineNo + 1) + " is longer than " + buf.length + " bytes");
                }
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            fill();
        }
    }

    private void fill() throws IOException {
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return;
        }
        lim += n;
        if (first && lim >= 3) {
            first = false;
            if (pos == 0 && lineNo == 0 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                pos = 3;
                scan = Math.max(scan, 3);
            }
        }
    }

    private void setLine(int s, int e) {
        lineNo++;
        if (e > s && buf[e - 1] == '\r') {
            e--;
        }
        lineStart = s;
        lineEnd = e;
        nf = -1;
    }

    /** Whether the current line is empty or blank. */
    boolean isBlank() {
        for (int i = lineStart; i < lineEnd; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Splits the current line (once) and returns the number of fields. */
    int fieldCount() {
        if (nf < 0) {
            split();
        }
        return nf;
    }

    private void split() {
        nf = 0;
        int p = lineStart;
        int e = lineEnd;
        int d0 = delim[0];
        int dl = delim.length;
        while (true) {
            int q = p;
            while (q < e && trimmable(buf[q])) {
                q++;
            }
            if (q < e && buf[q] == '"') {
                int r = q + 1;
                boolean esc = false;
                while (true) {
                    if (r >= e) {
                        throw new FieldError("field " + (nf + 1) + ": unterminated quote");
                    }
                    if (buf[r] == '"') {
                        if (r + 1 < e && buf[r + 1] == '"') {
                            esc = true;
                            r += 2;
                            continue;
                        }
                        break;
                    }
                    r++;
                }
                addField(q + 1, r, esc);
                p = r + 1;
                while (p < e && trimmable(buf[p])) {
                    p++;
                }
                if (p >= e) {
                    return;
                }
                if (!delimAt(p, e)) {
                    throw new FieldError("field " + nf + ": unexpected text after the closing quote");
                }
                p += dl;
                continue;
            }
            int r = p;
            while (r < e && !(buf[r] == d0 && (dl == 1 || delimAt(r, e)))) {
                r++;
            }
            int fsx = p;
            int fex = r;
            while (fsx < fex && trimmable(buf[fsx])) {
                fsx++;
            }
            while (fex > fsx && trimmable(buf[fex - 1])) {
                fex--;
            }
            addField(fsx, fex, false);
            if (r >= e) {
                return;
            }
            p = r + dl;
        }
    }

    /** Whether a blank at a field's edge is dropped: spaces and tabs, unless part of the delimiter. */
    private boolean trimmable(byte b) {
        return (b == ' ' && trimSpace) || (b == '\t' && trimTab);
    }

    private boolean delimAt(int p, int e) {
        if (p + delim.length > e) {
            return false;
        }
        for (int k = 0; k < delim.length; k++) {
            if (buf[p + k] != delim[k]) {
                return false;
            }
        }
        return true;
    }

    private void addField(int s, int e, boolean esc) {
        if (nf == fs.length) {
            fs = Arrays.copyOf(fs, nf * 2);
            fe = Arrays.copyOf(fe, nf * 2);
            escaped = Arrays.copyOf(escaped, nf * 2);
        }
        fs[nf] = s;
        fe[nf] = e;
        escaped[nf] = esc;
        nf++;
    }

    /** The buffer holding the current line. Valid until {@link #next()}. */
    byte[] buffer() {
        return buf;
    }

    /** Start offset of field {@code i} in {@link #buffer()}. */
    int start(int i) {
        return fs[i];
    }

    /** End offset (exclusive) of field {@code i}. */
    int end(int i) {
        return fe[i];
    }

    /** Whether field {@code i} is empty. */
    boolean isEmpty(int i) {
        return fe[i] == fs[i];
    }

    /** Whether field {@code i} was quoted with doubled quotes inside (its bytes are not its text). */
    boolean isEscaped(int i) {
        return escaped[i];
    }

    /** Field {@code i} as a String (UTF-8; doubled quotes undone). */
    String text(int i) {
        String s = new String(buf, fs[i], fe[i] - fs[i], StandardCharsets.UTF_8);
        return escaped[i] ? s.replace("\"\"", "\"") : s;
    }

    /** Field {@code i} for error messages: quoted, at most 40 characters. */
    String quote(int i) {
        String s = text(i);
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
    }

    /** All fields of the current line as Strings (for header lines). */
    String[] texts() {
        int n = fieldCount();
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = text(i);
        }
        return out;
    }

    /** Hash of field {@code i}'s bytes. */
    int hash(int i) {
        int h = 1;
        for (int k = fs[i]; k < fe[i]; k++) {
            h = 31 * h + buf[k];
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * Field {@code i} as a canonical decimal long (no '+', no leading zeros, not "-0", in range and
     * not Long.MIN_VALUE), or Long.MIN_VALUE if it is not one.
     */
    long canonicalLong(int i) {
        int s = fs[i];
        int e = fe[i];
        int n = e - s;
        if (n == 0 || n > 20 || escaped[i]) {
            return Long.MIN_VALUE;
        }
        boolean neg = buf[s] == '-';
        int k = neg ? s + 1 : s;
        if (k == e || (buf[k] == '0' && (e - k > 1 || neg))) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; k < e; k++) {
            int d = buf[k] - '0';
            if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
                return Long.MIN_VALUE;
            }
            v = v * 10 - d;
        }
        return neg ? v : (v == Long.MIN_VALUE ? Long.MIN_VALUE : -v);
    }

    /**
     * Field {@code i} as a decimal integer (optional sign).
     *
     * @throws FieldError if it is empty, not an integer or out of the long range
     */
    long parseLong(int i, String what) {
        int s = fs[i];
        int e = fe[i];
        if (s == e) {
            throw new FieldError(what + " is empty");
        }
        boolean neg = buf[s] == '-';
        int k = (neg || buf[s] == '+') ? s + 1 : s;
        if (k == e) {
            throw new FieldError(what + " is not an integer: " + quote(i));
        }
        long v = 0;
        for (; k < e; k++) {
            int d = buf[k] - '0';
            if (d < 0 || d > 9) {
                throw new FieldError(what + " is not an integer: " + quote(i));
            }
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw new FieldError(what + " is out of range: " + quote(i));
            }
            v = v * 10 - d;
        }
        if (!neg && v == Long.MIN_VALUE) {
            throw new FieldError(what + " is out of range: " + quote(i));
        }
        return neg ? v : -v;
    }

    /**
     * Field {@code i} as a finite float. Plain decimals are parsed from the bytes; other forms
     * (exponents) through {@link Float#parseFloat(String)}.
     *
     * @throws FieldError if it is empty, not a number, NaN, infinite or beyond the float range
     */
    float parseFloat(int i, String what) {
        int s = fs[i];
        int e = fe[i];
        if (s == e) {
            throw new FieldError(what + " is empty");
        }
        int k = s;
        boolean neg = false;
        if (buf[k] == '-' || buf[k] == '+') {
            neg = buf[k] == '-';
            k++;
        }
        long mant = 0;
        int digits = 0;
        int seen = 0;
        int frac = 0;
        boolean dot = false;
        boolean simple = true;
        for (; k < e; k++) {
            byte b = buf[k];
            if (b >= '0' && b <= '9') {
                seen++;
                if (mant != 0 || b != '0') {
                    digits++;
                }
                mant = mant * 10 + (b - '0');
                if (dot) {
                    frac++;
                }
                if (digits > 15 || frac > 18) {
                    simple = false;
                    break;
                }
            } else if (b == '.' && !dot) {
                dot = true;
            } else {
                simple = false;
                break;
            }
        }
        if (simple && seen > 0) {
            double v = frac == 0 ? mant : mant / (double) POW10[frac];
            return (float) (neg ? -v : v);
        }
        return parseFloatSlow(i, what);
    }

    private float parseFloatSlow(int i, String what) {
        String t = text(i).trim();
        String l = t.toLowerCase(java.util.Locale.ROOT);
        if (l.equals("nan") || l.equals("+nan") || l.equals("-nan") || l.matches("[+-]?inf(inity)?")) {
            throw new FieldError(what + " must be finite, got " + quote(i));
        }
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                throw new FieldError(what + " is not a number: " + quote(i));
            }
        }
        float f;
        try {
            f = Float.parseFloat(t);
        } catch (NumberFormatException ex) {
            throw new FieldError(what + " is not a number: " + quote(i));
        }
        if (!Float.isFinite(f)) {
            throw new FieldError(what + " must be finite, got " + quote(i) + " (beyond the float range)");
        }
        return f;
    }

    /** Whether field {@code i} has exactly the bytes of {@code key}. */
    boolean equalsBytes(int i, byte[] key) {
        int s = fs[i];
        int n = fe[i] - s;
        if (n != key.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (buf[s + k] != key[k]) {
                return false;
            }
        }
        return true;
    }

    /** A copy of field {@code i}'s bytes. */
    byte[] bytes(int i) {
        return Arrays.copyOfRange(buf, fs[i], fe[i]);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
