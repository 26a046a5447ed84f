package dev.recsys.data.io;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Time stamp text of data files: integer epoch values and ISO-8601 date-times (see
 * {@link ColumnMapping} for the accepted forms; without a zone or offset a date-time is UTC).
 *
 * <p>Thread safety: stateless.
 */
final class TimeStamps {
    private TimeStamps() {
    }

    /** Whether bytes {@code [s, e)} are an optional sign followed by 1 to 19 decimal digits. */
    static boolean isInteger(byte[] b, int s, int e) {
        int k = s < e && (b[s] == '-' || b[s] == '+') ? s + 1 : s;
        if (k == e || e - k > 19) {
            return false;
        }
        for (; k < e; k++) {
            if (b[k] < '0' || b[k] > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Epoch seconds of an ISO-8601 date ({@code 2024-03-01}, midnight) or date-time with an
     * optional offset or zone ({@code 2024-03-01T12:30:00Z}, {@code 2024-03-01 12:30:00+01:00},
     * {@code 2024-03-01T12:30:00.250}); fractions of a second are dropped.
     *
     * @param what the field's label for messages
     * @throws FieldError if {@code text} is none of these
     */
    static long parseIso(String text, String what) {
        String t = text;
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            }
            TemporalAccessor ta = DateTimeFormatter.ISO_DATE_TIME.parse(t);
            if (ta.isSupported(ChronoField.INSTANT_SECONDS)) {
                return ta.getLong(ChronoField.INSTANT_SECONDS);
            }
            return LocalDateTime.from(ta).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException | ArithmeticException e) {
            String q = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new FieldError(what + " is not a time stamp (epoch seconds, epoch milliseconds or an ISO-8601 date-time "
                    + "such as 2024-03-01T12:30:00Z): '" + q + "'");
        }
    }

    /** Epoch seconds as ISO-8601 UTC text, or the number when it is beyond the range of {@link Instant}. */
    static String format(long epochSeconds) {
        if (epochSeconds < Instant.MIN.getEpochSecond() || epochSeconds > Instant.MAX.getEpochSecond()) {
            return epochSeconds + " s";
        }
        return Instant.ofEpochSecond(epochSeconds).toString();
    }
}
