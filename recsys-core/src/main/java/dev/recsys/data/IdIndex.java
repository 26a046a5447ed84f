package dev.recsys.data;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;

/**
 * Maps external ids (numeric or string) to dense indices {@code 0..size()-1} in order of first
 * appearance, and back.
 *
 * <p>While every id seen is a canonical decimal long ({@code "42"}, not {@code "042"}) the index
 * stores primitive longs in a fastutil {@link Long2IntOpenHashMap} and allocates no String per
 * id; the first non-numeric id switches it to string keys. Callers never convert ids themselves:
 * {@link #indexOf(String)} and {@link #indexOf(long)} both work in either mode.
 *
 * <p>Thread safety: not thread-safe. Concurrent reads are safe only while no thread adds ids.
 */
public final class IdIndex {
    private Long2IntOpenHashMap numeric = new Long2IntOpenHashMap();
    private long[] numericIds = new long[16];
    private Object2IntOpenHashMap<String> strings; // non-null once in string mode
    private String[] stringIds;
    private int size;

    /** Creates an empty index. */
    public IdIndex() {
        numeric.defaultReturnValue(-1);
    }

    /** Number of ids. */
    public int size() {
        return size;
    }

    /** Whether all ids so far are numeric (canonical longs). */
    public boolean isNumeric() {
        return strings == null;
    }

    /**
     * Returns the index of {@code id}, adding it if absent. ({@link Long#MIN_VALUE} is kept as a
     * string id, since it serves as the "not numeric" marker internally.)
     */
    public int add(long id) {
        if (strings != null || id == Long.MIN_VALUE) {
            return add(Long.toString(id));
        }
        int idx = numeric.get(id);
        if (idx >= 0) {
            return idx;
        }
        if (size == numericIds.length) {
            numericIds = Arrays.copyOf(numericIds, Math.max(16, size + (size >> 1)));
        }
        numericIds[size] = id;
        numeric.put(id, size);
        return size++;
    }

    /**
     * Returns the index of {@code id}, adding it if absent.
     *
     * @throws IllegalArgumentException if {@code id} is null or empty
     */
    public int add(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be null or empty");
        }
        if (strings == null) {
            long v = parseCanonical(id);
            if (v != Long.MIN_VALUE) {
                return add(v);
            }
            switchToStrings();
        }
        int idx = strings.getInt(id);
        if (idx >= 0) {
            return idx;
        }
        if (size == stringIds.length) {
            stringIds = Arrays.copyOf(stringIds, Math.max(16, size + (size >> 1)));
        }
        stringIds[size] = id;
        strings.put(id, size);
        return size++;
    }

    /** The index of {@code id}, or -1 if absent. */
    public int indexOf(long id) {
        return strings == null ? numeric.get(id) : strings.getInt(Long.toString(id));
    }

    /** The index of {@code id}, or -1 if absent or null. */
    public int indexOf(String id) {
        if (id == null) {
            return -1;
        }
        if (strings == null) {
            long v = parseCanonical(id);
            return v == Long.MIN_VALUE ? -1 : numeric.get(v);
        }
        return strings.getInt(id);
    }

    /** The external id of {@code index} as a string. */
    public String idOf(int index) {
        checkIndex(index);
        return strings == null ? Long.toString(numericIds[index]) : stringIds[index];
    }

    /**
     * The external id of {@code index} as a long.
     *
     * @throws IllegalStateException if the index holds non-numeric ids
     */
    public long numericIdOf(int index) {
        checkIndex(index);
        if (strings != null) {
            long v = parseCanonical(stringIds[index]);
            if (v == Long.MIN_VALUE) {
                throw new IllegalStateException("id '" + stringIds[index] + "' is not numeric");
            }
            return v;
        }
        return numericIds[index];
    }

    /** A copy of all ids as strings, in index order. */
    public String[] toStringArray() {
        String[] out = new String[size];
        for (int i = 0; i < size; i++) {
            out[i] = idOf(i);
        }
        return out;
    }

    /** A copy of all ids as longs, in index order; only for numeric indices. */
    public long[] toLongArray() {
        if (strings != null) {
            throw new IllegalStateException("index holds non-numeric ids");
        }
        return Arrays.copyOf(numericIds, size);
    }

    /** Builds an index from numeric ids in the given order (duplicates rejected). */
    public static IdIndex ofLongs(long[] ids) {
        IdIndex idx = new IdIndex();
        // sized for all of them up front: no rehashing or copying while millions are added
        idx.numeric = new Long2IntOpenHashMap(Math.max(16, ids.length));
        idx.numeric.defaultReturnValue(-1);
        idx.numericIds = new long[Math.max(16, ids.length)];
        for (long id : ids) {
            int before = idx.size;
            idx.add(id);
            if (idx.size == before) {
                throw new IllegalArgumentException("duplicate id " + id);
            }
        }
        return idx;
    }

    /** Builds an index from ids in the given order (duplicates rejected). */
    public static IdIndex ofStrings(String[] ids) {
        IdIndex idx = new IdIndex();
        for (String id : ids) {
            int before = idx.size;
            idx.add(id);
            if (idx.size == before) {
                throw new IllegalArgumentException("duplicate id " + id);
            }
        }
        return idx;
    }

    /**
     * Releases spare capacity of the id storage and hash table (call once the index is complete;
     * adding later still works).
     */
    public void trimToSize() {
        if (strings == null) {
            numericIds = Arrays.copyOf(numericIds, Math.max(size, 1));
            numeric.trim();
        } else {
            stringIds = Arrays.copyOf(stringIds, Math.max(size, 1));
            strings.trim();
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " out of range 0.." + (size - 1));
        }
    }

    private void switchToStrings() {
        strings = new Object2IntOpenHashMap<>(Math.max(16, size * 2));
        strings.defaultReturnValue(-1);
        stringIds = new String[Math.max(16, numericIds.length)];
        for (int i = 0; i < size; i++) {
            String s = Long.toString(numericIds[i]);
            stringIds[i] = s;
            strings.put(s, i);
        }
        numeric = null;
        numericIds = null;
    }

    /**
     * Parses a canonical decimal long (no sign other than a leading '-', no leading zeros, no
     * "-0", within the long range); returns Long.MIN_VALUE if {@code s} is not one.
     */
    static long parseCanonical(CharSequence s) {
        int n = s.length();
        if (n == 0 || n > 20) {
            return Long.MIN_VALUE;
        }
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-') {
            if (n == 1) {
                return Long.MIN_VALUE;
            }
            neg = true;
            i = 1;
        }
        if (s.charAt(i) == '0' && (n > i + 1 || neg)) {
            return Long.MIN_VALUE; // leading zero or "-0": keep as string to round-trip exactly
        }
        long v = 0; // accumulated negatively so that the full range fits
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            int d = c - '0';
            if (v < (Long.MIN_VALUE + d) / 10) {
                return Long.MIN_VALUE; // overflow
            }
            v = v * 10 - d;
        }
        if (neg) {
            return v; // v == Long.MIN_VALUE only for "-9223372036854775808": treated as non-numeric
        }
        return v == Long.MIN_VALUE ? Long.MIN_VALUE : -v;
    }
}
