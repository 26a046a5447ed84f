package dev.recsys.experiment;

import dev.recsys.data.io.DataFileException;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.io.InputStreamReader;

/**
 * The append-only experiment event log, a UTF-8 CSV file with the header
 * {@value #HEADER} and one {@link LogEvent} per line:
 *
 * <pre>
 * impression,1733580000,u42,als-vs-pop,als,17,i3 i9 i12,
 * click,1733580012,u42,als-vs-pop,als,17,i9,1
 * cart,1733580030,u42,als-vs-pop,als,17,i9,
 * purchase,1733580100,u42,als-vs-pop,als,17,i9,19.99
 * impression,1733580000,u7,ranker-test,interleaved,18,i3 i5 i9,ABBA...
 * </pre>
 *
 * <p>The {@code item} column holds the space-separated list of an impression; {@code extra} holds an
 * impression's interleaving teams (empty for A/B), a click's position, a purchase's revenue (empty
 * for a cart). Ids never contain commas, spaces or quotes (they are rejected when written), so no
 * quoting is needed.
 *
 * <p>Writing: {@link #open} appends to a file (writing the header if it is new or empty); every
 * {@code append} writes one whole line. Reading ({@link #read}) is as strict as the library's data
 * loaders: a missing file, a wrong header, a line with the wrong number of fields, an unknown type,
 * a bad number, a list longer than {@value LogEvent#MAX_ITEMS}, teams not as long as the list, or a
 * click whose position is outside its impression's list or names a different item throw a
 * {@link DataFileException} naming the file and the line. Lines longer than {@value #MAX_LINE}
 * characters are rejected before they are held in memory.
 *
 * <p>Thread safety: a writer is thread-safe ({@code append} is synchronized; lines never
 * interleave). Two writers, or two processes, must not append to the same file: give each its own
 * file and read them one after the other.
 */
public final class EventLog implements Closeable {
    /** The header line. */
    public static final String HEADER = "type,timestamp,unit,experiment,variant,impression,item,extra";
    /** Longest line accepted by the reader, in characters. */
    public static final int MAX_LINE = 1 << 20;

    private final Path file;
    private final BufferedWriter writer;
    private boolean closed;

