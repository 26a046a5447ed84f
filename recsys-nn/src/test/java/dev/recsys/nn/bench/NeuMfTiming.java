package dev.recsys.nn.bench;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.OptimizerConfig;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.NeuMfTrainer;
import dev.recsys.nn.testing.MovieLens;
import dev.recsys.nn.testing.TestData;

/** Quick NeuMF epoch timing on u1.base while developing (the reported figure is JMH's). Run by hand. */
public final class NeuMfTiming {
    private NeuMfTiming() {
    }

    public static void main(String[] args) {
        InteractionMatrix m = MovieLens.binaryMatrix(TestData.ml100k().orElseThrow().resolve("u1.base"));
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        NeuMfTrainer t = new NeuMfTrainer(m, new NeuMfTrainer.Config(32, 2, 4, 256, 1),
                OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(1e-3f).build().create(), Parallel.SEQUENTIAL);
        for (int e = 1; e <= epochs; e++) {
            long t0 = System.nanoTime();
            double loss = t.epoch(e);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("epoch %d  %.0f ms  %.0f samples/s  loss %.4f%n", e, s * 1e3, t.samplesPerEpoch() / s, loss);
        }
    }
}
