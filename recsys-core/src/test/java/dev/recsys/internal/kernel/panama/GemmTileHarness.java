package dev.recsys.internal.kernel.panama;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Interleaved in-process comparison of gemm micro-tiles and blockings (not a test, not JMH):
 * each round times every candidate once in turn on the same inputs, and the best of all rounds
 * is printed, so that load on a shared machine hits all candidates alike; times are the thread's
 * CPU time (compare with a native reference timed the same way). Indicative only; JMH
 * ({@code GemmBenchmark}) is the measure.
 *
 * <p>Usage (from recsys-core, after test-compile):
 * {@code java --add-modules jdk.incubator.vector [-XX:UseAVX=2] -cp target/classes:target/test-classes:<slf4j-api>
 * dev.recsys.internal.kernel.panama.GemmTileHarness <n> <rounds> <NN|TN|NT|dense|kernel> MR,NV[,KC,MC] ...}
 *
 * <p>Thread safety: a main program.
 */
public final class GemmTileHarness {
    /** Thread CPU time, so that time slices lost to other processes on a shared machine do not count. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private GemmTileHarness() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        String mode = args[2];
        List<PanamaGemm.Tile> tiles = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            String[] f = args[i].split(",");
            int mr = Integer.parseInt(f[0]);
            int nv = Integer.parseInt(f[1]);
            tiles.add(f.length > 2 ? new PanamaGemm.Tile(mr, nv, Integer.parseInt(f[2]), Integer.parseInt(f[3]), 2048)
                    : PanamaGemm.Tile.of(mr, nv));
        }
        System.out.printf(Locale.ROOT, "# %d-bit species, n=%d, mode=%s%n", PanamaKernels.vectorBitSize(), n, mode);
        float[] a = random(1, n * n);
        float[] b = random(2, n * n);
        float[] c = new float[n * n];
        // dense: batch 256 x n input, n x n weights; forward x W, backward dW = x^T dy, dx = dy W^T
        int batch = 256;
        float[] x = random(3, batch * n);
        float[] dy = random(4, batch * n);
        float[] y = new float[batch * n];
        double[] best = new double[tiles.size()];
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < tiles.size(); t++) {
                PanamaGemm.Tile tile = tiles.get(t);
                long t0 = CPU.getCurrentThreadCpuTime();
                double flops;
                switch (mode) {
                    case "NN" -> PanamaGemm.gemm(tile, false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                    case "TN" -> PanamaGemm.gemm(tile, true, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                    case "NT" -> PanamaGemm.gemm(tile, false, true, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                    case "dense" -> {
                        PanamaGemm.gemm(tile, false, false, batch, n, n, 1f, x, 0, n, a, 0, n, 0f, y, 0, n);
                        PanamaGemm.gemm(tile, true, false, n, n, batch, 1f, x, 0, n, dy, 0, n, 0f, c, 0, n);
                        PanamaGemm.gemm(tile, false, true, batch, n, n, 1f, dy, 0, n, a, 0, n, 0f, y, 0, n);
                    }
                    case "kernel" -> {
                        // the micro-kernel alone on L1-resident panels: its ceiling
                        for (int rep = 0; rep < 2000; rep++) {
                            PanamaGemm.microKernel(tile, 256, a, 0, b, 0, c, 0, n);
                        }
                    }
                    default -> throw new IllegalArgumentException(mode);
                }
                long dt = CPU.getCurrentThreadCpuTime() - t0;
                flops = mode.equals("dense") ? 3.0 * 2 * batch * n * n
                        : mode.equals("kernel") ? 2000.0 * 2 * 256 * tile.mr * tile.nr : 2.0 * n * n * n;
                best[t] = Math.max(best[t], flops / dt);
            }
        }
        for (int t = 0; t < tiles.size(); t++) {
            System.out.printf(Locale.ROOT, "%-24s best %.1f GFLOP/s%n", tiles.get(t), best[t]);
        }
    }

    private static float[] random(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