    private EventLog(Path file, BufferedWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    /**
     * Opens a log for appending, creating it (with its header) if needed.
     *
     * @throws DataFileException if an existing non-empty file does not start with the header
     * @throws UncheckedIOException if the file cannot be opened
     */
    public static EventLog open(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            if (!fresh) {
                try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
                    String first = new LineReader(r).next();
                    if (!HEADER.equals(first)) {
                        throw new DataFileException(file.getFileName().toString(), 1,
                                "not an experiment log: the header must be '" + HEADER + "'");
                    }
                }
            }
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            if (fresh) {
                w.write(HEADER);
                w.write('\n');
                w.flush();
            }
            return new EventLog(file, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open experiment log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /**
     * Appends one event as one line.
     *
     * @throws IllegalStateException if the log is closed
     * @throws UncheckedIOException  if the write fails
     */
    public synchronized void append(LogEvent e) {
        if (e == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        if (closed) {
            throw new IllegalStateException("the experiment log " + file + " is closed");
        }
        try {
            writer.write(format(e));
            writer.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write experiment log " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Writes buffered lines to the file. */
    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            writer.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write experiment log " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Flushes and closes; further appends throw. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot close experiment log " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** The CSV line of an event (without the line break). */
    public static String format(LogEvent e) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(e.type().name().toLowerCase(Locale.ROOT)).append(',').append(e.timestamp()).append(',')
                .append(e.unit()).append(',').append(e.experiment()).append(',').append(e.variant()).append(',');
        if (e.impression() >= 0) {
            sb.append(e.impression());
        }
        sb.append(',');
        switch (e.type()) {
            case IMPRESSION -> sb.append(String.join(" ", e.items())).append(',').append(e.teams());
            case CLICK -> sb.append(e.item()).append(',').append(e.position());
            case CART -> sb.append(e.item()).append(',');
            case PURCHASE -> sb.append(e.item()).append(',').append(e.revenue());
            default -> throw new IllegalStateException("unreachable");
        }
        return sb.toString();
    }

    /**
     * Reads a whole log into memory.
     *
     * @throws DataFileException naming the file and line of the first problem
     */
    public static List<LogEvent> read(Path file) {
        List<LogEvent> out = new ArrayList<>();
        read(file, out::add);
        return out;
    }

    /**
     * Reads a log, passing each event to {@code sink} in file order.
     *
     * @throws DataFileException naming the file and line of the first problem
     */
    public static void read(Path file, Consumer<LogEvent> sink) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.exists(file)) {
            throw new DataFileException(source, 0, "file not found (" + file.toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new DataFileException(source, 0, "is a folder, not a file");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new InputStreamReader(Files.newInputStream(file), decoder)) {
            LineReader lines = new LineReader(r);
            String header = lines.next();
            if (header == null) {
                throw new DataFileException(source, 0, "is empty (expected the header '" + HEADER + "')");
            }
            if (!header.equals(HEADER)) {
                throw new DataFileException(source, 1, "not an experiment log: the header must be '" + HEADER + "'");
            }
            Map<Long, String[]> shown = new HashMap<>();
            long lineNo = 1;
            String line;
            while (true) {
                try {
                    line = lines.next();
                } catch (LineTooLongException e) {
                    throw new DataFileException(source, lineNo + 1, "line longer than " + MAX_LINE + " characters");
                }
                if (line == null) {
                    break;
                }
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                sink.accept(parse(line, source, lineNo, shown));
            }
        } catch (CharacterCodingException e) {
            throw new DataFileException(source, 0, "is not valid UTF-8", e);
        } catch (LineTooLongException e) {
            throw new DataFileException(source, 1, "line longer than " + MAX_LINE + " characters");
        } catch (IOException e) {
            throw new DataFileException(source, 0, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static LogEvent parse(String line, String source, long lineNo, Map<Long, String[]> shown) {
        String[] f = line.split(",", -1);
        if (f.length != 8) {
            throw new DataFileException(source, lineNo, "expected 8 fields (" + HEADER + "), got " + f.length);
        }
        LogEvent.Type type;
        try {
            type = LogEvent.Type.valueOf(f[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DataFileException(source, lineNo, "field 1 (type) must be impression, click, cart or purchase, got '"
                    + printable(f[0]) + "'");
        }
        long ts = parseLong(f[1], "2 (timestamp)", source, lineNo);
        long imp = f[5].isEmpty() ? -1 : parseLong(f[5], "6 (impression)", source, lineNo);
        try {
            LogEvent e;
            switch (type) {
                case IMPRESSION -> {
                    if (f[6].isEmpty()) {
                        throw new DataFileException(source, lineNo, "field 7 (item) of an impression must list the items shown");
                    }
                    int n = 1;
                    for (int i = 0; i < f[6].length(); i++) {
                        if (f[6].charAt(i) == ' ' && ++n > LogEvent.MAX_ITEMS) {
                            throw new DataFileException(source, lineNo, "field 7 (item) lists more than " + LogEvent.MAX_ITEMS + " items");
                        }
                    }
                    String[] items = f[6].split(" ", -1);
                    e = new LogEvent(type, ts, f[2], f[3], f[4], imp, Arrays.asList(items), f[7], null, -1, 0);
                    shown.put(imp, items);
                }
                case CLICK -> {
                    int pos = (int) Math.min(Integer.MAX_VALUE, parseLong(f[7], "8 (position)", source, lineNo));
                    e = new LogEvent(type, ts, f[2], f[3], f[4], imp, null, "", f[6], pos, 0);
                    String[] items = shown.get(imp);
                    if (items != null) {
                        if (pos >= items.length) {
                            throw new DataFileException(source, lineNo, "position " + pos + " is outside impression " + imp
                                    + " (" + items.length + " items)");
                        }
                        if (!items[pos].equals(f[6])) {
                            throw new DataFileException(source, lineNo, "impression " + imp + " shows '" + printable(items[pos])
                                    + "' at position " + pos + ", not '" + printable(f[6]) + "'");
                        }
                    }
                }
                case CART -> {
                    if (!f[7].isEmpty()) {
                        throw new DataFileException(source, lineNo, "field 8 (extra) of a cart must be empty");
                    }
                    e = new LogEvent(type, ts, f[2], f[3], f[4], imp, null, "", f[6], -1, 0);
                }
                case PURCHASE -> {
                    double rev;
                    try {
                        rev = Double.parseDouble(f[7]);
                    } catch (NumberFormatException ex) {
                        throw new DataFileException(source, lineNo, "field 8 (revenue) is not a number: '" + printable(f[7]) + "'");
                    }
                    e = new LogEvent(type, ts, f[2], f[3], f[4], imp, null, "", f[6], -1, rev);
                }
                default -> throw new IllegalStateException("unreachable");
            }
            return e;
        } catch (IllegalArgumentException ex) {
            throw new DataFileException(source, lineNo, ex.getMessage());
        }
    }

    private static long parseLong(String s, String field, String source, long lineNo) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new DataFileException(source, lineNo, "field " + field + " is not an integer: '" + printable(s) + "'");
        }
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** Thrown by {@link LineReader} when a line exceeds {@link #MAX_LINE}. */
    private static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Reads lines ('\n' or "\r\n") of at most {@link #MAX_LINE} characters. */
    private static final class LineReader {
        private final Reader in;
        private final char[] buf = new char[8192];
        private int pos;
        private int len;
        private final StringBuilder sb = new StringBuilder();

        LineReader(Reader in) {
            this.in = in;
        }

        String next() throws IOException {
            sb.setLength(0);
            boolean any = false;
            while (true) {
                if (pos == len) {
                    len = in.read(buf);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        return any ? strip() : null;
                    }
                }
                any = true;
                int start = pos;
                while (pos < len && buf[pos] != '\n') {
                    pos++;
                }
                if (sb.length() + (pos - start) > MAX_LINE) {
                    throw new LineTooLongException();
                }
                sb.append(buf, start, pos - start);
                if (pos < len) {
                    pos++;
                    return strip();
                }
            }
        }

        private String strip() {
            int n = sb.length();
            if (n > 0 && sb.charAt(n - 1) == '\r') {
                sb.setLength(n - 1);
            }
            return sb.toString();
        }
    }
}
