package dev.recsys.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One line of the experiment {@link EventLog}.
 *
 * <ul>
 *   <li>{@link Type#IMPRESSION}: the list {@code items} shown to {@code unit}, best first (position
 *       0 is the top); {@code teams} is empty for an A/B impression, or for an interleaved one a
 *       string of {@code 'A'} and {@code 'B'} as long as the list naming the ranker each position
 *       came from.</li>
 *   <li>{@link Type#CLICK}: {@code item} clicked at {@code position} of impression
 *       {@code impression}.</li>
 *   <li>{@link Type#CART} and {@link Type#PURCHASE}: {@code item} added to the cart or bought,
 *       attributed to impression {@code impression} (or -1 when unattributed); a purchase carries
 *       its {@code revenue}.</li>
 * </ul>
 *
 * @param type       what happened
 * @param timestamp  seconds since the epoch, &gt;= 0
 * @param unit       the randomisation unit (user or session id)
 * @param experiment the experiment's name
 * @param variant    the unit's variant (for interleaving, the name of the interleaved pair)
 * @param impression the impression's id, &gt;= 0; -1 only for an unattributed cart or purchase
 * @param items      the list shown (impressions only; empty otherwise)
 * @param teams      the interleaving teams (impressions only; empty for A/B)
 * @param item       the item clicked, carted or bought (null for impressions)
 * @param position   the clicked position (clicks only; -1 otherwise)
 * @param revenue    the purchase's revenue (purchases only; 0 otherwise)
 *
 * <p>Thread safety: immutable.
 */
public record LogEvent(Type type, long timestamp, String unit, String experiment, String variant, long impression,
                       List<String> items, String teams, String item, int position, double revenue) {
    /** Longest impression list accepted. */
    public static final int MAX_ITEMS = 10_000;
    /** Longest id (unit or item) accepted, in characters. */
    public static final int MAX_ID_LENGTH = 1_000;

    /**
     * What happened.
     *
     * <p>Thread safety: immutable.
     */
    public enum Type {
        /** A list was shown. */
        IMPRESSION,
        /** An item of a list was clicked. */
        CLICK,
        /** An item was added to the cart. */
        CART,
        /** An item was bought. */
        PURCHASE
    }

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public LogEvent {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be >= 0, got " + timestamp);
        }
        checkId("unit", unit);
        Experiment.checkName("experiment", experiment);
        Experiment.checkName("variant", variant);
        items = items == null ? List.of() : List.copyOf(items);
        teams = teams == null ? "" : teams;
        if (type == Type.IMPRESSION) {
            if (impression < 0) {
                throw new IllegalArgumentException("impression must be >= 0, got " + impression);
            }
            if (items.isEmpty() || items.size() > MAX_ITEMS) {
                throw new IllegalArgumentException("items must hold 1.." + MAX_ITEMS + " ids, got " + items.size());
            }
            Set<String> seen = new HashSet<>();
            for (String i : items) {
                checkId("items", i);
                if (!seen.add(i)) {
                    throw new IllegalArgumentException("items holds '" + i + "' twice");
                }
            }
            if (!teams.isEmpty()) {
                if (teams.length() != items.size()) {
                    throw new IllegalArgumentException("teams must be as long as items (" + items.size() + "), got " + teams.length());
                }
                for (int i = 0; i < teams.length(); i++) {
                    if (teams.charAt(i) != 'A' && teams.charAt(i) != 'B') {
                        throw new IllegalArgumentException("teams may hold only 'A' and 'B', got '" + teams + "'");
                    }
                }
            }
            if (item != null || position != -1 || revenue != 0) {
                throw new IllegalArgumentException("an impression has no item, position or revenue");
            }
        } else {
            if (!items.isEmpty() || !teams.isEmpty()) {
                throw new IllegalArgumentException("only an impression has items and teams");
            }
            checkId("item", item);
            if (type == Type.CLICK) {
                if (impression < 0) {
                    throw new IllegalArgumentException("impression of a click must be >= 0, got " + impression);
                }
                if (position < 0 || position >= MAX_ITEMS) {
                    throw new IllegalArgumentException("position must be in 0.." + (MAX_ITEMS - 1) + ", got " + position);
                }
            } else if (position != -1) {
                throw new IllegalArgumentException("only a click has a position");
            }
            if (impression < -1) {
                throw new IllegalArgumentException("impression must be >= -1, got " + impression);
            }
            if (type == Type.PURCHASE) {
                if (!(revenue >= 0 && Double.isFinite(revenue))) {
                    throw new IllegalArgumentException("revenue must be finite and >= 0, got " + revenue);
                }
            } else if (revenue != 0) {
                throw new IllegalArgumentException("only a purchase has revenue");
            }
        }
    }

    /** An A/B impression. */
    public static LogEvent impression(long timestamp, String unit, String experiment, String variant, long impression,
                                      List<String> items) {
        return new LogEvent(Type.IMPRESSION, timestamp, unit, experiment, variant, impression, items, "", null, -1, 0);
    }

    /** An interleaved impression with its teams ('A'/'B' per position). */
    public static LogEvent interleaved(long timestamp, String unit, String experiment, String variant, long impression,
                                       List<String> items, String teams) {
        if (teams == null || teams.isEmpty()) {
            throw new IllegalArgumentException("teams must not be null or empty for an interleaved impression");
        }
        return new LogEvent(Type.IMPRESSION, timestamp, unit, experiment, variant, impression, items, teams, null, -1, 0);
    }

    /** A click at a position of an impression. */
    public static LogEvent click(long timestamp, String unit, String experiment, String variant, long impression,
                                 String item, int position) {
        return new LogEvent(Type.CLICK, timestamp, unit, experiment, variant, impression, null, "", item, position, 0);
    }

    /** An add-to-cart, attributed to an impression (or -1). */
    public static LogEvent cart(long timestamp, String unit, String experiment, String variant, long impression,
                                String item) {
        return new LogEvent(Type.CART, timestamp, unit, experiment, variant, impression, null, "", item, -1, 0);
    }

    /** A purchase with its revenue, attributed to an impression (or -1). */
    public static LogEvent purchase(long timestamp, String unit, String experiment, String variant, long impression,
                                    String item, double revenue) {
        return new LogEvent(Type.PURCHASE, timestamp, unit, experiment, variant, impression, null, "", item, -1, revenue);
    }

    /** Whether this is an interleaved impression. */
    public boolean isInterleaved() {
        return !teams.isEmpty();
    }

    static void checkId(String what, String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be null or empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_ID_LENGTH + " characters, got " + id.length());
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == ',' || c == ' ' || c == '"' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(what + " must not hold commas, spaces, quotes or control characters: '"
                        + id.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
    }
}
