package dev.recsys.nn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.RowGradient;
import dev.recsys.nn.testing.GradCheck;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** End-to-end finite-difference check of NeuMF's loss with respect to every parameter. */
class NeuMfNetworkGradientTest {

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        NeuMfNetwork net = new NeuMfNetwork(5, 6, 8, 2);
        net.init(new SplittableRandom(3));
        // larger embeddings than the default init so that the GMF gradients are not tiny
        for (Parameter p : net.parameters()) {
            if (p.isSparse()) {
                float[] v = GradCheck.uniform(p.size(), 0.5, p.name().hashCode());
                p.set(v);
            }
        }
        int[] u = {0, 1, 1, 4, 2, 0};
        int[] i = {2, 3, 5, 0, 2, 2};
        float[] y = {1, 0, 1, 0, 1, 0};
        DoubleSupplier loss = () -> net.trainBatch(u, i, y, 0, 6);
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

    @Test
    void scoringMatchesTheTrainingForwardPass() {
        NeuMfNetwork net = new NeuMfNetwork(3, 7, 8, 3);
        net.init(new SplittableRandom(4));
        for (Parameter p : net.parameters()) {
            if (p.isSparse()) {
                p.set(GradCheck.uniform(p.size(), 0.5, p.name().hashCode()));
            }
        }
        float[] scores = new float[7];
        net.scoreAll(2, net.itemProjection(), scores);
        for (int item = 0; item < 7; item++) {
            // BCE with label 1 is log(1 + e^-z): recover z from the training forward pass
            double l = net.trainBatch(new int[] {2}, new int[] {item}, new float[] {1f}, 0, 1);
            double z = -Math.log(Math.expm1(l));
            assertThat(scores[item]).isCloseTo((float) z, org.assertj.core.data.Offset.offset(1e-3f));
        }
    }
}
