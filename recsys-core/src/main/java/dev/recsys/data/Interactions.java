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
 * (at most 127 scenes). When full, the columns grow by half their capacity (amortised constant
 * time per event; the columns are copied one at a time, which keeps the peak memory of a growth
 * step low).
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
     * Releases spare capacity so that storage is exactly {@link #BYTES_PER_EVENT} per event (4 more
     * with long time stamps).
     */
    public void trimToSize() {
        resize(size);
    }

    /** Bytes held by the column arrays now (capacity, not size). */
    public long columnBytes() {
        return (long) user.length * (BYTES_PER_EVENT + (time64 != null ? 4 : 0));
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
     * indices and scene dictionary (used by splitters).
     */
    public Interactions select(int[] positions) {
        if (positions == null) {
            throw new IllegalArgumentException("positions must not be null");
        }
        Interactions out = new Interactions(users, items, positions.length);
        out.scenes.addAll(scenes);
        for (int p : positions) {
            check(p);
            out.user[out.size] = user[p];
            out.item[out.size] = item[p];
            out.behavior[out.size] = behavior[p];
            out.value[out.size] = value[p];
            out.storeTime(out.size, time32 != null ? timeBase + time32[p] : time64[p]);
            out.scene[out.size] = scene[p];
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
    }
}
