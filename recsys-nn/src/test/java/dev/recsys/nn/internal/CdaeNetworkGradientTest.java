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

    @Test
    void theSampledOutputGivesTheLossAndGradientsOfTheFullOutput() {
        // 6 users x 40 items, 2..7 items each; the same initialisation, draws and batch on both paths
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
        InteractionMatrix m = new InteractionMatrix(users, items, ptr, java.util.Arrays.copyOf(cols, k), vals);
        int[] order = {3, 1, 5, 0, 4, 2};
        for (int threads : new int[] {1, 2}) {
            CdaeNetwork full = new CdaeNetwork(users, items, 8, "tanh");
            CdaeNetwork sampled = new CdaeNetwork(users, items, 8, "tanh");
            full.init(new SplittableRandom(5));
            sampled.init(new SplittableRandom(5));
            sampled.sampledOutput(new Parallel(threads));
            assertThat(sampled.isSampled()).isTrue();
            double lf = full.trainBatch(m, order, 0, users, 0.2f, new SampledBinaryCrossEntropy(items, 3), new SplittableRandom(8));
            double ls = sampled.trainBatch(m, order, 0, users, 0.2f, new SampledBinaryCrossEntropy(items, 3),
                    new SplittableRandom(8));
            assertThat(ls).isCloseTo(lf, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(lf)));
            for (int p = 0; p < full.parameters().size(); p++) {
                Parameter a = full.parameters().get(p);
                Parameter b = sampled.parameters().get(p);
                float[] ga = GradCheck.denseGradient(a);
                float[] gb = GradCheck.denseGradient(b);
                double max = 0;
                for (float v : ga) {
                    max = Math.max(max, Math.abs(v));
                }
                assertThat(max).as(a.name()).isPositive();
                for (int i = 0; i < ga.length; i++) {
                    assertThat(gb[i]).as(a.name() + "[" + i + "]").isCloseTo(ga[i], org.assertj.core.data.Offset.offset((float) (1e-5 * max)));
                }
            }
        }
    }
}
