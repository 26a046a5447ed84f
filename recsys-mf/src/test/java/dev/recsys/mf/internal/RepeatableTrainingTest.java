package dev.recsys.mf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.spi.TrainingListener;
import dev.recsys.data.InteractionMatrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Same seed, same model, run after run in one JVM: biased MF (SGD and Adam with the refit) and
 * implicit ALS (conjugate gradient and Cholesky; one and two threads) trained six times at factor counts that take the vector kernels' register paths (k = 64, 128 on 256- and
 * 512-bit vectors) and their tails (k = 40), with the fingerprints of every trained array
 * compared. The first runs execute partly interpreted and the later ones compiled by C2, so a
 * reduction whose order depends on the execution mode (the Vector API's {@code reduceLanes})
 * shows here as differing fingerprints. Runs with the active kernels (vector in the vector-path
 * surefire run, scalar otherwise).
 */
class RepeatableTrainingTest {
    private static final int RUNS = 6;

    private static long fingerprint(BiasedMfTrainer.Result r) {
        long h = Float.floatToIntBits(r.mu());
        for (float[] a : new float[][] {r.userBias(), r.itemBias(), r.userFactors(), r.itemFactors()}) {
            h = h * 1_000_003L + Arrays.hashCode(a);
        }
        return h;
    }

    private static void assertRepeatable(boolean adam, int k) {
        InteractionMatrix m = PowerLawMatrix.generate(200, 300, 12_000, 0.8, true, 5L);
        BiasedMfTrainer.Config c = new BiasedMfTrainer.Config(k, 6, 0.01f, 0.95f, 0.05f, 0.02f,
                0.05f, 0.1, 2, true, adam, 0.9f, 0.999f, 42L);
        BiasedMfTrainer.Result first = new BiasedMfTrainer(c).train(m, TrainingListener.NONE);
        long want = fingerprint(first);
        for (int run = 1; run < RUNS; run++) {
            BiasedMfTrainer.Result r = new BiasedMfTrainer(c).train(m, TrainingListener.NONE);
            assertThat(fingerprint(r)).as("%s k=%d run %d fingerprint", adam ? "adam" : "sgd", k, run).isEqualTo(want);
            assertThat(r.userFactors()).as("user factors, run %d", run).containsExactly(first.userFactors());
            assertThat(r.itemFactors()).as("item factors, run %d", run).containsExactly(first.itemFactors());
        }
    }

    private static long ialsFingerprint(InteractionMatrix m, int k, boolean cg, int threads) {
        try (ImplicitAlsTrainer t = new ImplicitAlsTrainer(m, new ImplicitAlsTrainer.Config(k, 3, 2f, 0.5f, cg, 3,
                0.1f, threads, 42L))) {
            t.train(TrainingListener.NONE);
            return Arrays.hashCode(t.userFactors()) * 1_000_003L + Arrays.hashCode(t.itemFactors());
        }
    }

    @Test
    void implicitAlsIsTheSameEveryRunAndThreadCount() {
        InteractionMatrix m = PowerLawMatrix.generate(200, 300, 12_000, 0.8, false, 6L);
        for (boolean cg : new boolean[] {true, false}) {
            for (int k : new int[] {64, 128, 40}) {
                long want = ialsFingerprint(m, k, cg, 2);
                for (int run = 1; run < RUNS; run++) {
                    assertThat(ialsFingerprint(m, k, cg, run == 1 ? 1 : 2))
                            .as("ials cg=%s k=%d run %d fingerprint", cg, k, run).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void adamRefitIsTheSameEveryRun() {
        for (int k : new int[] {64, 128, 40}) {
            assertRepeatable(true, k);
        }
    }

    @Test
    void sgdIsTheSameEveryRun() {
        for (int k : new int[] {64, 128, 40}) {
            assertRepeatable(false, k);
        }
    }
}
