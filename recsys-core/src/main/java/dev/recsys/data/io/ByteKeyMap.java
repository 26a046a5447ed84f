package dev.recsys.data.io;

import java.util.Arrays;

/**
 * Open-addressing hash map from byte strings (fields of a {@link DelimitedReader} line) to ints, so
 * that a loader creates the String of a non-numeric id only once per distinct id. Keys are copied
 * into one growing byte arena.
 *
 * <p>Thread safety: not thread-safe.
 */
final class ByteKeyMap {
    private int[] table = new int[1024]; // entry + 1, 0 = empty
    private byte[] arena = new byte[1 << 14];
    private int arenaLen;
    private int[] off = new int[256];
    private int[] len = new int[256];
    private int[] hashes = new int[256];
    private int[] values = new int[256];
    private int n;

    /** Number of keys. */
    int size() {
        return n;
    }

    /** The value of field {@code f} of the reader's current line, or -1 if absent. */
    int get(DelimitedReader r, int f, int h) {
        byte[] b = r.buffer();
        int s = r.start(f);
        int l = r.end(f) - s;
        int mask = table.length - 1;
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            int e = table[slot] - 1;
            if (e < 0) {
                return -1;
            }
            if (hashes[e] == h && len[e] == l && Arrays.equals(arena, off[e], off[e] + l, b, s, s + l)) {
                return values[e];
            }
        }
    }

    /** Adds field {@code f} (absent, with hash {@code h}) with {@code value}. */
    void put(DelimitedReader r, int f, int h, int value) {
        int s = r.start(f);
        int l = r.end(f) - s;
        if (n == off.length) {
            int c = n * 2;
            off = Arrays.copyOf(off, c);
            len = Arrays.copyOf(len, c);
            hashes = Arrays.copyOf(hashes, c);
            values = Arrays.copyOf(values, c);
        }
        if (arenaLen + l > arena.length) {
            long want = Math.max((long) arena.length * 2, (long) arenaLen + l);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("too many distinct ids to index");
            }
            arena = Arrays.copyOf(arena, (int) want);
        }
        System.arraycopy(r.buffer(), s, arena, arenaLen, l);
        off[n] = arenaLen;
        len[n] = l;
        hashes[n] = h;
        values[n] = value;
        arenaLen += l;
        n++;
        if (n * 2 > table.length) {
            rehash();
        } else {
            insert(n - 1);
        }
    }

    private void rehash() {
        table = new int[table.length * 2];
        for (int e = 0; e < n; e++) {
            insert(e);
        }
    }

    private void insert(int e) {
        int mask = table.length - 1;
        int slot = hashes[e] & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = e + 1;
    }
}
