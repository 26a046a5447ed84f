package dev.recsys.bench.mf;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.kernel.SgdKernels;
import dev.recsys.mf.internal.BiasedMfTrainer;
import dev.recsys.mf.internal.PowerLawMatrix;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;

/**
 * A quick, indicative timing of one SGD kernel variant on {@link SgdEpochBenchmark}'s data: epochs
 * at each factor count in turn, the minimum ns per rating after three warm-up rounds printed, in
 * wall time and in the thread's CPU time (steadier than wall time on a loaded machine, where the
 * thread waits for a core). One
 * variant per JVM (variants sharing a JVM pollute each other's type profiles in the interface's
 * default methods); alternate the JVMs of the variants, and {@code benchmarks/native/sgd_reference.c},
 * in a shell loop to compare them under the same load. Also prints the bytes allocated per rating
 * in the last epoch, which does not depend on the load: above zero means C2 left vectors boxed
 * (a register kernel too large to compile whole). JMH ({@link SgdEpochBenchmark}) stays the measure.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector [-XX:UseAVX=2] -cp benchmarks/target/benchmarks.jar \
 *     dev.recsys.bench.mf.SgdEpochCompare [variant] [k,...] [rounds]
 * </pre>
 *
 * <p>Variants: {@code scalar}; {@code vector} (as chosen at start-up); {@code loops} (vector
 * dot-then-step loops, no register kernel); {@code unrolled} (unrolled per-rating kernel, rows in
 * memory between ratings); {@code streams} (users' rows in registers at every supported width).
 *
 * <p>Thread safety: a command-line entry point.
 */
public final class SgdEpochCompare {
    private SgdEpochCompare() {
    }

    /**
     * Runs the timing.
     *
     * @param args optional variant (default vector), comma-separated factor counts (default 64,128)
     *             and rounds (default 15)
     * @throws Exception if the vector kernels cannot be created reflectively
     */
    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "vector";
        String[] ks = (args.length > 1 ? args[1] : "64,128").split(",");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        SgdKernels kern = kernels(variant);
        InteractionMatrix m = PowerLawMatrix.generate(943, 1682, SgdEpochBenchmark.RATINGS, 0.8, true, 7L);
        BiasedMfTrainer.Epochs[] epochs = new BiasedMfTrainer.Epochs[ks.length];
        for (int j = 0; j < ks.length; j++) {
            BiasedMfTrainer.Config c = new BiasedMfTrainer.Config(Integer.parseInt(ks[j].trim()), 1, 0.005f, 1f, 0.08f,
                    0.05f, 0.01f, 0, 1, false, false, 0.9f, 0.999f, 42L);
            epochs[j] = new BiasedMfTrainer(c, kern).epochs(m);
        }
        double[] min = new double[ks.length];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        double[] cpu = new double[ks.length];
        Arrays.fill(cpu, Double.POSITIVE_INFINITY);
        double[] bytes = new double[ks.length];
        double sink = 0;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (int r = 0; r < rounds + 3; r++) {
            for (int j = 0; j < ks.length; j++) {
                long a0 = mx.getThreadAllocatedBytes(self);
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                sink += epochs[j].shuffledEpoch();
                long t1 = System.nanoTime();
                long c1 = mx.getCurrentThreadCpuTime();
                long a1 = mx.getThreadAllocatedBytes(self);
                if (r >= 3) {
                    min[j] = Math.min(min[j], (t1 - t0) / (double) epochs[j].ratings());
                    cpu[j] = Math.min(cpu[j], (c1 - c0) / (double) epochs[j].ratings());
                    bytes[j] = (a1 - a0) / (double) epochs[j].ratings();
                }
            }
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s, %d-bit preferred:", variant,
                preferredBits()));
        for (int j = 0; j < ks.length; j++) {
            sb.append(String.format(Locale.ROOT, "  k = %s: %.2f wall, %.2f cpu (%.1f B/rating)", ks[j].trim(), min[j],
                    cpu[j], bytes[j]));
        }
        System.out.println(sb + " ns/rating (min of " + rounds + " after 3) [" + (float) sink + "]");
    }

    private static SgdKernels kernels(String variant) throws ReflectiveOperationException {
        if (variant.equals("scalar") || variant.equals("vector")) {
            return Kernels.createSgd(variant).orElseThrow(() -> new IllegalStateException(
                    variant + " SGD kernels unavailable: " + Kernels.unavailableReason(variant)));
        }
        Method create = Class.forName("dev.recsys.internal.kernel.panama.PanamaSgdKernels")
                .getMethod("create", boolean.class, int.class, boolean.class);
        switch (variant) {
            case "loops":
                return (SgdKernels) create.invoke(null, true, 0, false);
            case "unrolled":
                return (SgdKernels) create.invoke(null, true, 0, true);
            case "streams":
                return (SgdKernels) create.invoke(null, true, 16, true);
            default:
                throw new IllegalArgumentException("variant must be scalar, vector, loops, unrolled or streams: "
                        + variant);
        }
    }

    private static int preferredBits() {
        try {
            Object species = Class.forName("jdk.incubator.vector.FloatVector").getField("SPECIES_PREFERRED").get(null);
            return (Integer) Class.forName("jdk.incubator.vector.VectorSpecies").getMethod("vectorBitSize")
                    .invoke(species);
        } catch (ReflectiveOperationException | LinkageError e) {
            return 0;
        }
    }
}
