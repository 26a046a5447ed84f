package dev.recsys.data.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads delimited text line by line from a byte stream without creating a String per line: the
 * current line's fields are byte ranges of an internal buffer. Handles LF and CRLF line ends, a
 * UTF-8 byte order mark, blanks around fields (spaces and tabs, unless the delimiter contains them) and double-quoted
 * fields ({@code "a,b"}, {@code ""} inside quotes is a quote; quoted fields cannot span lines).
 *
 * <p>A line longer than the maximum line length is not buffered: its bytes are dropped up to the
 * next line end and {@link #next()} reports it as {@linkplain #isOverlong() overlong}, so memory
 * stays bounded by the maximum line length whatever the input. {@link #checkText()} tells whether
 * a line is valid UTF-8 without a byte-order mark (a mark is dropped only at the very start).
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
    private final int maxLine;
    private final boolean quotes;
    private final Charset charset;
    private byte[] buf;
    private boolean overlong;
    private boolean dropOverlong = true;
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
        this(in, delim, LoadOptions.DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * A reader of lines of at most {@code maxLineBytes} bytes (without the line end).
     *
     * @param in           the input; closed by {@link #close()}
     * @param delim        the field delimiter bytes
     * @param maxLineBytes longest line kept; longer ones are reported by {@link #isOverlong()}
     */
    DelimitedReader(InputStream in, byte[] delim, int maxLineBytes) {
        this(in, delim, maxLineBytes, true, StandardCharsets.UTF_8);
    }

    /**
     * A reader with quote handling and the text charset chosen (UTF-8 with quotes for data files,
     * ISO-8859-1 without for MovieLens {@code u.item}).
     */
    DelimitedReader(InputStream in, byte[] delim, int maxLineBytes, boolean quotes, Charset charset) {
        if (delim.length == 0) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1, got " + maxLineBytes);
        }
        this.in = in;
        this.maxLine = maxLineBytes;
        this.quotes = quotes;
        this.charset = charset;
        this.buf = new byte[(int) Math.min(1 << 16, (long) maxLineBytes + 1)];
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
     * Whether an overlong line is read to its end and dropped (true, the default: reading goes on
     * with the next line) or reported as soon as it exceeds the limit (false: for callers that stop
     * at the first bad line, so a huge line is not read through).
     */
    void dropOverlong(boolean drop) {
        this.dropOverlong = drop;
    }

    /** The longest line kept, in bytes. */
    int maxLineBytes() {
        return maxLine;
    }

    /**
     * Whether the current line was longer than {@link #maxLineBytes()}: its bytes were dropped and
     * it has no fields (it reads as blank).
     */
    boolean isOverlong() {
        return overlong;
    }

    /** Advances to the next line; false at the end of the input. */
    boolean next() throws IOException {
        long dropped = 0;
        while (true) {
            for (int i = Math.max(scan, pos); i < lim; i++) {
                if (buf[i] == '\n') {
                    if (dropped > 0) {
                        setOverlong();
                    } else {
                        setLine(pos, i);
                    }
                    pos = i + 1;
                    scan = pos;
                    return true;
                }
            }
            scan = lim;
            if (lim - pos > maxLine) {
                if (!dropOverlong) {
                    setOverlong();
                    pos = lim;
                    scan = lim;
                    return true;
                }
                // no line end within the limit: drop what is buffered and look for the line end
                dropped += lim - pos;
                pos = lim;
                scan = lim;
            }
            if (eof) {
                if (dropped > 0) {
                    setOverlong();
                    pos = lim;
                    scan = lim;
                    return true;
                }
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
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxLine + 1));
            }
            fill();
        }
    }

    private void setOverlong() {
        setLine(pos, pos);
        overlong = true;
    }

    /**
     * Why the current line is not clean UTF-8 text, or null if it is: invalid UTF-8 (an id would
     * otherwise silently become U+FFFD and merge with other broken ids) or a byte-order mark after
     * the start of the input (e.g. from concatenated files; it would otherwise become part of an id).
     */
    String checkText() {
        int e = lineEnd;
        for (int k = lineStart; k < e; k++) {
            int b = buf[k];
            if (b >= 0) {
                continue;
            }
            b &= 0xff;
            int n;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                return invalidUtf8(k);
            }
            if (k + n >= e) {
                return invalidUtf8(k);
            }
            int cp = b & (0x3F >> n);
            for (int j = 1; j <= n; j++) {
                int c = buf[k + j] & 0xff;
                if ((c & 0xC0) != 0x80) {
                    return invalidUtf8(k);
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return invalidUtf8(k);
            }
            if (cp == 0xFEFF) {
                return "byte-order mark (U+FEFF) at byte " + (k - lineStart + 1)
                        + " of the line: a mark is allowed only at the start of the file (concatenated files?)";
            }
            k += n;
        }
        return null;
    }

    private String invalidUtf8(int k) {
        StringBuilder hex = new StringBuilder();
        for (int j = k; j < Math.min(lineEnd, k + 4); j++) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02X", buf[j] & 0xff));
        }
        return "invalid UTF-8 at byte " + (k - lineStart + 1) + " of the line (" + hex
                + "); the file must be UTF-8 (convert it, e.g. with iconv)";
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
        overlong = false;
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
            if (quotes && q < e && buf[q] == '"') {
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
        String s = new String(buf, fs[i], fe[i] - fs[i], charset);
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
