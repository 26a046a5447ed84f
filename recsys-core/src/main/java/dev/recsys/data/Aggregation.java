package dev.recsys.data;

/**
 * How several events of the same user and item combine into one matrix entry.
 *
 * <p>Thread safety: immutable.
 */
public enum Aggregation {
    /** Sum of the weighted values. */
    SUM,
    /** Largest weighted value. */
    MAX,
    /** The latest event's weighted value (ties in time: the later in the log). */
    LAST
}
