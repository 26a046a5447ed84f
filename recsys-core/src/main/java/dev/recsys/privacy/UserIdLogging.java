package dev.recsys.privacy;

/**
 * The switch that decides whether the library's log lines may name users. Off by default: no
 * library log line holds a user id; where one would name a user it writes
 * {@value #HIDDEN} instead. Turn it on with {@link #enable(boolean)} or the system property
 * {@code recsys.log.userIds=true} (read once, when this class initialises), for example while
 * debugging on test data.
 *
 * <p>Thread safety: thread-safe (a volatile flag); a change is seen by later log calls of every
 * thread.
 */
public final class UserIdLogging {
    /** What a log line shows in place of a user id while the switch is off. */
    public static final String HIDDEN = "<user id hidden>";
    private static volatile boolean enabled = Boolean.getBoolean("recsys.log.userIds");

    private UserIdLogging() {
    }

    /** Turns the logging of user ids on or off for the whole class loader. */
    public static void enable(boolean on) {
        enabled = on;
    }

    /** Whether log lines may name users. */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * What a log line shows for a user: the id itself when {@link #enabled()}, else {@value #HIDDEN}.
     *
     * @param user the user id (null shows as {@code null})
     */
    public static String user(String user) {
        return enabled ? String.valueOf(user) : HIDDEN;
    }
}
