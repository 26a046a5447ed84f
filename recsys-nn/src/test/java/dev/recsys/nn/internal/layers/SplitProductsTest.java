package dev.recsys.nn.internal.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.optim.OptimizerConfig;
import dev.recsys.internal.parallel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The layers' use of the {@link Parallel} runner: split products ({@link Dense#gemm}) and parameter
 * updates equal the one-thread results bit for bit.
 */
class SplitProductsTest {

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void splitGemmIsBitIdenticalToOneCall() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] shapes = {{300, 700, 40}, {900, 130, 70}, {129, 1000, 50}, {64, 64, 2000}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int lda = ta ? m + 3 : k + 3;
                    int ldb = tb ? k + 1 : n + 1;
                    int ldc = n + 2;
                    float[] a = random(r, (ta ? k : m) * lda + 5);
                    float[] b = random(r, (tb ? n : k) * ldb + 5);
                    float[] c0 = random(r, m * ldc + 4);
                    float[] c1 = c0.clone();
                    float[] c3 = c0.clone();
                    Kernels.get().gemm(ta, tb, m, n, k, 0.5f, a, 5, lda, b, 5, ldb, 0.25f, c0, 4, ldc);
                    Dense.gemm(new Parallel(2), ta, tb, m, n, k, 0.5f, a, 5, lda, b, 5, ldb, 0.25f, c1, 4, ldc);
                    Dense.gemm(new Parallel(3), ta, tb, m, n, k, 0.5f, a, 5, lda, b, 5, ldb, 0.25f, c3, 4, ldc);
                    assertThat(c1).as("2 threads m=%d n=%d k=%d ta=%s tb=%s", m, n, k, ta, tb).isEqualTo(c0);
                    assertThat(c3).as("3 threads m=%d n=%d k=%d ta=%s tb=%s", m, n, k, ta, tb).isEqualTo(c0);
                }
            }
        }
    }

    @Test
    void parameterUpdatesAreIdenticalWithOneOrThreeThreads() {
        List<Parameter> a = params();
        List<Parameter> b = params();
        Optimizer adam = OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(0.01f).build().create();
        ParameterUpdater ua = new ParameterUpdater(adam, a);
        ParameterUpdater ub = new ParameterUpdater(adam, b, new Parallel(3));
        for (int step = 0; step < 3; step++) {
            fillGradients(a, step);
            fillGradients(b, step);
            ua.step();
            ub.step();
        }
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).value()).as(a.get(i).name()).isEqualTo(a.get(i).value());
        }
        assertThat(a.get(0).value()).as("the updates changed something").isNotEqualTo(params().get(0).value());
    }

    private static List<Parameter> params() {
        SplittableRandom r = new SplittableRandom(9);
        List<Parameter> ps = new ArrayList<>();
        int[][] shapes = {{400, 300}, {300, 100}, {1, 300}, {50, 50}, {200, 250}};
        for (int i = 0; i < shapes.length; i++) {
            Parameter p = Parameter.dense("p" + i, shapes[i][0], shapes[i][1]);
            float[] v = p.value();
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) r.nextGaussian();
            }
            ps.add(p);
        }
        return ps;
    }

    private static void fillGradients(List<Parameter> ps, int step) {
        SplittableRandom r = new SplittableRandom(100 + step);
        for (Parameter p : ps) {
            float[] g = p.grad();
            for (int j = 0; j < g.length; j++) {
                g[j] = (float) r.nextGaussian();
            }
        }
    }
}
