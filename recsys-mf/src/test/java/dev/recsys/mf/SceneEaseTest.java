package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SceneEase}: routing by the query's scene, the shared matrix equal to EASE, data without
 * scenes, save/load, thread-count independence.
 */
class SceneEaseTest {
    private static final int HALF = 30;
    private static final Scene CART = Scene.CART;

    /**
     * 200 users; each views 6 of the items 0..29 on the home page and puts the complement
     * {@code a + 30} of two of them into the cart: the cart scene maps a history to complements.
     */
    private static TrainingData shop(long seed) {
        Interactions log = new Interactions(new IdIndex(), new IdIndex(), 1000);
        byte home = log.sceneCode(Scene.HOME);
        byte cart = log.sceneCode(CART);
        for (int i = 0; i < 2 * HALF; i++) {
            log.items().add("i" + i);
        }
        SplittableRandom r = new SplittableRandom(seed);
        long t = 0;
        for (int u = 0; u < 200; u++) {
            int uid = log.users().add("u" + u);
            int[] seen = r.ints(0, HALF).distinct().limit(6).toArray();
            for (int a : seen) {
                log.add(uid, a, Behavior.VIEW, 1f, t++, home);
            }
            for (int k = 0; k < 2; k++) {
                log.add(uid, seen[k] + HALF, Behavior.ADD_TO_CART, 1f, t++, cart);
            }
        }
        return new TrainingData(Dataset.of(log), MatrixOptions.binary());
    }

    private static SceneEaseModel train(TrainingData d, Map<String, String> p) {
        SceneEase a = new SceneEase();
        return a.train(d, Params.parse(a.params(), p), TrainingListener.NONE);
    }

    private static float[] score(TrainedModel m, int[] hist, Scene scene) {
        float[] w = new float[hist.length];
        Arrays.fill(w, 1f);
        float[] out = new float[m.numItems()];
        assertThat(m.score(Query.ofUser(-1, hist, w, scene), out)).isTrue();
        return out;
    }

    @Test
    void theQueryScenePicksItsMatrixAndAnUnknownSceneTheSharedOne() {
        TrainingData d = shop(1);
        SceneEaseModel m = train(d, Map.of("lambda", "5", "mu", "0", "threads", "1", "min-scene-events", "10"));
        assertThat(m.scenes()).containsExactlyInAnyOrder("home", "cart");
        int[] hist = {1, 2, 3};
        float[] cart = score(m, hist, CART);
        float[] home = score(m, hist, Scene.HOME);
        float[] shared = score(m, hist, Scene.of("never-seen"));
        assertThat(score(m, hist, Scene.SEARCH)).isEqualTo(shared);
        assertThat(cart).isNotEqualTo(home);
        // in the cart the complements of the history lead; on the home page they do not
        int bestCart = argmaxExcluding(cart, hist);
        assertThat(bestCart).isIn(1 + HALF, 2 + HALF, 3 + HALF);
        int bestHome = argmaxExcluding(home, hist);
        assertThat(bestHome).isLessThan(HALF);
        // a large mu pulls every scene matrix to the shared one
        SceneEaseModel pulled = train(d, Map.of("lambda", "5", "mu", "1e7", "threads", "1", "min-scene-events", "10"));
        float[] shared2 = score(pulled, hist, Scene.SEARCH);
        float[] cart2 = score(pulled, hist, CART);
        for (int i = 0; i < cart2.length; i++) {
            assertThat(cart2[i]).isCloseTo(shared2[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    private static int argmaxExcluding(float[] s, int[] hist) {
        int best = -1;
        for (int i = 0; i < s.length; i++) {
            final int fi = i;
            if (Arrays.stream(hist).noneMatch(h -> h == fi) && (best < 0 || s[i] > s[best])) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void theSharedMatrixIsEase() {
        TrainingData d = shop(2);
        SceneEaseModel m = train(d, Map.of("lambda", "5", "threads", "1"));
        Ease ease = new Ease();
        EaseModel e = ease.train(d, Params.parse(ease.params(), Map.of("lambda", "5", "threads", "1")),
                TrainingListener.NONE);
        for (int i = 0; i < m.numItems(); i++) {
            for (int j = 0; j < m.numItems(); j++) {
                assertThat(m.weight(null, i, j)).isCloseTo(e.weight(i, j), org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void dataWithoutScenesTrainsTheSharedMatrixOnly() {
        TrainingData d = Synthetic.implicit(80, 40, 4, 10, 5);
        assertThat(d.dataset().interactions().scenes()).isEmpty();
        SceneEaseModel m = train(d, Map.of("lambda", "5", "threads", "1"));
        assertThat(m.scenes()).isEmpty();
        int[] hist = d.matrix().rowColumns(0);
        assertThat(score(m, hist, CART)).isEqualTo(score(m, hist, Scene.HOME));
    }

    @Test
    void saveLoadRoundTripsExactlyAndTruncationIsRejected() throws IOException {
        SceneEase a = new SceneEase();
        Params p = Params.parse(a.params(), Map.of("lambda", "5", "mu", "3", "scene-bias", "0.5", "threads", "1", "min-scene-events", "10"));
        SceneEaseModel m = a.train(shop(3), p, TrainingListener.NONE);
        byte[] bytes = MemoryModelIo.bytes(m);
        TrainedModel back = a.load(new MemoryModelIo.In(bytes), p);
        assertThat(back.algorithm()).isEqualTo(SceneEase.NAME);
        assertThat(((SceneEaseModel) back).scenes()).isEqualTo(m.scenes());
        assertThat(MemoryModelIo.bytes(back)).isEqualTo(bytes);
        int[] hist = {4, 5};
        for (Scene s : new Scene[] {CART, Scene.HOME, Scene.SEARCH}) {
            assertThat(score(back, hist, s)).isEqualTo(score(m, hist, s));
        }
        assertThatThrownBy(() -> a.load(new MemoryModelIo.In(Arrays.copyOf(bytes, bytes.length - 9)), p))
                .isInstanceOf(IOException.class);
        Ease ease = new Ease();
        assertThatThrownBy(() -> ease.load(new MemoryModelIo.In(bytes), Params.defaults(ease.params())))
                .isInstanceOf(IOException.class).hasMessageContaining("ease");
    }

    @Test
    void theModelDoesNotDependOnTheThreadCount() {
        TrainingData d = shop(4);
        byte[] one = MemoryModelIo.bytes(train(d, Map.of("lambda", "5", "mu", "2", "threads", "1", "min-scene-events", "10")));
        byte[] three = MemoryModelIo.bytes(train(d, Map.of("lambda", "5", "mu", "2", "threads", "3", "min-scene-events", "10")));
        assertThat(three).isEqualTo(one);
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> train(shop(5), Map.of("lambda", "0", "mu", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lambda");
    }
}
