package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import java.io.IOException;

/**
 * Per-user fingerprints of the training rows (entry count plus an order-independent 64-bit hash
 * of the (item, value) pairs), 12 bytes per user. A model compares a query's history with the
 * fingerprint of the user's training row to decide whether the trained user vector still applies
 * (same items, same weights) or the user must be folded in from the query (new items or changed
 * weights: real-time updates).
 *
 * <p>Thread safety: immutable after construction.
 */
public final class Fingerprints {
    private final int[] counts;
    private final long[] hashes;

    private Fingerprints(int[] counts, long[] hashes) {
        this.counts = counts;
        this.hashes = hashes;
    }

    /** Fingerprints of every row of {@code m}. */
    public static Fingerprints of(InteractionMatrix m) {
        int n = m.rows();
        int[] c = new int[n];
        long[] h = new long[n];
        int[] ptr = m.rowPtr();
        int[] col = m.colIdx();
        float[] val = m.values();
        for (int u = 0; u < n; u++) {
            c[u] = ptr[u + 1] - ptr[u];
            h[u] = hash(col, val, ptr[u], ptr[u + 1]);
        }
        return new Fingerprints(c, h);
    }

    /** Number of users. */
    public int size() {
        return counts.length;
    }

    /** Number of training entries of {@code user}. */
    public int count(int user) {
        return counts[user];
    }

    /** Whether the query history {@code items/weights} is exactly the user's training row. */
    public boolean matches(int user, int[] items, float[] weights) {
        return user >= 0 && user < counts.length && counts[user] == items.length
                && hashes[user] == hash(items, weights, 0, items.length);
    }

    /** Order-independent hash of (items[p], weights[p]) for p in [from, to). */
    public static long hash(int[] items, float[] weights, int from, int to) {
        long h = 0;
        for (int p = from; p < to; p++) {
            h += mix(((long) items[p] << 32) ^ (Float.floatToIntBits(weights[p]) & 0xffffffffL));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Writes the fingerprints. */
    public void write(ModelOutput out) throws IOException {
        out.writeInts(counts);
        out.writeLongs(hashes);
    }

    /** Reads fingerprints of {@code users} users. */
    public static Fingerprints read(ModelInput in, int users) throws IOException {
        int[] c = ModelIo.ints(in, users, "user entry counts");
        long[] h = in.readLongs();
        if (h.length != users) {
            throw new IOException("expected " + users + " user fingerprints, got " + h.length);
        }
        return new Fingerprints(c, h);
    }
}
