package dev.recsys.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.SequenceModel;
import dev.recsys.spi.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** sasrec and gru4rec on a ring of items (after item i comes i+1): direction learnt, served in real time. */
class SessionModelsTest {
    static Dataset ring() {
        Interactions log = new Interactions();
        long t = 1_000_000L;
        for (int u = 0; u < 80; u++) {
            int start = (u * 7) % 20;
            for (int s = 0; s < 8; s++) {
                Behavior b = s == 7 ? Behavior.PURCHASE : s % 3 == 2 ? Behavior.ADD_TO_CART : Behavior.VIEW;
                log.add(Event.of("u" + u, "i" + ((start + s) % 20), b, t));
                t += 10;
            }
            t += 100_000;
        }
        return Dataset.of(log);
    }

    private static final Map<String, String> SMALL = Map.of("factors", "16", "max-length", "8", "epochs", "40",
            "batch-size", "16", "negatives", "8", "learning-rate", "0.01", "dropout", "0.0");

    @ParameterizedTest
    @ValueSource(strings = {"sasrec", "gru4rec"})
    void learnsTheDirectionAndEachRecordChangesTheAnswer(String algo, @TempDir Path dir) throws Exception {
        Dataset data = ring();
        RecommenderModel model = Recommenders.train(data, algo, SMALL, TrainingListener.NONE);
        assertThat(model.model()).isInstanceOf(SequenceModel.class);
        SceneEngine engine = SceneEngine.builder(model)
                .scene(Scene.of("next"), SceneConfig.builder().source("sequence", 1).exclude("history").build()).build();
        engine.record(Event.of("visitor", "i3", Behavior.VIEW, 10_000_000L));
        engine.record(Event.of("visitor", "i4", Behavior.VIEW, 10_000_010L));
        List<Recommendation> a = engine.recommend("visitor", Scene.of("next"), 3);
        assertThat(a.get(0).itemId()).isEqualTo("i5");
        assertThat(a.get(0).explanation()).isEqualTo("next after i4");
        engine.record(Event.of("visitor", "i11", Behavior.VIEW, 10_000_020L));
        assertThat(engine.recommend("visitor", Scene.of("next"), 3).get(0).itemId()).isEqualTo("i12");
        // the standard scenes are served from the sequence too
        assertThat(engine.recommend("visitor", Scene.HOME, 5)).isNotEmpty();
        assertThat(engine.recommend(RecommendRequest.builder(Scene.ITEM_DETAIL, 5).user("visitor").currentItem("i11")
                .build())).extracting(Recommendation::itemId).contains("i12");

        Path file = dir.resolve(algo + ".model");
        ModelFiles.save(model, file);
        RecommenderModel back = ModelFiles.load(file);
        int[] seq = {model.items().indexOf("i7"), model.items().indexOf("i8")};
        int[] beh = {Behavior.VIEW.ordinal(), Behavior.ADD_TO_CART.ordinal()};
        float[] x = new float[model.numItems()];
        float[] y = new float[model.numItems()];
        assertThat(((SequenceModel) model.model()).scoreSequence(-1, seq, beh, x)).isTrue();
        assertThat(((SequenceModel) back.model()).scoreSequence(-1, seq, beh, y)).isTrue();
        assertThat(y).containsExactly(x);
        for (float v : x) {
            assertThat(Float.isFinite(v)).isTrue();
        }
        // same seed, same model
        RecommenderModel again = Recommenders.train(data, algo, SMALL, TrainingListener.NONE);
        float[] z = new float[model.numItems()];
        ((SequenceModel) again.model()).scoreSequence(-1, seq, beh, z);
        assertThat(z).containsExactly(x);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 3] ^= 0x33;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFiles.load(file)).isInstanceOf(java.io.IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sasrec", "gru4rec"})
    void earlyStoppingValidatesOnHeldOutLatestStepsThenRefits(String algo) {
        Map<String, String> p = new HashMap<>(SMALL);
        p.put("validation", "0.5");
        p.put("patience", "3");
        p.put("epochs", "30");
        List<Double> val = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        TrainingListener l = (stage, step, total, metrics) -> {
            stages.add(stage);
            if (metrics.containsKey("val-ndcg@10")) {
                val.add(metrics.get("val-ndcg@10"));
            }
        };
        RecommenderModel model = Recommenders.train(ring(), algo, p, l);
        // every held-out step is the ring's next item: learnt, so validation NDCG@10 climbs well above chance (about 0.4)
        assertThat(val).isNotEmpty().allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        assertThat(val.stream().mapToDouble(Double::doubleValue).max().getAsDouble()).isGreaterThan(0.6);
        assertThat(stages).contains("epoch", "refit");
        int refits = (int) stages.stream().filter("refit"::equals).count();
        assertThat(refits).isBetween(1, val.size());
        // same seed, same model; without refit the best epoch's parameters are kept
        float[] x = new float[model.numItems()];
        float[] y = new float[model.numItems()];
        int[] seq = {model.items().indexOf("i7")};
        int[] beh = {Behavior.VIEW.ordinal()};
        ((SequenceModel) model.model()).scoreSequence(-1, seq, beh, x);
        ((SequenceModel) Recommenders.train(ring(), algo, p, TrainingListener.NONE).model()).scoreSequence(-1, seq, beh, y);
        assertThat(y).containsExactly(x);
        p.put("refit", "false");
        RecommenderModel kept = Recommenders.train(ring(), algo, p, TrainingListener.NONE);
        ((SequenceModel) kept.model()).scoreSequence(-1, seq, beh, y);
        for (float v : y) {
            assertThat(Float.isFinite(v)).isTrue();
        }
        assertThatThrownBy(() -> Recommenders.train(ring(), algo, Map.of("validation", "1.5"), TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sasrec"})
    void headsMustDivideFactors(String algo) {
        assertThatThrownBy(() -> Recommenders.train(ring(), algo, Map.of("factors", "10", "heads", "3"),
                TrainingListener.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads");
    }
}
