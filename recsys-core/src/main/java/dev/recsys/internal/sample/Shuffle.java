package dev.recsys.internal.sample;

import java.util.SplittableRandom;

/**
 * Fisher-Yates shuffles of index ranges, of one array or of parallel arrays moved together (the
 * (user, item, value) triples of stochastic-gradient training). Each takes exactly
 * {@code to - from - 1} draws {@code rng.nextInt(a - from + 1)} for {@code a = to - 1} down to
 * {@code from + 1}, so the same seed gives the same order whatever the caller.
 *
 * <p>Thread safety: stateless; the arrays and the random generator belong to the caller.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /**
     * Shuffles {@code a[from, to)} in place. {@code rng} is advanced.
     *
     * @throws ArrayIndexOutOfBoundsException if the range is outside the array
     */
    public static void ints(int[] a, int from, int to, SplittableRandom rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Shuffles the entries {@code [from, to)} of three parallel arrays with one permutation.
     * {@code rng} is advanced.
     *
     * @throws ArrayIndexOutOfBoundsException if the range is outside an array
     */
    public static void triples(int[] a, int[] b, float[] c, int from, int to, SplittableRandom rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            int ta = a[i];
            a[i] = a[j];
            a[j] = ta;
            int tb = b[i];
            b[i] = b[j];
            b[j] = tb;
            float tc = c[i];
            c[i] = c[j];
            c[j] = tc;
        }
    }
}
