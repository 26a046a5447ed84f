package dev.recsys.internal.kernel;

/**
 * Picks the kernel implementation once per JVM.
 *
 * <p>Thread safety: thread-safe (static holder).
 */
public final class Kernels {
    private Kernels() {
    }

    /** The active implementation. */
    public static FloatKernels get() {
        return ScalarKernels.INSTANCE;
    }
}
