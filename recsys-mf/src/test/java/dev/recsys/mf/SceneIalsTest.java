package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.topk.TopK;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SceneIals}: scene offsets move a scene's ranking towards what its users take, no scenes =
 * ials bit for bit, routing (unknown scene = shared vectors), fold-in, save/load, thread count,
 * progress reports.
 */
class SceneIalsTest {
    private static final int ITEMS = 60;
    private static final Scene A = Scene.of("group-a");
    private static final Scene B = Scene.of("group-b");

    /**
     * 240 users, each in one scene (like an age group): all take 4 of the common items 0..19; the
     * users of scene A add 4 of the items 20..39, those of scene B 4 of the items 40..59 (with
     * {@code scenes=false} the same events without scenes).
     */
    private static TrainingData groups(long seed, boolean scenes) {
        Interactions log = new Interactions(new IdIndex(), new IdIndex(), 2000);
        byte a = scenes ? log.sceneCode(A) : Interactions.NO_SCENE;
        byte b = scenes ? log.sceneCode(B) : Interactions.NO_SCENE;
        for (int i = 0; i < ITEMS; i++) {
            log.items().add("i" + i);
        }
        SplittableRandom r = new SplittableRandom(seed);
        long t = 0;
        for (int u = 0; u < 240; u++) {
            int uid = log.users().add("u" + u);
            boolean inB = u % 3 == 0; // scene B is the smaller one
            for (int i : r.ints(0, 20).distinct().limit(4).toArray()) {
                log.add(uid, i, Behavior.VIEW, 1f, t++, inB ? b : a);
            }
            for (int i : r.ints(0, 20).distinct().limit(4).toArray()) {
                log.add(uid, (inB ? 40 : 20) + i, Behavior.VIEW, 1f, t++, inB ? b : a);
            }
        }
        return new TrainingData(Dataset.of(log), MatrixOptions.binary());
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> p = new HashMap<>(Map.of("factors", "8", "iterations", "8", "threads", "1",
                "reg", "1", "scene-reg", "1"));
        for (int j = 0; j < kv.length; j += 2) {
            p.put(kv[j], kv[j + 1]);
        }
        return p;
    }

    private static SceneIalsModel train(TrainingData d, Map<String, String> p) {
        SceneIals a = new SceneIals();
        return a.train(d, Params.parse(a.params(), p), TrainingListener.NONE);
    }

    private static float[] score(TrainedModel m, int user, int[] hist, Scene scene) {
        float[] w = new float[hist.length];
        Arrays.fill(w, 1f);
        float[] out = new float[m.numItems()];
        assertThat(m.score(Query.ofUser(user, hist, w, scene), out)).isTrue();
        return out;
    }

