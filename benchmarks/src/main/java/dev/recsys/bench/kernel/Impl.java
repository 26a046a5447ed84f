package dev.recsys.bench.kernel;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import java.util.SplittableRandom;

/** Helpers shared by the kernel benchmarks. Thread safety: stateless, thread-safe. */
final class Impl {
    private Impl() {
    }

    /**
     * The named implementation, or an exception naming why it cannot run in this fork. Besides
     * {@code scalar}, {@code vector} and {@code jblas}, {@code vector[MRxNR]} names the vector
     * kernels with that gemm micro-tile (e.g. {@code vector[8x32]} on a 512-bit host).
     */
    static FloatKernels of(String name) {
        if (name.startsWith("vector[")) {
            return Kernels.vectorEveryGemmTile().stream().filter(k -> k.toString().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(name + " unavailable here; tiles: "
                            + Kernels.vectorEveryGemmTile()));
        }
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
