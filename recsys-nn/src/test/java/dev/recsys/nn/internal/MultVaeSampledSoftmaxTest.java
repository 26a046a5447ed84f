package dev.recsys.nn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.OptimizerConfig;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.MultVae;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.testing.GradCheck;
import dev.recsys.spi.ParamSpec;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The large-catalogue (sampled softmax) training path of Mult-VAE. */
class MultVaeSampledSoftmaxTest {
    // 4 users x 7 items
    private static final int[] PTR = {0, 3, 5, 6, 9};
    private static final int[] COLS = {0, 2, 5, 1, 2, 6, 0, 3, 4};
    private static final float[] VALS = {1, 2, 1, 1, 1, 3, 1, 1, 2};
    private static final int[] COUNTS = {2, 1, 2, 1, 1, 1, 1};

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        InteractionMatrix m = new InteractionMatrix(4, 7, PTR, COLS, VALS);
        MultVaeNetwork net = new MultVaeNetwork(7, 5, 3);
        net.init(new SplittableRandom(1));
        net.sampledSoftmax(COUNTS, 0.75, 5, Parallel.SEQUENTIAL);
        int[] users = {0, 1, 2, 3};
        // the same noise, hence the same draws, on every evaluation
        DoubleSupplier loss = () -> net.trainBatch(m, users, 0, 4, false, 0.3f, 0.7f, new SplittableRandom(5));
        int checked = 0;
        for (Parameter p : net.trainableParameters()) {
            loss.getAsDouble(); // gradients at the unperturbed point (the previous checks moved them)
            float[] g = GradCheck.denseGradient(p);
            checked += GradCheck.check(p.name(), p.value(), p.size(), g, 2e-3f, 60, loss);
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void manyDrawsEstimateTheFullSoftmaxLoss() {
        InteractionMatrix m = new InteractionMatrix(4, 7, PTR, COLS, VALS);
        int[] users = {0, 1, 2, 3};
        MultVaeNetwork full = new MultVaeNetwork(7, 5, 3);
        full.init(new SplittableRandom(3));
        MultVaeNetwork sampled = new MultVaeNetwork(7, 5, 3);
        sampled.init(new SplittableRandom(3));
        sampled.sampledSoftmax(COUNTS, 0.75, 200_000, Parallel.SEQUENTIAL);
        // beta 0 and no dropout: the loss is the likelihood term alone; the noise draws come first
        // in both, so both see the same latent sample
        double exact = full.trainBatch(m, users, 0, 4, false, 0f, 0f, new SplittableRandom(9));
        double estimate = sampled.trainBatch(m, users, 0, 4, false, 0f, 0f, new SplittableRandom(9));
        assertThat(estimate).isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void largeCataloguesTakeTheSampledPathAndSmallOnesTheFullOne() {
        InteractionMatrix m = randomMatrix(30, 150, 8, 4);
        MultVaeTrainer.Config above = new MultVaeTrainer.Config(16, 4, 8, 0.5f, 0.2f, 0, true, 1, false, 100, 32);
        MultVaeTrainer.Config below = new MultVaeTrainer.Config(16, 4, 8, 0.5f, 0.2f, 0, true, 1, false, 150, 32);
        assertThat(trainer(m, above, Parallel.SEQUENTIAL).network().isSampled()).isTrue();
        assertThat(trainer(m, below, Parallel.SEQUENTIAL).network().isSampled()).isFalse();
        ParamSpec threshold = new MultVae().params().stream()
                .filter(p -> p.name().equals("sampled-softmax-above")).findFirst().orElseThrow();
        assertThat(threshold.defaultValue()).isEqualTo("4096"); // MovieLens 100K (1,682 items) keeps the full softmax
    }

    @Test
    void sameSeedGivesTheSameModelWhateverTheThreadCount() {
        // large enough that the output products are split between threads (batch x samples x hidden > 2^22)
        InteractionMatrix m = randomMatrix(160, 5000, 20, 7);
        MultVaeTrainer.Config c = new MultVaeTrainer.Config(128, 16, 80, 0.5f, 0.2f, 0, true, 11, false, 4096, 512);
        MultVaeTrainer one = trainer(m, c, Parallel.SEQUENTIAL);
        MultVaeTrainer three = trainer(m, c, new Parallel(3));
        assertThat(one.network().isSampled()).isTrue();
        for (int e = 1; e <= 2; e++) {
            assertThat(three.epoch(e)).isEqualTo(one.epoch(e));
        }
        one.finish();
        three.finish();
        List<Parameter> a = one.parameters();
        List<Parameter> b = three.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertThat(Arrays.equals(b.get(i).value(), a.get(i).value())).as(a.get(i).name()).isTrue();
        }
    }

    private static MultVaeTrainer trainer(InteractionMatrix m, MultVaeTrainer.Config c, Parallel par) {
        return new MultVaeTrainer(m, c, OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(1e-3f)
                .build().create(), 10, par);
    }

    /** users x items with {@code perUser} distinct items each, skewed towards low item ids. */
    static InteractionMatrix randomMatrix(int users, int items, int perUser, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ptr = new int[users + 1];
        int[] cols = new int[users * perUser];
        float[] vals = new float[users * perUser];
        int k = 0;
        for (int u = 0; u < users; u++) {
            java.util.TreeSet<Integer> row = new java.util.TreeSet<>();
            while (row.size() < perUser) {
                double x = rnd.nextDouble();
                row.add((int) (items * x * x));
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
