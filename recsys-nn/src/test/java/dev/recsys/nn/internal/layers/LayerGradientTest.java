package dev.recsys.nn.internal.layers;

import static dev.recsys.nn.testing.GradCheck.check;
import static dev.recsys.nn.testing.GradCheck.dot;
import static dev.recsys.nn.testing.GradCheck.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Finite-difference gradient checks of every dense layer, with the loss sum(c * y) for random c. */
class LayerGradientTest {
    private static final int BATCH = 3;

    /** Checks dx of a layer (and its dense parameter gradients) at input x. */
    private static void checkLayer(Layer layer, float[] x, float h) {
        int in = layer.inputSize();
        int out = layer.outputSize();
        float[] c = uniform(BATCH * out, 1.0, 99);
        float[] y = new float[BATCH * out];
        DoubleSupplier loss = () -> {
            layer.forward(x, y, BATCH, true);
            return dot(c, y, BATCH * out);
        };
        loss.getAsDouble();
        float[] dx = new float[BATCH * in];
        layer.backward(x, y, c, dx, BATCH);
        assertThat(check(layer.getClass().getSimpleName() + ".dx", x, BATCH * in, dx, h, 200, loss)).isPositive();
        for (Parameter p : layer.parameters()) {
            float[] g = p.grad().clone();
            assertThat(check(p.name(), p.value(), p.size(), g, h, 200, loss)).isPositive();
        }
    }

    @Test
    void denseGradients() {
        Dense d = new Dense("d", 7, 5).init(Init.XAVIER_UNIFORM, new SplittableRandom(1));
        // a non-zero bias so that its gradient path is exercised from a generic point
        float[] b = uniform(5, 0.5, 3);
        System.arraycopy(b, 0, d.bias().value(), 0, 5);
        checkLayer(d, uniform(BATCH * 7, 1.0, 2), 1e-2f);
    }

    @Test
    void denseForwardIsAffine() {
        Dense d = new Dense("d", 2, 2);
        d.weight().set(new float[] {1, 2, 3, 4});
        d.bias().set(new float[] {0.5f, -1});
        float[] y = new float[2];
        d.forward(new float[] {1, 1}, y, 1, false);
        assertThat(y).containsExactly(4.5f, 5f);
    }

    @Test
    void reluGradients() {
        float[] x = uniform(BATCH * 6, 1.0, 4);
        for (int i = 0; i < x.length; i++) {
            x[i] += x[i] >= 0 ? 0.1f : -0.1f; // away from the kink
        }
        checkLayer(new Relu(6), x, 1e-2f);
    }

    @Test
    void tanhGradients() {
        checkLayer(new Tanh(6), uniform(BATCH * 6, 2.0, 5), 1e-2f);
    }

    @Test
    void sigmoidGradients() {
        checkLayer(new Sigmoid(6), uniform(BATCH * 6, 3.0, 6), 1e-2f);
    }

    @Test
    void sigmoidIsStableForLargeInputs() {
        assertThat(Sigmoid.sigmoid(-1000f)).isEqualTo(0f);
        assertThat(Sigmoid.sigmoid(1000f)).isEqualTo(1f);
        assertThat(Sigmoid.sigmoid(0f)).isEqualTo(0.5f);
    }

    @Test
    void softmaxGradients() {
        checkLayer(new Softmax(5), uniform(BATCH * 5, 2.0, 7), 1e-2f);
    }

    @Test
    void softmaxRowsSumToOne() {
        float[] y = new float[10];
        new Softmax(5).forward(new float[] {1000, 999, 0, -5, 3, 1, 1, 1, 1, 1}, y, 2, false);
        double s0 = 0;
        for (int j = 0; j < 5; j++) {
            s0 += y[j];
        }
        assertThat(s0).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(y[5]).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void logSoftmaxGradients() {
        checkLayer(new LogSoftmax(5), uniform(BATCH * 5, 2.0, 8), 1e-2f);
    }

    @Test
    void logSoftmaxMatchesLogOfSoftmax() {
        float[] x = uniform(10, 3.0, 9);
        float[] s = new float[10];
        float[] ls = new float[10];
        new Softmax(5).forward(x, s, 2, false);
        new LogSoftmax(5).forward(x, ls, 2, false);
        for (int i = 0; i < 10; i++) {
            assertThat(ls[i]).isCloseTo((float) Math.log(s[i]), org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void dropoutGradientsWithAFixedMask() {
        Dropout d = new Dropout(8, 0.4f, 11);
        Layer reseeding = new Layer() {
            @Override
            public int inputSize() {
                return 8;
            }

            @Override
            public int outputSize() {
                return 8;
            }

            @Override
            public void forward(float[] x, float[] y, int batch, boolean training) {
                d.reseed(11);
                d.forward(x, y, batch, training);
            }

            @Override
            public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
                d.backward(x, y, dy, dx, batch);
            }
        };
        checkLayer(reseeding, uniform(BATCH * 8, 1.0, 12), 1e-2f);
    }

    @Test
    void dropoutIsSeededScaledAndIdentityAtInference() {
        float[] x = new float[1000];
        java.util.Arrays.fill(x, 1f);
        float[] a = new float[1000];
        float[] b = new float[1000];
        new Dropout(100, 0.5f, 3).forward(x, a, 10, true);
        new Dropout(100, 0.5f, 3).forward(x, b, 10, true);
        assertThat(a).containsExactly(b);
        int kept = 0;
        for (float v : a) {
            assertThat(v).isIn(0f, 2f);
            kept += v > 0 ? 1 : 0;
        }
        assertThat(kept).isBetween(420, 580);
        float[] c = new float[1000];
        new Dropout(100, 0.5f, 3).forward(x, c, 10, false);
        assertThat(c).containsOnly(1f);
    }

    @Test
    void initSchemesHaveTheirVariance() {
        float[] w = new float[200 * 100];
        Init.HE_NORMAL.fill(w, 200, 100, new SplittableRandom(1));
        assertThat(variance(w)).isCloseTo(2.0 / 200, org.assertj.core.data.Percentage.withPercentage(5));
        Init.XAVIER_UNIFORM.fill(w, 200, 100, new SplittableRandom(1));
        assertThat(variance(w)).isCloseTo(2.0 / 300, org.assertj.core.data.Percentage.withPercentage(5));
        Init.XAVIER_NORMAL.fill(w, 200, 100, new SplittableRandom(1));
        assertThat(variance(w)).isCloseTo(2.0 / 300, org.assertj.core.data.Percentage.withPercentage(5));
        Init.HE_UNIFORM.fill(w, 200, 100, new SplittableRandom(1));
        assertThat(variance(w)).isCloseTo(2.0 / 200, org.assertj.core.data.Percentage.withPercentage(5));
    }

    private static double variance(float[] w) {
        double s = 0;
        double s2 = 0;
        for (float v : w) {
            s += v;
            s2 += (double) v * v;
        }
        double m = s / w.length;
        return s2 / w.length - m * m;
    }
}
