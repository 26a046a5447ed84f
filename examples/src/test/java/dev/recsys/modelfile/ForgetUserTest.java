package dev.recsys.modelfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.IdIndex;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.internal.snapshot.Snapshots;
import dev.recsys.privacy.Forgetting;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.Algorithms;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forgetting a user: for every registered algorithm, training (same seed and parameters) on
 * {@link Forgetting#forget(Dataset, String)} data gives a model file identical byte for byte, after
 * the header's creation time, to the one trained on data that never held the user; and
 * {@link SceneEngine#forget} drops the user's state and corrects count-based models at once.
 */
class ForgetUserTest {
    private static final String USER = "u5";

    @TempDir
    Path dir;

    static Stream<String> algorithms() {
        return Algorithms.all().stream().map(Algorithm::name);
    }

    /** The same events without the user's, loaded afresh: new user index, the shop's items in the same order. */
    private static Dataset neverHeld(Dataset full, String user) {
        Interactions in = full.interactions();
        Interactions log = new Interactions(new IdIndex(), IdIndex.ofStrings(in.items().toStringArray()), in.size());
        for (int e = 0; e < in.size(); e++) {
            String u = in.users().idOf(in.user(e));
            if (!u.equals(user)) {
                log.add(new Event(u, in.items().idOf(in.item(e)), in.behavior(e), in.value(e), in.time(e), in.scene(e)));
            }
        }
        ItemCatalog cat = Snapshots.copy(full.catalog(), log.items());
        return new Dataset(log, cat);
    }

    /** The model file after its header (whose creation time differs), up to the footer. */
    private byte[] body(RecommenderModel m, String name) throws IOException {
        Path f = dir.resolve(name);
        ModelFiles.save(m, f);
        byte[] b = Files.readAllBytes(f);
        for (int p = 0; p + 4 <= b.length; p++) {
            if (b[p] == 'U' && b[p + 1] == 'S' && b[p + 2] == 'E' && b[p + 3] == 'R') {
                return Arrays.copyOfRange(b, p, b.length - 12);
            }
        }
        throw new AssertionError("no USER section in " + name);
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void forgetThenRetrainIsBitIdenticalToNeverHavingTheUser(String algo) throws IOException {
        Algorithm a = Algorithms.byName(algo);
        Dataset full = ModelFileCorruptionTest.data();
        assertThat(full.interactions().users().indexOf(USER)).isNotNegative();
        Dataset forgotten = Forgetting.forget(full, USER);
        Dataset never = neverHeld(full, USER);
        assertThat(forgotten.interactions().size()).isEqualTo(never.interactions().size()).isLessThan(full.interactions().size());
        assertThat(forgotten.interactions().users().indexOf(USER)).isNegative();

        RecommenderModel retrained = Recommenders.train(forgotten, algo, ModelFileCorruptionTest.smallParams(a),
                TrainingListener.NONE);
        RecommenderModel reference = Recommenders.train(never, algo, ModelFileCorruptionTest.smallParams(a),
                TrainingListener.NONE);
        RecommenderModel before = Recommenders.train(full, algo, ModelFileCorruptionTest.smallParams(a),
                TrainingListener.NONE);
        byte[] r = body(retrained, "forgotten.model");
        assertThat(r).as("%s: forget + retrain vs never held", algo).isEqualTo(body(reference, "never.model"));
        assertThat(r).as("%s: the user made a difference", algo).isNotEqualTo(body(before, "full.model"));
        assertThat(retrained.users().indexOf(USER)).isNegative();
    }

    @Test
    void engineForgetCorrectsPopularityAtOnceAndDropsTheUsersState() {
        Dataset full = ModelFileCorruptionTest.data();
        RecommenderModel m = Recommenders.train(full, "popularity", java.util.Map.of(), TrainingListener.NONE);
        SceneEngine engine = SceneEngine.builder(m).trainingData(full).build();
        engine.record(Event.of(USER, "i3", Behavior.ADD_TO_CART, 1_700_100_000L));
        assertThat(engine.cart(USER)).containsExactly("i3");

        assertThat(engine.forget(USER)).isTrue();

        assertThat(engine.cart(USER)).isEmpty();
        assertThat(engine.eventsHeld(USER)).isZero();
        assertThat(engine.model().users().indexOf(USER)).isNegative();
        RecommenderModel never = Recommenders.train(neverHeld(full, USER), "popularity", java.util.Map.of(),
                TrainingListener.NONE);
        assertThat(engine.model().popularity()).containsExactly(never.popularity());
        float[] scores = new float[m.numItems()];
        float[] expected = new float[m.numItems()];
        engine.model().model().score(null, scores);
        never.model().score(null, expected);
        assertThat(scores).containsExactly(expected);
        List<Recommendation> recs = engine.recommend(USER, Scene.HOME, 5);
        assertThat(recs).isNotEmpty();
        assertThat(engine.forget(USER)).as("nothing left").isFalse();
    }

    @Test
    void engineForgetMakesAFactorModelsUserUnknownAndRecountsTrending() {
        Dataset full = ModelFileCorruptionTest.data();
        RecommenderModel m = Recommenders.train(full, "ials",
                java.util.Map.of("factors", "4", "iterations", "2", "threads", "1"), TrainingListener.NONE);
        int u = m.users().indexOf(USER);
        assertThat(m.history().rowLength(u)).isPositive();
        SceneEngine engine = SceneEngine.builder(m).trainingData(full).build();
        List<Recommendation> personal = engine.recommend(USER, Scene.HOME, 5);

        assertThat(engine.forget(USER)).isTrue();

        RecommenderModel now = engine.model();
        assertThat(now.model()).isSameAs(m.model()); // item factors change at the next retrain
        assertThat(now.users().indexOf(USER)).isNegative();
        assertThat(now.users().size()).isEqualTo(m.users().size());
        assertThat(now.history().rowLength(u)).isZero();
        assertThat(now.history().nnz()).isEqualTo(m.history().nnz() - m.history().rowLength(u));
        RecommenderModel never = Recommenders.train(neverHeld(full, USER), "popularity", java.util.Map.of(),
                TrainingListener.NONE);
        assertThat(now.popularity()).containsExactly(never.popularity());
        // the user is now a stranger: the same answer as any unknown visitor's
        assertThat(engine.recommend(USER, Scene.HOME, 5)).isEqualTo(engine.recommend("nobody-at-all", Scene.HOME, 5));
        assertThat(personal).isNotEqualTo(engine.recommend(USER, Scene.HOME, 5));
    }

    @Test
    void modelOnlyForgetWithoutTrainingDataDropsIdAndHistoryRow() {
        Dataset full = ModelFileCorruptionTest.data();
        RecommenderModel m = Recommenders.train(full, "ease", java.util.Map.of("threads", "1"), TrainingListener.NONE);
        Forgetting.Result r = Forgetting.forget(m, null, USER);
        assertThat(r.countsCorrected()).isFalse();
        assertThat(r.trainingData()).isNull();
        assertThat(r.model().users().indexOf(USER)).isNegative();
        assertThat(r.model().history().rowLength(m.users().indexOf(USER))).isZero();
        assertThat(Forgetting.forget(r.model(), null, USER).model()).isSameAs(r.model());
    }
}
