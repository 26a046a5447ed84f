package dev.recsys.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Recommendation;
import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.scene.SceneConfig;
import dev.recsys.scene.SceneEngine;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticData;
import dev.recsys.synth.SyntheticGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantRecommenderTest {
    @Test
    void eachVariantIsServedByItsEngineAndLogged(@TempDir Path dir) {
        SyntheticData data = SyntheticGenerator.generate(SyntheticConfig.builder().users(200).items(300).days(20).seed(4).build());
        RecommenderModel model = Recommenders.train(data.dataset(), "item-cooccurrence", Map.of(), null);
        SceneEngine plain = SceneEngine.builder(model).trainingData(data.dataset()).build();
        // the treatment: the same model with another home-page configuration (trending items only)
        SceneEngine trending = SceneEngine.builder(model).trainingData(data.dataset())
                .scene(Scene.HOME, SceneConfig.builder().source("trending", 1).build()).build();
        Experiment exp = Experiment.builder("home-config").traffic(0.5).variant("control", 1).variant("trending", 1).build();
        ExperimentPlan plan = ExperimentPlan.of(Layer.builder("home", "2026-12").experiment(exp).build());
        Path logFile = dir.resolve("log.csv");
        AtomicLong ids = new AtomicLong();
        int logged = 0;
        try (EventLog log = EventLog.open(logFile)) {
            VariantRecommender rec = VariantRecommender.builder(plan, "home-config").variant("control", plain)
                    .variant("trending", trending).log(log).clock(() -> 1_700_000_000L).impressionIds(ids::getAndIncrement).build();
            for (int u = 0; u < 200; u++) {
                String user = data.dataset().interactions().users().idOf(u);
                RecommendRequest req = RecommendRequest.builder(Scene.HOME, 5).user(user).build();
                VariantRecommender.Served s = rec.serve(req);
                String expected = plan.variant("home-config", user).orElse(null);
                assertThat(s.variant()).isEqualTo(expected);
                List<Recommendation> direct = (expected == null || expected.equals("control") ? plain : trending).recommend(req);
                assertThat(s.recommendations()).isEqualTo(direct);
                if (expected != null) {
                    assertThat(s.impression()).isNotNegative();
                    logged++;
                } else {
                    assertThat(s.impression()).isEqualTo(-1);
                }
            }
            assertThat(rec.serve(RecommendRequest.builder(Scene.HOME, 5).build()).variant()).isNull();
            rec.record(Event.of(data.dataset().interactions().users().idOf(0), data.dataset().catalog().items().idOf(0),
                    Behavior.VIEW, 1_700_000_100L));
        }
        assertThat(logged).isBetween(70, 130);
        List<LogEvent> events = EventLog.read(logFile);
        assertThat(events).hasSize(logged);
        assertThat(events).allSatisfy(e -> assertThat(e.type()).isEqualTo(LogEvent.Type.IMPRESSION));
        ExperimentResult r = ExperimentAnalysis.defaults().with(exp).analyze(events).get(0);
        assertThat(r.variants()).containsExactly("control", "trending");
        assertThat(r.sampleRatio().mismatch()).isFalse();
    }

    @Test
    void everyVariantNeedsARecommender() {
        Experiment exp = Experiment.builder("e").variant("a", 1).variant("b", 1).build();
        ExperimentPlan plan = ExperimentPlan.of(Layer.builder("l", "s").experiment(exp).build());
        assertThatThrownBy(() -> VariantRecommender.builder(plan, "e").variant("a", r -> List.of()).build())
                .hasMessageContaining("variant 'b'");
        assertThatThrownBy(() -> VariantRecommender.builder(plan, "nope")).hasMessageContaining("no experiment 'nope'");
        assertThatThrownBy(() -> VariantRecommender.builder(plan, "e").variant("c", r -> List.of()))
                .hasMessageContaining("no variant 'c'");
    }
}
