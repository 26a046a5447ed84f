package dev.recsys.internal.kernel;

/**
 * bfloat16 storage of optimizer moments: the upper 16 bits of a float (sign, the 8 exponent bits,
 * 7 mantissa bits), rounded to nearest even. It keeps float's range, so moments never overflow,
 * at about 3 significant digits, which is what Adam's moment estimates carry anyway; it halves
 * Adam's state (used by biased-MF training with {@code optimizer=adam}).
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class Bfloat16 {
    private Bfloat16() {
    }

    /**
     * The bfloat16 nearest to {@code f} (ties to even), as its 16 bits. For a finite {@code f} or
     * an infinity; a NaN may come back as an infinity (the rounding carries into the exponent), which
     * the moments can afford: a NaN moment means a NaN weight, which training reports as divergence
     * (a divergence error), and the vector kernel stays free of a NaN test per lane.
     */
    public static short of(float f) {
        int b = Float.floatToRawIntBits(f);
        b += 0x7FFF + ((b >>> 16) & 1);
        return (short) (b >>> 16);
    }

    /** The float value of the bfloat16 {@code h} (exact). */
    public static float toFloat(short h) {
        return Float.intBitsToFloat(h << 16);
    }
}
