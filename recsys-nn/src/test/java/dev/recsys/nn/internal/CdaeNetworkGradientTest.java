package dev.recsys.nn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.InteractionMatrix;
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
}
