package dev.recsys.nn.bench;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.OptimizerConfig;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.MultVaeTrainer;
import dev.recsys.nn.testing.MovieLens;
import dev.recsys.nn.testing.TestData;

/**
 * Quick timing of one Mult-VAE epoch (1682-600-200-600-1682, batch 128, u1.base) while developing;
 * the reported figure comes from the JMH benchmark in benchmarks/. Run by hand.
 */
public final class AeEpochTiming {
    private AeEpochTiming() {
    }

    public static void main(String[] args) {
        InteractionMatrix m = MovieLens.binaryMatrix(TestData.ml100k().orElseThrow().resolve("u1.base"));
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        MultVaeTrainer t = new MultVaeTrainer(m, new MultVaeTrainer.Config(600, 200, 128, 0.5f, 0.2f, 0, true, 1),
                OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(1e-3f).build().create(), epochs, Parallel.SEQUENTIAL);
        for (int e = 1; e <= epochs; e++) {
            long t0 = System.nanoTime();
            double loss = t.epoch(e);
            System.out.printf("epoch %d  %.1f ms  loss %.2f%n", e, (System.nanoTime() - t0) / 1e6, loss);
        }
    }
}
