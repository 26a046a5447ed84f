package dev.recsys.nn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.RowGradient;
import dev.recsys.nn.internal.loss.SampledBinaryCrossEntropy;
import dev.recsys.nn.testing.GradCheck;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** End-to-end finite-difference check of CDAE's loss (fixed corruption and negatives). */
class CdaeNetworkGradientTest {

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        int[] ptr = {0, 3, 5, 6};
        int[] cols = {0, 2, 5, 1, 2, 6};
        float[] vals = {1, 1, 1, 1, 1, 1};
        InteractionMatrix m = new InteractionMatrix(3, 8, ptr, cols, vals);
        for (String act : new String[] {"sigmoid", "tanh"}) {
            CdaeNetwork net = new CdaeNetwork(3, 8, 4, act);
            net.init(new SplittableRandom(2));
            for (Parameter p : net.parameters()) {
                if (p.name().equals("user")) {
                    p.set(GradCheck.uniform(p.size(), 0.5, 3));
                }
            }
            int[] users = {2, 0, 1};
            DoubleSupplier loss = () -> net.trainBatch(m, users, 0, 3, 0.25f, new SampledBinaryCrossEntropy(8, 2),
                    new SplittableRandom(9));
            loss.getAsDouble();
            int checked = 0;
            for (Parameter p : net.parameters()) {
                float[] g;
                if (p.isSparse()) {
                    g = new float[p.size()];
                    RowGradient rg = p.rowGradient();
                    for (int s = 0; s < rg.count(); s++) {
                        System.arraycopy(rg.values(), s * p.cols(), g, rg.row(s) * p.cols(), p.cols());
                    }
                } else {
                    g = p.grad().clone();
                }
                checked += GradCheck.check(act + " " + p.name(), p.value(), p.size(), g, 2e-3f, 60, loss);
            }
            assertThat(checked).isGreaterThan(50);
        }
    }


    /** 6 users x 40 items, 2..7 items each. */
    private static InteractionMatrix smallMatrix() {
        SplittableRandom rnd = new SplittableRandom(4);
        int users = 6;
        int items = 40;
        int[] ptr = new int[users + 1];
        int[] cols = new int[users * 7];
        int k = 0;
        for (int u = 0; u < users; u++) {
            java.util.TreeSet<Integer> row = new java.util.TreeSet<>();
            int want = 2 + rnd.nextInt(6);
            while (row.size() < want) {
                row.add(rnd.nextInt(items));
            }
            for (int j : row) {
                cols[k++] = j;
            }
            ptr[u + 1] = k;
        }
        float[] vals = new float[k];
        java.util.Arrays.fill(vals, 1f);
        return new InteractionMatrix(users, items, ptr, java.util.Arrays.copyOf(cols, k), vals);
    }

    @Test
    void theSharedNegativePathMatchesFiniteDifferences() {
        InteractionMatrix m = smallMatrix();
        int[] order = {3, 1, 5, 0, 4, 2};
        for (String act : new String[] {"sigmoid", "tanh"}) {
            CdaeNetwork net = new CdaeNetwork(6, 40, 5, act);
            net.init(new SplittableRandom(5));
            net.sampledOutput(Parallel.SEQUENTIAL);
            assertThat(net.isSampled()).isTrue();
            for (Parameter p : net.trainableParameters()) {
                if (p.name().equals("user")) {
                    p.set(GradCheck.uniform(p.size(), 0.5, 3));
                }
            }
            // the same corruption and pool on every evaluation
            DoubleSupplier loss = () -> net.trainBatch(m, order, 0, 6, 0.2f, new SampledBinaryCrossEntropy(40, 3),
                    new SplittableRandom(8));
            int checked = 0;
            for (Parameter p : net.trainableParameters()) {
                loss.getAsDouble();
                checked += GradCheck.check(act + " " + p.name(), p.value(), p.size(), GradCheck.denseGradient(p), 2e-3f,
                        60, loss);
            }
            assertThat(checked).isGreaterThan(50);
        }
    }

    /**
     * The shared pool's weighted negatives are an unbiased estimate of the per-user sampling's
     * expected loss: sum over positives of -log s(z) plus min(negatives |P|, n - |P|) times the mean
     * of -log(1 - s(z)) over the user's other items.
     */
    @Test
    void theSharedPoolEstimatesTheExpectedLossOfPerUserNegatives() {
        InteractionMatrix m = smallMatrix();
        int[] order = {0, 1, 2, 3, 4, 5};
        int negatives = 2;
        CdaeNetwork net = new CdaeNetwork(6, 40, 5, "tanh");
        net.init(new SplittableRandom(6));
        net.sampledOutput(Parallel.SEQUENTIAL);
        // no corruption: the training forward pass gives the logits score() gives
        double exact = 0;
        float[] z = new float[40];
        for (int u = 0; u < 6; u++) {
            int from = m.rowPtr()[u];
            int pos = m.rowLength(u);
            int[] items = java.util.Arrays.copyOfRange(m.colIdx(), from, from + pos);
            net.score(u, items, pos, z);
            double neg = 0;
            for (int j = 0; j < 40; j++) {
                boolean positive = java.util.Arrays.binarySearch(items, j) >= 0;
                if (positive) {
                    exact += dev.recsys.nn.internal.loss.BinaryCrossEntropy.loss(z[j], 1f);
                } else {
                    neg += dev.recsys.nn.internal.loss.BinaryCrossEntropy.loss(z[j], 0f);
                }
            }
            exact += Math.min(negatives * pos, 40 - pos) * neg / (40 - pos);
        }
        exact /= 6;
        SplittableRandom rnd = new SplittableRandom(11);
        double sum = 0;
        int runs = 4000;
        for (int i = 0; i < runs; i++) {
            sum += net.trainBatch(m, order, 0, 6, 0f, new SampledBinaryCrossEntropy(40, negatives), rnd);
        }
        assertThat(sum / runs).isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void theSampledPathGivesTheSameModelWhateverTheThreadCount() {
        // 5000 items (above the default threshold); pool 64 x (10 x 30) x 256 multiply-adds, split between threads
        InteractionMatrix m = MultVaeSampledSoftmaxTest.randomMatrix(130, 5000, 30, 3);
        CdaeTrainer.Config c = new CdaeTrainer.Config(256, "sigmoid", 0.5f, 10, 64, 5, 4096);
        dev.recsys.internal.optim.Optimizer adam = dev.recsys.internal.optim.OptimizerConfig
                .builder(dev.recsys.internal.optim.OptimizerConfig.Kind.ADAM).learningRate(1e-3f).build().create();
        CdaeTrainer one = new CdaeTrainer(m, c, adam, Parallel.SEQUENTIAL);
        CdaeTrainer three = new CdaeTrainer(m, c, adam, new Parallel(3));
        assertThat(one.network().isSampled()).isTrue();
        for (int e = 1; e <= 2; e++) {
            assertThat(three.epoch(e)).isEqualTo(one.epoch(e));
        }
        one.finish();
        three.finish();
        java.util.List<Parameter> a = one.network().parameters();
        java.util.List<Parameter> b = three.network().parameters();
        for (int i = 0; i < a.size(); i++) {
            assertThat(java.util.Arrays.equals(b.get(i).value(), a.get(i).value())).as(a.get(i).name()).isTrue();
        }
        float[] s1 = new float[5000];
        float[] s3 = new float[5000];
        one.scoreUser(7, s1);
        three.scoreUser(7, s3);
        assertThat(s3).containsExactly(s1);
    }
}