    /** Share of the top 10 (history excluded) among items [from, from + 20). */
    private static double share(float[] scores, int[] hist, int from) {
        float[] s = scores.clone();
        for (int i : hist) {
            s[i] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new int[10];
        int got = TopK.select(s, 10, null, null, null, top, new float[10]);
        int in = 0;
        for (int t = 0; t < got; t++) {
            in += top[t] >= from && top[t] < from + 20 ? 1 : 0;
        }
        return in / 10.0;
    }

    @Test
    void aSceneRanksWhatItsUsersTakeHigher() {
        SceneIalsModel m = train(groups(1, true), params());
        assertThat(m.scenes()).containsExactly("group-a", "group-b");
        int[] common = {0, 1, 2, 3};
        double bInB = share(score(m, -1, common, B), common, 40);
        double bInA = share(score(m, -1, common, A), common, 40);
        double aInA = share(score(m, -1, common, A), common, 20);
        // with common items only, the scene decides which half comes first
        assertThat(bInB).isGreaterThan(bInA + 0.5);
        assertThat(aInA).isGreaterThan(0.5);
        assertThat(m.itemVector(B, 45)).isNotEqualTo(m.itemVector(null, 45));
    }

    @Test
    void withoutScenesItIsIalsBitForBit() {
        TrainingData d = groups(2, false);
        SceneIalsModel m = train(d, params());
        assertThat(m.scenes()).isEmpty();
        ImplicitAls ials = new ImplicitAls();
        Map<String, String> p = params();
        p.remove("scene-reg");
        ImplicitFactorModel ref = ials.train(d, Params.parse(ials.params(), p), TrainingListener.NONE);
        for (int u = 0; u < 20; u++) {
            assertThat(m.userVector(u)).isEqualTo(ref.userVector(u));
        }
        int[] hist = {3, 25, 41};
        float[] w = {1f, 1f, 1f};
        float[] expected = new float[ITEMS];
        ref.score(Query.ofUser(-1, hist, w, B), expected);
        assertThat(score(m, -1, hist, B)).isEqualTo(expected);
    }

    @Test
    void anUnknownSceneScoresWithTheSharedVectorsAndKnownUsersWithTheirTrainedVector() {
        SceneIalsModel m = train(groups(3, true), params());
        int[] hist = {5, 6};
        float[] shared = score(m, -1, hist, Scene.of("never-seen"));
        assertThat(m.itemVector(Scene.of("never-seen"), 12)).isEqualTo(m.itemVector(null, 12));
        assertThat(score(m, -1, hist, A)).isNotEqualTo(shared);
        // a known user with no history scores with the trained vector
        float[] known = new float[ITEMS];
        assertThat(m.score(Query.ofUser(7, new int[0], new float[0], A), known)).isTrue();
        float[] p = m.userVector(7);
        float expect = 0f;
        float[] q = m.itemVector(A, 30);
        for (int f = 0; f < p.length; f++) {
            expect += p[f] * q[f];
        }
        assertThat(known[30]).isCloseTo(expect, org.assertj.core.data.Offset.offset(1e-5f));
        // nothing to go on
        assertThat(m.score(Query.ofUser(-1, new int[0], new float[0], A), new float[ITEMS])).isFalse();
    }

    @Test
    void saveLoadRoundTripsAndDamageIsAnIoError() throws IOException {
        SceneIals a = new SceneIals();
        Params p = Params.parse(a.params(), params());
        SceneIalsModel m = a.train(groups(4, true), p, TrainingListener.NONE);
        byte[] bytes = MemoryModelIo.bytes(m);
        TrainedModel back = a.load(new MemoryModelIo.In(bytes), p);
        assertThat(back.algorithm()).isEqualTo(SceneIals.NAME);
        assertThat(MemoryModelIo.bytes(back)).isEqualTo(bytes);
        for (Scene s : new Scene[] {A, B, Scene.HOME}) {
            assertThat(score(back, -1, new int[] {1, 44}, s)).isEqualTo(score(m, -1, new int[] {1, 44}, s));
            assertThat(score(back, 9, new int[0], s)).isEqualTo(score(m, 9, new int[0], s));
        }
        assertThatThrownBy(() -> a.load(new MemoryModelIo.In(Arrays.copyOf(bytes, bytes.length - 9)), p))
                .isInstanceOf(IOException.class);
        ImplicitAls ials = new ImplicitAls();
        assertThatThrownBy(() -> ials.load(new MemoryModelIo.In(bytes), Params.defaults(ials.params())))
                .isInstanceOf(IOException.class);
    }

    @Test
    void sameSeedSameModelWhateverTheThreadCountAndOneReportPerIteration() {
        TrainingData d = groups(5, true);
        byte[] one = MemoryModelIo.bytes(train(d, params("threads", "1")));
        byte[] two = MemoryModelIo.bytes(train(d, params("threads", "2")));
        assertThat(two).isEqualTo(one);
        assertThat(MemoryModelIo.bytes(train(d, params("seed", "7")))).isNotEqualTo(one);
        SceneIals a = new SceneIals();
        List<String> reports = new ArrayList<>();
        a.train(d, Params.parse(a.params(), params("iterations", "3")),
                (stage, step, total, metrics) -> reports.add(stage + " " + step + "/" + total));
        assertThat(reports).containsExactly("iteration 1/3", "iteration 2/3", "iteration 3/3");
    }

    @Test
    void aLargeSceneRegGivesBackTheSharedModel() {
        SceneIalsModel m = train(groups(6, true), params("scene-reg", "1e9"));
        float[] q = m.itemVector(null, 45);
        float[] qb = m.itemVector(B, 45);
        for (int f = 0; f < q.length; f++) {
            assertThat(qb[f]).isCloseTo(q[f], org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> train(groups(7, true), params("scene-reg", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scene-reg");
    }
}
