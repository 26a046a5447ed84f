package dev.recsys.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallelism}: split products and parameter updates equal the one-thread results bit for
 * bit, and work really runs on more than one thread.
 */
class ParallelismTest {

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
                    Kernels.get().gemm(ta, tb, m, n, k, 0.5f, a, 5, lda, b, 5, ldb, 0.25f, c0, 4, ldc);
                    Parallelism.run(2, () -> {
                        Parallelism.gemm(ta, tb, m, n, k, 0.5f, a, 5, lda, b, 5, ldb, 0.25f, c1, 4, ldc);
                        return null;
                    });
                    assertThat(c1).as("m=%d n=%d k=%d ta=%s tb=%s", m, n, k, ta, tb).isEqualTo(c0);
                }
            }
        }
    }

    @Test
    void largeProductsAndUpdatesRunOnSeveralThreads() {
        Set threads = new Set();
        Parallelism.run(2, () -> {
            assertThat(Parallelism.threads()).isEqualTo(2);
            Parallelism.forEach(8, i -> {
                threads.add(Thread.currentThread().getName());
                sleepBriefly();
            });
            return null;
        });
        assertThat(threads.size()).isEqualTo(2);
        assertThat(Parallelism.threads()).isEqualTo(1);
    }

    @Test
    void parameterUpdatesAreIdenticalWithOneOrThreeThreads() {
        List<Parameter> a = params();
        List<Parameter> b = params();
        Optimizer adam = OptimizerConfig.builder(OptimizerConfig.Kind.ADAM).learningRate(0.01f).build().create();
        ParameterUpdater ua = new ParameterUpdater(adam, a);
        ParameterUpdater ub = new ParameterUpdater(adam, b);
        for (int step = 0; step < 3; step++) {
            fillGradients(a, step);
            fillGradients(b, step);
            ua.step();
            Parallelism.run(3, () -> {
                ub.step();
                return null;
            });
        }
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).value()).as(a.get(i).name()).isEqualTo(a.get(i).value());
        }
        assertThat(a.get(0).value()).as("the updates changed something").isNotEqualTo(params().get(0).value());
    }

    @Test
    void badArgumentsAndFailuresAreReported() {
        assertThatThrownBy(() -> Parallelism.run(-1, () -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads");
        assertThatThrownBy(() -> Parallelism.run(2, () -> {
            Parallelism.forEach(4, i -> {
                if (i == 3) {
                    throw new IllegalStateException("task 3 failed");
                }
            });
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessage("task 3 failed");
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

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A thread-safe set of names. */
    private static final class Set {
        private final java.util.Set<String> names = ConcurrentHashMap.newKeySet();
        private final AtomicInteger adds = new AtomicInteger();

        void add(String name) {
            names.add(name);
            adds.incrementAndGet();
        }

        int size() {
            return names.size();
        }
    }
}
