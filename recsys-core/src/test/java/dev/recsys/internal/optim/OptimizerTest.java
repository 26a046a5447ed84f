package dev.recsys.internal.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.internal.optim.OptimizerConfig.Kind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    private static final float TOL = 1e-6f;

    /** Two steps on one parameter w = 1 with gradients 0.5 then 0.25 (or 0.5 twice). */
    private static float[] twoSteps(OptimizerConfig cfg, float g1, float g2) {
        float[] w = {1f};
        DenseUpdater u = cfg.create().dense(w, 0, 1);
        u.step(1, new float[] {g1}, 0);
        float first = w[0];
        u.step(2, new float[] {g2}, 0);
        return new float[] {first, w[0]};
    }

    @Test
    void sgdMatchesHandComputedSteps() {
        float[] plain = twoSteps(OptimizerConfig.builder(Kind.SGD).learningRate(0.1f).build(), 0.5f, 0.5f);
        assertThat(plain[0]).isCloseTo(0.95f, within(TOL));
        assertThat(plain[1]).isCloseTo(0.90f, within(TOL));
        // momentum 0.9: v = 0.5, w = 0.95; v = 0.95, w = 0.855
        float[] mom = twoSteps(OptimizerConfig.builder(Kind.SGD).learningRate(0.1f).momentum(0.9f).build(), 0.5f, 0.5f);
        assertThat(mom[0]).isCloseTo(0.95f, within(TOL));
        assertThat(mom[1]).isCloseTo(0.855f, within(TOL));
        // Nesterov: d = g + mu v: 0.95 then 1.355
        float[] nes = twoSteps(OptimizerConfig.builder(Kind.SGD).learningRate(0.1f).momentum(0.9f).nesterov(true)
                .build(), 0.5f, 0.5f);
        assertThat(nes[0]).isCloseTo(0.905f, within(TOL));
        assertThat(nes[1]).isCloseTo(0.7695f, within(TOL));
        // coupled L2 0.1: g' = 0.5 + 0.1 = 0.6
        float[] l2 = twoSteps(OptimizerConfig.builder(Kind.SGD).learningRate(0.1f).l2(0.1f).build(), 0.5f, 0.5f);
        assertThat(l2[0]).isCloseTo(0.94f, within(TOL));
    }

    @Test
    void adamAndAdamWMatchHandComputedSteps() {
        float[] adam = twoSteps(OptimizerConfig.builder(Kind.ADAM).learningRate(0.1f).build(), 0.5f, 0.25f);
        // step 1: bias-corrected m/sqrt(v) = sign(g) -> w = 0.9
        assertThat(adam[0]).isCloseTo(0.9f, within(TOL));
        // step 2: m = 0.07, v = 0.00031225, mhat = 0.368421, vhat = 0.156203
        assertThat(adam[1]).isCloseTo(0.806782f, within(2e-6f));
        // AdamW, decay 0.1: w = 1 * (1 - 0.1 * 0.1) - 0.1 = 0.89
        float[] adamW = twoSteps(OptimizerConfig.builder(Kind.ADAMW).learningRate(0.1f).weightDecay(0.1f).build(),
                0.5f, 0.25f);
        assertThat(adamW[0]).isCloseTo(0.89f, within(TOL));
        assertThat(OptimizerConfig.builder(Kind.ADAMW).build().weightDecay()).isEqualTo(0.01f);
    }

    @Test
    void adagradMatchesHandComputedSteps() {
        float[] ada = twoSteps(OptimizerConfig.builder(Kind.ADAGRAD).learningRate(0.1f).build(), 0.5f, 0.25f);
        assertThat(ada[0]).isCloseTo(0.9f, within(TOL));
        assertThat(ada[1]).isCloseTo(0.8552786f, within(TOL));
    }

    @Test
    void clippingScalesTheGradientToTheMaximumNorm() {
        float[] w = {0f, 0f};
        OptimizerConfig cfg = OptimizerConfig.builder(Kind.SGD).learningRate(1f).clipNorm(1f).build();
        float[] g = {3f, 4f};
        cfg.create().dense(w, 0, 2).step(1, g, 0);
        assertThat(w[0]).isCloseTo(-0.6f, within(TOL));
        assertThat(w[1]).isCloseTo(-0.8f, within(TOL));
        assertThat(g).containsExactly(3f, 4f); // the caller's gradient is not modified
        float[] h = {3f, 4f};
        assertThat(GradientClipping.clipByNorm(h, 0, 2, 10f)).isEqualTo(1f);
        assertThat(GradientClipping.clipByNorm(h, 0, 2, 2.5f)).isCloseTo(0.5f, within(TOL));
        assertThat(h[0]).isCloseTo(1.5f, within(TOL));
        assertThat(GradientClipping.factor(Double.POSITIVE_INFINITY, 1f)).isZero();
        assertThatThrownBy(() -> GradientClipping.factor(1, -1f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxNorm");
    }

    @Test
    void schedulesFollowTheirFormulas() {
        assertThat(LearningRateSchedule.constant(0.3f).rate(1000)).isEqualTo(0.3f);
        LearningRateSchedule step = LearningRateSchedule.step(0.1f, 10, 0.5f);
        assertThat(step.rate(1)).isCloseTo(0.1f, within(TOL));
        assertThat(step.rate(10)).isCloseTo(0.1f, within(TOL));
        assertThat(step.rate(11)).isCloseTo(0.05f, within(TOL));
        assertThat(step.rate(21)).isCloseTo(0.025f, within(TOL));
        LearningRateSchedule cos = LearningRateSchedule.cosine(1f, 0f, 100);
        assertThat(cos.rate(1)).isCloseTo(1f, within(TOL));
        assertThat(cos.rate(51)).isCloseTo(0.5f, within(TOL));
        assertThat(cos.rate(101)).isCloseTo(0f, within(TOL));
        assertThat(cos.rate(5000)).isCloseTo(0f, within(TOL));
        LearningRateSchedule warm = LearningRateSchedule.warmup(cos, 4);
        assertThat(warm.rate(1)).isCloseTo(0.25f, within(TOL));
        assertThat(warm.rate(3)).isCloseTo(0.75f, within(TOL));
        assertThat(warm.rate(4)).isCloseTo(1f, within(TOL));
        assertThat(warm.rate(5)).isCloseTo(1f, within(TOL));
        assertThat(warm.rate(55)).isCloseTo(0.5f, within(TOL));
        assertThatThrownBy(() -> LearningRateSchedule.step(0.1f, 0, 0.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stepSize");
        assertThatThrownBy(() -> LearningRateSchedule.cosine(0.1f, 0.2f, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minLr");
        assertThatThrownBy(() -> LearningRateSchedule.constant(Float.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lr");
    }

    @Test
    void configValidatesParameters() {
        assertThatThrownBy(() -> OptimizerConfig.builder(Kind.SGD).momentum(1f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("momentum");
        assertThatThrownBy(() -> OptimizerConfig.builder(Kind.SGD).nesterov(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nesterov");
        assertThatThrownBy(() -> OptimizerConfig.builder(Kind.ADAM).betas(0.9f, 1.5f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta2");
        assertThatThrownBy(() -> OptimizerConfig.builder(Kind.ADAM).epsilon(0f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> OptimizerConfig.builder(Kind.ADAGRAD).weightDecay(-1f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weightDecay");
        Optimizer sgd = OptimizerConfig.builder(Kind.SGD).build().create();
        assertThatThrownBy(() -> sgd.dense(new float[3], 1, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params");
        assertThatThrownBy(() -> sgd.dense(new float[3], 0, 3).step(0, new float[3], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> sgd.sparse(new float[6], 0, 2, 3).updateRow(1, 2, new float[3], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row");
    }

    /** Minimises 0.5 * sum a_i (w_i - c_i)^2 from w = 0. */
    private static float[] minimise(OptimizerConfig cfg, float[] a, float[] c, int steps) {
        int n = a.length;
        float[] w = new float[n];
        float[] g = new float[n];
        DenseUpdater u = cfg.create().dense(w, 0, n);
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < n; i++) {
                g[i] = a[i] * (w[i] - c[i]);
            }
            u.step(t, g, 0);
        }
        return w;
    }

    @Test
    void everyOptimizerConvergesOnAConvexQuadratic() {
        SplittableRandom rnd = new SplittableRandom(21);
        int n = 10;
        float[] a = new float[n];
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(0.5, 2);
            c[i] = (float) rnd.nextDouble(-3, 3);
        }
        OptimizerConfig[] configs = {
            OptimizerConfig.builder(Kind.SGD).learningRate(0.1f).build(),
            OptimizerConfig.builder(Kind.SGD).learningRate(0.05f).momentum(0.9f).build(),
            OptimizerConfig.builder(Kind.SGD).learningRate(0.05f).momentum(0.9f).nesterov(true).build(),
            OptimizerConfig.builder(Kind.ADAM).schedule(LearningRateSchedule.cosine(0.1f, 0f, 2000)).build(),
            OptimizerConfig.builder(Kind.ADAMW).schedule(LearningRateSchedule.warmup(
                    LearningRateSchedule.cosine(0.1f, 0f, 1900), 100)).weightDecay(1e-4f).build(),
            OptimizerConfig.builder(Kind.ADAGRAD).learningRate(0.5f).build(),
            OptimizerConfig.builder(Kind.SGD).schedule(LearningRateSchedule.step(0.2f, 500, 0.5f)).clipNorm(1f).build(),
        };
        for (OptimizerConfig cfg : configs) {
            float[] w = minimise(cfg, a, c, 2000);
            for (int i = 0; i < n; i++) {
                assertThat(w[i]).as(cfg + " w[" + i + "]").isCloseTo(c[i], within(2e-2f));
            }
        }
    }

    @Test
    void sparseUpdatesOfEveryRowEqualDenseUpdates() {
        SplittableRandom rnd = new SplittableRandom(22);
        int rows = 5;
        int cols = 7;
        for (OptimizerConfig cfg : new OptimizerConfig[] {
            OptimizerConfig.builder(Kind.ADAMW).learningRate(0.05f).weightDecay(0.1f).l2(0.01f).build(),
            OptimizerConfig.builder(Kind.SGD).learningRate(0.05f).momentum(0.5f).weightDecay(0.1f).build(),
            OptimizerConfig.builder(Kind.ADAGRAD).learningRate(0.05f).initialAccumulator(0.1f).build(),
        }) {
            float[] dense = new float[rows * cols];
            for (int i = 0; i < dense.length; i++) {
                dense[i] = (float) rnd.nextDouble(-1, 1);
            }
            float[] table = dense.clone();
            Optimizer opt = cfg.create();
            DenseUpdater du = opt.dense(dense, 0, dense.length);
            SparseRowUpdater su = opt.sparse(table, 0, rows, cols);
            float[] g = new float[rows * cols];
            for (int t = 1; t <= 20; t++) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) rnd.nextDouble(-1, 1);
                }
                du.step(t, g, 0);
                for (int r = rows - 1; r >= 0; r--) {
                    su.updateRow(t, r, g, r * cols);
                }
            }
            for (int i = 0; i < dense.length; i++) {
                assertThat(table[i]).as(cfg.kind() + " entry " + i).isCloseTo(dense[i], within(1e-5f));
            }
            assertThat(su.updates(2)).isEqualTo(20);
        }
    }

    @Test
    void lazyDecayCatchesUpSkippedSteps() {
        int rows = 3;
        int cols = 2;
        float lr = 0.1f;
        float wd = 0.2f;
        OptimizerConfig cfg = OptimizerConfig.builder(Kind.SGD).learningRate(lr).weightDecay(wd).build();
        float[] table = {1f, 2f, 3f, 4f, 5f, 6f};
        float[] expected = table.clone();
        SparseRowUpdater su = cfg.create().sparse(table, 0, rows, cols);
        float[] g = {0.5f, -0.5f};
        // row 0 updated at steps 1 and 5, row 2 at step 3, row 1 never; dense reference decays all
        for (int t = 1; t <= 6; t++) {
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= 1f - lr * wd;
            }
            if (t == 1 || t == 5) {
                su.updateRow(t, 0, g, 0);
                expected[0] -= lr * g[0];
                expected[1] -= lr * g[1];
            }
            if (t == 3) {
                su.updateRow(t, 2, g, 0);
                expected[4] -= lr * g[0];
                expected[5] -= lr * g[1];
            }
        }
        assertThat(table[2]).isEqualTo(3f); // row 1 untouched until finish
        su.finish(6);
        for (int i = 0; i < table.length; i++) {
            assertThat(table[i]).as("entry " + i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void adamBiasCorrectionCountsUpdatesPerRow() {
        float[] table = new float[4 * 3];
        SparseRowUpdater su = OptimizerConfig.builder(Kind.ADAM).learningRate(0.1f).build().create()
                .sparse(table, 0, 4, 3);
        float[] g = {2f, -3f, 0.5f};
        // first update of row 3 at global step 1000 still gets a full bias-corrected step: lr * sign(g)
        su.updateRow(1000, 3, g, 0);
        assertThat(table[9]).isCloseTo(-0.1f, within(TOL));
        assertThat(table[10]).isCloseTo(0.1f, within(TOL));
        assertThat(table[11]).isCloseTo(-0.1f, within(TOL));
        assertThat(table[0]).isZero();
        assertThat(su.updates(3)).isEqualTo(1);
        assertThat(su.updates(0)).isZero();
    }
}
