package dev.recsys.nn.bench;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.OptimizerConfig;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.MultVaeTrainer;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Training time of Mult-VAE (default architecture, 100 epochs) on a synthetic 2,000 users x 18,000
 * items matrix with a power-law item popularity and 40 items per user; prints wall and process CPU
 * time per epoch. Run by hand: args {@code [epochs] [sampled-softmax-above] [threads] [softmax-samples]},
 * or {@code cdae [epochs] [sampled-output-above] [threads]} for CDAE (default architecture) on the
 * same matrix.
 */
public final class LargeCatalogueTiming {
    private LargeCatalogueTiming() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("cdae")) {
            cdae(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int above = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 512;
        InteractionMatrix m = powerLaw(2000, 18000, 40, 1.0, 1);
        MultVaeTrainer t = new MultVaeTrainer(m,
                new MultVaeTrainer.Config(600, 200, 500, 0.5f, 1.0f, 0, true, 1, false, above, samples),
                OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(1e-3f).build().create(), epochs,
                new Parallel(threads));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long w0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        for (int e = 1; e <= epochs; e++) {
            double loss = t.epoch(e);
            System.out.printf("epoch %d  wall %.1f s  cpu %.1f s  loss %.2f%n", e, (System.nanoTime() - w0) / 1e9,
                    (os.getProcessCpuTime() - c0) / 1e9, loss);
        }
        t.finish();
        System.out.printf("sampled=%s total wall %.1f s cpu %.1f s%n", t.network().isSampled(),
                (System.nanoTime() - w0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9);
    }

    static void cdae(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int above = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        InteractionMatrix m = powerLaw(2000, 18000, 40, 1.0, 1);
        dev.recsys.nn.internal.CdaeTrainer t = new dev.recsys.nn.internal.CdaeTrainer(m,
                new dev.recsys.nn.internal.CdaeTrainer.Config(200, "sigmoid", 0.5f, 10, 64, 1, above),
                OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(1e-3f).build().create(), new Parallel(threads));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long w0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        for (int e = 1; e <= epochs; e++) {
            double loss = t.epoch(e);
            System.out.printf("epoch %d  wall %.1f s  cpu %.1f s  loss %.4f%n", e, (System.nanoTime() - w0) / 1e9,
                    (os.getProcessCpuTime() - c0) / 1e9, loss);
        }
        t.finish();
        System.out.printf("cdae sampled=%s total wall %.1f s cpu %.1f s%n", t.network().isSampled(),
                (System.nanoTime() - w0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9);
    }

    /** users x items, perUser distinct items each, item i drawn with probability proportional to (i + 1)^-exponent. */
    static InteractionMatrix powerLaw(int users, int items, int perUser, double exponent, long seed) {
        double[] cdf = new double[items];
        double s = 0;
        for (int i = 0; i < items; i++) {
            s += Math.pow(i + 1, -exponent);
            cdf[i] = s;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ptr = new int[users + 1];
        int[] cols = new int[users * perUser];
        float[] vals = new float[users * perUser];
        int k = 0;
        for (int u = 0; u < users; u++) {
            TreeSet<Integer> row = new TreeSet<>();
            while (row.size() < perUser) {
                int j = java.util.Arrays.binarySearch(cdf, rnd.nextDouble() * s);
                row.add(Math.min(items - 1, j < 0 ? -j - 1 : j));
            }
            for (int j : row) {
                cols[k] = j;
                vals[k++] = 1f;
            }
            ptr[u + 1] = k;
        }
        return new InteractionMatrix(users, items, ptr, cols, vals);
    }
}
