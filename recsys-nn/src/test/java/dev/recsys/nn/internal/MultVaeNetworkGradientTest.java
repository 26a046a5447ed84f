package dev.recsys.nn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.RowGradient;
import dev.recsys.nn.testing.GradCheck;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** End-to-end finite-difference check of the Mult-VAE loss (likelihood + KL, fixed noise). */
class MultVaeNetworkGradientTest {

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        // 4 users x 7 items
        int[] ptr = {0, 3, 5, 6, 9};
        int[] cols = {0, 2, 5, 1, 2, 6, 0, 3, 4};
        float[] vals = {1, 2, 1, 1, 1, 3, 1, 1, 2};
        InteractionMatrix m = new InteractionMatrix(4, 7, ptr, cols, vals);
        MultVaeNetwork net = new MultVaeNetwork(7, 5, 3);
        net.init(new SplittableRandom(1));
        int[] users = {0, 1, 2, 3};
        DoubleSupplier loss = () -> net.trainBatch(m, users, 0, 4, false, 0.3f, 0.7f, new SplittableRandom(5));
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
            checked += GradCheck.check(p.name(), p.value(), p.size(), g, 2e-3f, 60, loss);
        }
        assertThat(checked).isGreaterThan(100);
    }
}
