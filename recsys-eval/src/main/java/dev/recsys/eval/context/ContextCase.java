package dev.recsys.eval.context;

import dev.recsys.data.Event;
import java.util.List;

/**
 * One ranking task of a context protocol: the context the scene is asked with and the held-out
 * item it should rank.
 *
 * <p>Thread safety: immutable.
 *
 * @param id      the case's label, unique within a protocol run ({@code user#n}, n counting the
 *                user's baskets or sessions from 1)
 * @param user    external user id
 * @param context the cart items (basket protocol) or the session prefix's items in order (session
 *                protocol; the last one is the current item)
 * @param events  the session prefix as events (session protocol), empty for baskets
 * @param target  the held-out item
 */
public record ContextCase(String id, String user, List<String> context, List<Event> events, String target) {
    /**
     * @throws IllegalArgumentException naming the component that is null or empty
     */
    public ContextCase {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        if (user == null) {
            throw new IllegalArgumentException("user must not be null");
        }
        if (context == null || context.isEmpty()) {
            throw new IllegalArgumentException("context must not be empty");
        }
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        context = List.copyOf(context);
        events = events == null ? List.of() : List.copyOf(events);
    }
}
