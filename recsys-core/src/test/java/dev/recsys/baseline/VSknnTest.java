package dev.recsys.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import dev.recsys.internal.sequence.Sequences;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.SequenceModel;
import dev.recsys.spi.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VSknnTest {
    /** Sessions walk a ring of 20 items: after item i comes i+1. */
    static Dataset ring() {
        Interactions log = new Interactions();
        long t = 1_000_000L;
        for (int u = 0; u < 60; u++) {
            int start = u % 20;
            for (int s = 0; s < 6; s++) {
                Behavior b = s == 5 ? Behavior.PURCHASE : s % 2 == 0 ? Behavior.VIEW : Behavior.CLICK;
                log.add(Event.of("u" + u, "i" + ((start + s) % 20), b, t));
                t += 10;
            }
            t += 100_000;
        }
        return Dataset.of(log);
    }

    @Test
    void sequencesMergeConsecutiveRepeatsAndKeepTheStrongerBehaviour() {
        Interactions log = new Interactions();
        log.add(Event.of("u", "a", Behavior.VIEW, 1));
        log.add(Event.of("u", "a", Behavior.ADD_TO_CART, 2));
        log.add(Event.of("u", "b", Behavior.VIEW, 3));
        log.add(Event.of("v", "a", Behavior.VIEW, 1));
        Sequences s = Sequences.of(log, 10);
        assertThat(s.end(0) - s.start(0)).isEqualTo(2);
        assertThat(s.behaviors()[s.start(0)]).isEqualTo(Behavior.ADD_TO_CART.ordinal());
        assertThat(s.tail(1).end(0) - s.tail(1).start(0)).isEqualTo(1);
        int[][] joined = s.join(0, new int[] {1, 1, 0}, new int[] {0, 5, 0}, 2, 2);
        assertThat(joined[0]).containsExactly(1, 0);
        assertThatThrownBy(() -> Sequences.of(log, 0)).hasMessageContaining("maxPerUser");
    }

    @Test
    void theNextItemOfTheRingWinsAndEachRecordChangesTheAnswer(@TempDir Path dir) throws Exception {
        Dataset data = ring();
        RecommenderModel model = Recommenders.train(data, VSknn.NAME, Map.of(), TrainingListener.NONE);
        assertThat(model.model()).isInstanceOf(SequenceModel.class);
        SceneEngine engine = SceneEngine.builder(model)
                .scene(Scene.of("next"), SceneConfig.builder().source("sequence", 1).exclude("history").build()).build();
        engine.record(Event.of("visitor", "i3", Behavior.VIEW, 10_000_000L));
        engine.record(Event.of("visitor", "i4", Behavior.VIEW, 10_000_010L));
        List<Recommendation> a = engine.recommend("visitor", Scene.of("next"), 3);
        assertThat(a.get(0).itemId()).isEqualTo("i5");
        assertThat(a.get(0).explanation()).isEqualTo("next after i4");
        engine.record(Event.of("visitor", "i11", Behavior.CLICK, 10_000_020L));
        List<Recommendation> b = engine.recommend("visitor", Scene.of("next"), 3);
        assertThat(b.get(0).itemId()).isIn("i10", "i12"); // kNN sessions are sets: both neighbours of i11
        // home and item detail are served from the sequence too
        assertThat(engine.recommend("visitor", Scene.HOME, 5)).isNotEmpty();
        assertThat(engine.recommend(dev.recsys.api.RecommendRequest.builder(Scene.ITEM_DETAIL, 5).user("visitor")
                .currentItem("i11").build())).extracting(Recommendation::itemId).contains("i10", "i12");

        Path file = dir.resolve("vsknn.model");
        ModelFiles.save(model, file);
        RecommenderModel back = ModelFiles.load(file);
        float[] x = new float[model.numItems()];
        float[] y = new float[model.numItems()];
        SequenceModel m1 = (SequenceModel) model.model();
        SequenceModel m2 = (SequenceModel) back.model();
        int[] seq = {model.items().indexOf("i7"), model.items().indexOf("i8")};
        assertThat(m1.scoreSequence(-1, seq, new int[2], x)).isTrue();
        assertThat(m2.scoreSequence(-1, seq, new int[2], y)).isTrue();
        assertThat(y).containsExactly(x);
        assertThat(m1.scoreSequence(3, new int[0], new int[0], x)).isTrue(); // a known user's training steps
        assertThat(m1.scoreSequence(-1, new int[0], new int[0], x)).isFalse();
        // a corrupted payload is an IOException, never an OutOfMemoryError
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFiles.load(file)).isInstanceOf(java.io.IOException.class);
    }
}
