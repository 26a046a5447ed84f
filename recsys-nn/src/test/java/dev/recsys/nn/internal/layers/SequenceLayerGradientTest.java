package dev.recsys.nn.internal.layers;

import static dev.recsys.nn.testing.GradCheck.check;
import static dev.recsys.nn.testing.GradCheck.dot;
import static dev.recsys.nn.testing.GradCheck.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference gradient checks of the sequence layers (layer norm, causal self-attention, GRU)
 * with the loss sum(c * y) for random c, on a batch of two sequences of different lengths.
 */
class SequenceLayerGradientTest {
    private static final int ROWS = 7;
    private static final int[] ENDS = {3, 7};

    private static void checkLayer(Layer layer, float[] x, float h) {
        if (layer instanceof Segmented s) {
            s.segments(ENDS, 2);
        }
        int in = layer.inputSize();
        int out = layer.outputSize();
        float[] c = uniform(ROWS * out, 1.0, 99);
        float[] y = new float[ROWS * out];
        DoubleSupplier loss = () -> {
            layer.forward(x, y, ROWS, true);
            return dot(c, y, ROWS * out);
        };
        loss.getAsDouble();
        float[] dx = new float[ROWS * in];
        layer.backward(x, y, c, dx, ROWS);
        assertThat(check(layer.getClass().getSimpleName() + ".dx", x, ROWS * in, dx, h, 300, loss)).isPositive();
        for (Parameter p : layer.parameters()) {
            float[] g = p.grad().clone();
            if (p.name().endsWith(".k.b")) {
                // a key bias shifts every score of a query row alike: softmax ignores it, the gradient is 0
                for (float v : g) {
                    assertThat(Math.abs(v)).isLessThan(1e-5f);
                }
                continue;
            }
            assertThat(check(p.name(), p.value(), p.size(), g, h, 300, loss)).isPositive();
        }
    }

    @Test
    void layerNormGradients() {
        LayerNorm ln = new LayerNorm("ln", 6);
        System.arraycopy(uniform(6, 0.5, 3), 0, ln.parameters().get(1).value(), 0, 6);
        float[] g = uniform(6, 0.3, 4);
        for (int j = 0; j < 6; j++) {
            ln.parameters().get(0).value()[j] += g[j];
        }
        checkLayer(ln, uniform(ROWS * 6, 1.0, 2), 1e-2f);
    }

    @Test
    void causalSelfAttentionGradients() {
        CausalSelfAttention a = new CausalSelfAttention("att", 8, 2).init(Init.XAVIER_UNIFORM, new SplittableRandom(5));
        for (Parameter p : a.parameters()) {
            if (p.rows() == 1) {
                System.arraycopy(uniform(p.size(), 0.3, p.name().hashCode()), 0, p.value(), 0, p.size());
            }
        }
        checkLayer(a, uniform(ROWS * 8, 1.0, 6), 1e-2f);
    }

    @Test
    void attentionIsCausalAndStaysWithinItsSequence() {
        CausalSelfAttention a = new CausalSelfAttention("att", 4, 1).init(Init.XAVIER_UNIFORM, new SplittableRandom(5));
        a.segments(ENDS, 2);
        float[] x = uniform(ROWS * 4, 1.0, 7);
        float[] y1 = new float[ROWS * 4];
        a.forward(x, y1, ROWS, false);
        float[] att = a.attention(1, 0);
        assertThat(att[1]).isZero(); // step 0 does not see step 1
        assertThat(att[0]).isEqualTo(1f);
        // changing the last step of sequence 1 changes neither sequence 0 nor earlier steps
        float[] x2 = x.clone();
        x2[6 * 4] += 1f;
        float[] y2 = new float[ROWS * 4];
        a.forward(x2, y2, ROWS, false);
        for (int i = 0; i < 6 * 4; i++) {
            assertThat(y2[i]).isEqualTo(y1[i]);
        }
        assertThat(y2[6 * 4]).isNotEqualTo(y1[6 * 4]);
    }

    @Test
    void gruGradients() {
        Gru g = new Gru("gru", 5, 4).init(Init.XAVIER_UNIFORM, new SplittableRandom(8));
        System.arraycopy(uniform(12, 0.3, 9), 0, g.parameters().get(2).value(), 0, 12);
        checkLayer(g, uniform(ROWS * 5, 1.0, 10), 1e-2f);
    }

    @Test
    void gruStartsEachSequenceFromZero() {
        Gru g = new Gru("gru", 3, 3).init(Init.XAVIER_UNIFORM, new SplittableRandom(8));
        g.segments(ENDS, 2);
        float[] x = uniform(ROWS * 3, 1.0, 11);
        float[] y = new float[ROWS * 3];
        g.forward(x, y, ROWS, false);
        Gru alone = new Gru("gru", 3, 3).init(Init.XAVIER_UNIFORM, new SplittableRandom(8));
        float[] x1 = java.util.Arrays.copyOfRange(x, 9, 21);
        float[] y1 = new float[12];
        alone.forward(x1, y1, 4, false);
        for (int i = 0; i < 12; i++) {
            assertThat(y1[i]).isEqualTo(y[9 + i]);
        }
    }
}
