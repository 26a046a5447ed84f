package dev.recsys.experiment.internal;

import java.nio.charset.StandardCharsets;

/**
 * The assignment hash: 64-bit FNV-1a over the UTF-8 bytes of {@code salt}, a zero byte and
 * {@code unit}, finished with the MurmurHash3 64-bit mixer. Defined byte by byte, so it gives the
 * same value on every JVM, machine and restart (unlike {@link Object#hashCode()} of most types).
 *
 * <p>Thread safety: stateless.
 */
public final class Hashing {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    /** The 64-bit hash of {@code unit} under {@code salt}. */
    public static long hash(String salt, String unit) {
        long h = FNV_OFFSET;
        for (byte b : salt.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h = (h ^ 0) * FNV_PRIME;
        for (byte b : unit.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return mix(h);
    }

    /** A uniform number in [0, 1) from the hash (its top 53 bits). */
    public static double unit(String salt, String unit) {
        return (hash(salt, unit) >>> 11) * 0x1.0p-53;
    }

    /** MurmurHash3's fmix64 finalizer. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
