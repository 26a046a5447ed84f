package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.Kernels;
import java.util.Locale;

/**
 * Quick timing of one implicit-ALS iteration on the {@code ImplicitAlsIterationBenchmark} data
 * (not a test, not JMH; indicative on a shared machine): prints wall and process CPU time per
 * iteration, best of the given rounds.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector [-XX:UseAVX=2] -cp <classes> dev.recsys.mf.internal.IalsIterationHarness <users> <rounds> <threads>}
 *
 * <p>Thread safety: a main program.
 */
public final class IalsIterationHarness {
    private IalsIterationHarness() {
    }

    public static void main(String[] args) {
        int users = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        System.out.println("# kernels " + Kernels.get() + ", sgd " + Kernels.sgd().name());
        InteractionMatrix m = PowerLawMatrix.generate(users, users / 5, 50L * users, 0.8, false, 11L);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (ImplicitAlsTrainer t = new ImplicitAlsTrainer(m, new ImplicitAlsTrainer.Config(64, 1, 1f, 10f, true, 3,
                0.01f, threads, 42L))) {
            double bestWall = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long c0 = os.getProcessCpuTime();
                long w0 = System.nanoTime();
                t.iteration();
                bestWall = Math.min(bestWall, (System.nanoTime() - w0) / 1e9);
                bestCpu = Math.min(bestCpu, (os.getProcessCpuTime() - c0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "iteration best wall %.3f s, best process CPU %.3f s (CPU / threads %.3f s)%n",
                    bestWall, bestCpu, bestCpu / threads);
        }
    }
}
