package dev.recsys.data;

import dev.recsys.api.Scene;

/**
 * One behaviour event with external ids, as an application records it in real time or as a
 * request carries it as context. Bulk data is stored column-wise in {@link Interactions} instead.
 *
 * @param user      external user id
 * @param item      external item id
 * @param behavior  what the user did
 * @param value     rating or review value for {@link Behavior#hasValue()} behaviours, else 1
 * @param timestamp seconds since the epoch
 * @param scene     the scene the event happened in, or {@code null} if unknown
 *
 * <p>Thread safety: immutable.
 */
public record Event(String user, String item, Behavior behavior, float value, long timestamp, Scene scene) {
    /** Validates the fields. */
    public Event {
        if (user == null) {
            throw new IllegalArgumentException("user must not be null");
        }
        if (item == null) {
            throw new IllegalArgumentException("item must not be null");
        }
        if (behavior == null) {
            throw new IllegalArgumentException("behavior must not be null");
        }
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
    }

    /** An implicit event (value 1) with no scene. */
    public static Event of(String user, String item, Behavior behavior, long timestamp) {
        return new Event(user, item, behavior, 1f, timestamp, null);
    }
}
