package dev.recsys.bench.kernel;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import java.util.SplittableRandom;

/** Helpers shared by the kernel benchmarks. Thread safety: stateless, thread-safe. */
final class Impl {
    private Impl() {
    }

    /** The named implementation, or an exception naming why it cannot run in this fork. */
    static FloatKernels of(String name) {
        return Kernels.create(name).orElseThrow(() -> new IllegalStateException(
                name + " kernels unavailable: " + Kernels.unavailableReason(name).orElse("?")));
    }

    /** n uniform floats in [-1, 1) from a fixed seed. */
    static float[] random(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
