package dev.recsys.mf.internal;

/**
 * The check the SGD trainers run on the parameters they return: a learning rate too large for the
 * data makes SGD diverge to infinite or NaN factors, and such a model would hand NaN scores to its
 * callers. One pass over the parameters, once per training.
 *
 * <p>Thread safety: stateless.
 */
public final class Divergence {
    private Divergence() {
    }

    /**
     * @param what   the training, for the message (e.g. {@code "biased-mf SGD"})
     * @param lr     the initial learning rate, named in the message
     * @param params the trained parameter arrays. Not modified.
     * @throws IllegalStateException naming how many values are not finite, if any is not
     */
    public static void requireFinite(String what, float lr, float[]... params) {
        long bad = 0;
        long total = 0;
        for (float[] a : params) {
            total += a.length;
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    bad++;
                }
            }
        }
        if (bad > 0) {
            throw new IllegalStateException(what + " training diverged: " + bad + " of " + total
                    + " parameters are NaN or infinite; lower the learning rate (it is " + lr + ")");
        }
    }
}
