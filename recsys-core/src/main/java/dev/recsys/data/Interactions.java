package dev.recsys.data;

import dev.recsys.api.Scene;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A log of behaviour events stored column-wise in primitive arrays: user index (int), item index
 * (int), behaviour (byte), value (float), time stamp in epoch seconds and scene (byte). Time stamps
 * are stored as int offsets from the first event's time while they all lie within about 68 years
 * of it (the log switches to long storage by itself otherwise), so an event takes
 * {@link #BYTES_PER_EVENT} = 18 bytes once {@link #trimToSize()} has run (22 with long time
 * stamps). External ids live in the two {@link IdIndex}es, scenes in a small per-log dictionary
 * (at most 127 scenes). Two optional group columns, the basket (order) id and the session id of
 * each event, take 4 bytes per event each once the first event has one (an int code per event,
 * dictionary-coded in {@link #basketIds()} / {@link #sessionIds()}; {@link #NO_GROUP} for an
 * event without one); a log without them pays nothing. When full, the columns grow by half their
 * capacity (amortised constant time per event; the columns are copied one at a time, which keeps
 * the peak memory of a growth step low).
 *
 * <p>Thread safety: not thread-safe. Build it on one thread, then share it read-only.
 */
public final class Interactions {
    /**
     * Bytes of column storage per event: 4 + 4 + 1 + 4 + 4 + 1 (user, item, behaviour, value, time
     * offset, scene); 4 more while time stamps need long storage (see the class comment).
     */
    public static final int BYTES_PER_EVENT = 18;
    /** Scene code of events whose scene is unknown. */
    public static final byte NO_SCENE = -1;
    /** Basket or session code of events without a basket or session id. */
    public static final int NO_GROUP = -1;

    private final IdIndex users;
    private final IdIndex items;
    private final List<Scene> scenes = new ArrayList<>();
    private int[] user;
    private int[] item;
    private byte[] behavior;
    private float[] value;
    private int[] time32; // offsets from timeBase; null once switched to time64
    private long[] time64; // null while time32 is used
    private long timeBase;
    private byte[] scene;
    private final Group baskets;
    private final Group sessions;
    private int size;

    /** An empty log with new id indices. */
    public Interactions() {
        this(new IdIndex(), new IdIndex(), 1024);
    }

    /**
     * An empty log sharing the given id indices (for example a test set that must use the
     * training set's indices).
     */
    public Interactions(IdIndex users, IdIndex items, int initialCapacity) {
        if (users == null || items == null) {
            throw new IllegalArgumentException("users and items must not be null");
        }
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must be >= 0, got " + initialCapacity);
        }
        this.users = users;
        this.items = items;
        this.baskets = new Group(new IdIndex());
        this.sessions = new Group(new IdIndex());
        int c = Math.max(16, initialCapacity);
        user = new int[c];
        item = new int[c];
        behavior = new byte[c];
        value = new float[c];
        time32 = new int[c];
        scene = new byte[c];
    }

    /** User id index. */
    public IdIndex users() {
        return users;
    }

    /** Item id index. */
    public IdIndex items() {
        return items;
    }

    /** Number of events. */
    public int size() {
        return size;
    }

    /** Whether there are no events. */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Appends an event by dense indices.
     *
     * @param u         user index (from {@link #users()})
     * @param i         item index (from {@link #items()})
     * @param b         behaviour
     * @param v         value; must be finite
     * @param t         epoch seconds
     * @param sceneCode scene code from {@link #sceneCode(Scene)} or {@link #NO_SCENE}
     * @return the event's position
     */
    public int add(int u, int i, Behavior b, float v, long t, byte sceneCode) {
        if (u < 0 || u >= users.size()) {
            throw new IllegalArgumentException("user index " + u + " is not in the user index (size " + users.size() + ")");
        }
        if (i < 0 || i >= items.size()) {
            throw new IllegalArgumentException("item index " + i + " is not in the item index (size " + items.size() + ")");
        }
        if (b == null) {
            throw new IllegalArgumentException("behavior must not be null");
        }
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("value must be finite, got " + v);
        }
        if (sceneCode != NO_SCENE && (sceneCode < 0 || sceneCode >= scenes.size())) {
            throw new IllegalArgumentException("scene code " + sceneCode + " is not defined");
        }
        if (size == user.length) {
            grow();
        }
        user[size] = u;
        item[size] = i;
        behavior[size] = b.code();
        value[size] = v;
        storeTime(size, t);
        scene[size] = sceneCode;
        if (baskets.codes != null) {
            baskets.codes[size] = NO_GROUP;
        }
        if (sessions.codes != null) {
            sessions.codes[size] = NO_GROUP;
        }
        return size++;
    }

    /** Appends an event with external ids, adding unknown ids to the indices. */
    public int add(Event e) {
        int u = users.add(e.user());
        int i = items.add(e.item());
        return add(u, i, e.behavior(), e.value(), e.timestamp(), e.scene() == null ? NO_SCENE : sceneCode(e.scene()));
    }

    /** The code of {@code s} in this log's scene dictionary, adding it if absent. */
    public byte sceneCode(Scene s) {
        int idx = scenes.indexOf(s);
        if (idx >= 0) {
            return (byte) idx;
        }
        if (scenes.size() >= Byte.MAX_VALUE) {
            throw new IllegalStateException("at most " + Byte.MAX_VALUE + " scenes per interaction log");
        }
        scenes.add(s);
        return (byte) (scenes.size() - 1);
    }

    /** The scenes in code order. */
    public List<Scene> scenes() {
        return List.copyOf(scenes);
    }

    /** User index of event {@code e}. */
    public int user(int e) {
        return user[check(e)];
    }

    /** Item index of event {@code e}. */
    public int item(int e) {
        return item[check(e)];
    }

    /** Behaviour of event {@code e}. */
    public Behavior behavior(int e) {
        return Behavior.ofCode(behavior[check(e)]);
    }

    /** Behaviour code of event {@code e} (see {@link Behavior#code()}). */
    public byte behaviorCode(int e) {
        return behavior[check(e)];
    }

    /** Value of event {@code e}. */
    public float value(int e) {
        return value[check(e)];
    }

    /** Time stamp (epoch seconds) of event {@code e}. */
    public long time(int e) {
        int k = check(e);
        return time32 != null ? timeBase + time32[k] : time64[k];
    }

    /** Scene code of event {@code e}, or {@link #NO_SCENE}. */
    public byte sceneCode(int e) {
        return scene[check(e)];
    }

    /** Scene of event {@code e}, or {@code null} if unknown. */
    public Scene scene(int e) {
        byte c = scene[check(e)];
        return c == NO_SCENE ? null : scenes.get(c);
    }

    /**
     * The code of basket (order) id {@code id} in this log's basket dictionary, adding it if absent.
     *
     * @throws IllegalArgumentException if {@code id} is null or empty
     */
    public int basketCode(String id) {
        return baskets.code(id, "basket");
    }

    /**
     * The code of session id {@code id} in this log's session dictionary, adding it if absent.
     *
     * @throws IllegalArgumentException if {@code id} is null or empty
     */
    public int sessionCode(String id) {
        return sessions.code(id, "session");
    }

    /**
     * Sets the basket of event {@code e}: a code from {@link #basketCode(String)} or
     * {@link #NO_GROUP}. The first call gives the log its basket column (4 bytes per event).
     */
    public void setBasket(int e, int code) {
        baskets.set(check(e), code, user.length, "basket");
    }

    /**
     * Sets the session of event {@code e}: a code from {@link #sessionCode(String)} or
     * {@link #NO_GROUP}. The first call gives the log its session column (4 bytes per event).
     */
    public void setSession(int e, int code) {
        sessions.set(check(e), code, user.length, "session");
    }

    /** Whether the log has a basket column (some event was given a basket, see {@link #setBasket}). */
    public boolean hasBaskets() {
        return baskets.codes != null;
    }

    /** Whether the log has a session column (some event was given a session, see {@link #setSession}). */
    public boolean hasSessions() {
        return sessions.codes != null;
    }

    /** Basket code of event {@code e}, or {@link #NO_GROUP}. */
    public int basket(int e) {
        int k = check(e);
        return baskets.codes == null ? NO_GROUP : baskets.codes[k];
    }

    /** Session code of event {@code e}, or {@link #NO_GROUP}. */
    public int session(int e) {
        int k = check(e);
        return sessions.codes == null ? NO_GROUP : sessions.codes[k];
    }

    /**
     * The number of distinct basket ids among this log's events (one pass; the dictionary
     * {@link #basketIds()} may hold more, e.g. those of the other side of a split).
     */
    public int basketCount() {
        return baskets.distinct(size);
    }

    /** The number of distinct session ids among this log's events (see {@link #basketCount()}). */
    public int sessionCount() {
        return sessions.distinct(size);
    }

    /** The basket id dictionary: code to external basket id (shared with logs made by {@link #select}). */
    public IdIndex basketIds() {
        return baskets.ids;
    }

    /** The session id dictionary: code to external session id (shared with logs made by {@link #select}). */
    public IdIndex sessionIds() {
        return sessions.ids;
    }

    /**
     * Releases spare capacity so that storage is exactly {@link #BYTES_PER_EVENT} per event (4 more
     * with long time stamps, 4 more for each group column).
     */
    public void trimToSize() {
        resize(size);
    }

    /** Bytes held by the column arrays now (capacity, not size). */
    public long columnBytes() {
        return (long) user.length * (BYTES_PER_EVENT + (time64 != null ? 4 : 0) + (baskets.codes != null ? 4 : 0)
                + (sessions.codes != null ? 4 : 0));
    }

    /** Smallest and largest time stamp, or {0, 0} when empty. */
    public long[] timeRange() {
        if (size == 0) {
            return new long[] {0, 0};
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int e = 0; e < size; e++) {
            long t = time32 != null ? timeBase + time32[e] : time64[e];
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
        }
        return new long[] {lo, hi};
    }

    /**
     * A new log with the events at the given positions, in that order, sharing this log's id
     * indices and scene dictionary, and the basket and session columns with their dictionaries (used
     * by splitters).
     */
    public Interactions select(int[] positions) {
        if (positions == null) {
            throw new IllegalArgumentException("positions must not be null");
        }
        Interactions out = new Interactions(users, items, positions.length);
        out.scenes.addAll(scenes);
        out.baskets.ids = baskets.ids;
        out.sessions.ids = sessions.ids;
        if (baskets.codes != null) {
            out.baskets.codes = new int[out.user.length];
        }
        if (sessions.codes != null) {
            out.sessions.codes = new int[out.user.length];
        }
        for (int p : positions) {
            check(p);
            out.user[out.size] = user[p];
            out.item[out.size] = item[p];
            out.behavior[out.size] = behavior[p];
            out.value[out.size] = value[p];
            out.storeTime(out.size, time32 != null ? timeBase + time32[p] : time64[p]);
            out.scene[out.size] = scene[p];
            if (baskets.codes != null) {
                out.baskets.codes[out.size] = baskets.codes[p];
            }
            if (sessions.codes != null) {
                out.sessions.codes[out.size] = sessions.codes[p];
            }
            out.size++;
        }
        return out;
    }

    /** Stores the time of position {@code pos}, switching to long storage if it does not fit an int offset. */
    private void storeTime(int pos, long t) {
        if (time32 != null) {
            if (pos == 0 && size == 0) {
                timeBase = t;
            }
            long d = t - timeBase;
            boolean overflow = ((t ^ timeBase) & (t ^ d)) < 0;
            if (!overflow && d == (int) d) {
                time32[pos] = (int) d;
                return;
            }
            long[] wide = new long[time32.length];
            for (int k = 0; k < size; k++) {
                wide[k] = timeBase + time32[k];
            }
            time64 = wide;
            time32 = null;
        }
        time64[pos] = t;
    }

    private int check(int e) {
        if (e < 0 || e >= size) {
            throw new IndexOutOfBoundsException("event " + e + " out of range 0.." + (size - 1));
        }
        return e;
    }

    private void grow() {
        int n = user.length;
        long want = (long) n + Math.max(16, n >> 1);
        int c = (int) Math.min(Integer.MAX_VALUE - 16, want);
        if (c <= n) {
            throw new IllegalStateException("an interaction log holds at most " + n + " events");
        }
        resize(c);
    }

    private void resize(int c) {
        user = Arrays.copyOf(user, c);
        item = Arrays.copyOf(item, c);
        behavior = Arrays.copyOf(behavior, c);
        value = Arrays.copyOf(value, c);
        if (time32 != null) {
            time32 = Arrays.copyOf(time32, c);
        } else {
            time64 = Arrays.copyOf(time64, c);
        }
        scene = Arrays.copyOf(scene, c);
        baskets.resize(c);
        sessions.resize(c);
    }

    /** An optional group column (basket or session): a dictionary, and an int code per event allocated on first use. */
    private static final class Group {
        IdIndex ids;
        int[] codes;

        Group(IdIndex ids) {
            this.ids = ids;
        }

        int code(String id, String what) {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException(what + " id must not be empty");
            }
            return ids.add(id);
        }

        void set(int e, int code, int capacity, String what) {
            if (code != NO_GROUP && (code < 0 || code >= ids.size())) {
                throw new IllegalArgumentException(what + " code " + code + " is not defined (" + ids.size() + " " + what
                        + " ids)");
            }
            if (codes == null) {
                if (code == NO_GROUP) {
                    return;
                }
                codes = new int[capacity];
                Arrays.fill(codes, NO_GROUP);
            }
            codes[e] = code;
        }

        int distinct(int size) {
            if (codes == null) {
                return 0;
            }
            java.util.BitSet seen = new java.util.BitSet(ids.size());
            for (int e = 0; e < size; e++) {
                if (codes[e] != NO_GROUP) {
                    seen.set(codes[e]);
                }
            }
            return seen.cardinality();
        }

        void resize(int c) {
            if (codes != null) {
                int old = codes.length;
                codes = Arrays.copyOf(codes, c);
                if (c > old) {
                    Arrays.fill(codes, old, c, NO_GROUP);
                }
            }
        }
    }
}
