package dev.recsys.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.api.Recommendation;
import dev.recsys.api.RecommendRequest;
import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One time stamp in milliseconds among seconds must not change what a new visitor is shown. */
class TrendingReferenceTimeTest {
    private static List<Recommendation> newVisitor(Dataset training) {
        SceneEngine e = SceneEngine.builder(Shop.FACTORS).trainingData(training).build();
        return e.recommend(RecommendRequest.builder(Scene.HOME, 10).user("first-time-visitor").build());
    }

    @Test
    void oneMillisecondStampDoesNotCollapseTrending() {
        List<Recommendation> clean = newVisitor(Shop.DATASET);
        Interactions log = Shop.DATASET.interactions();
        Interactions copy = log.select(IntStream.range(0, log.size()).toArray());
        // one more view of the top trending item, stamped in milliseconds
        int top = log.items().indexOf(clean.get(0).itemId());
        copy.add(log.user(0), top, log.behavior(0), 1f, log.timeRange()[1] * 1000, Interactions.NO_SCENE);
        List<Recommendation> bad = newVisitor(new Dataset(copy, Shop.DATASET.catalog()));
        assertThat(bad).extracting(Recommendation::itemId)
                .containsExactlyElementsOf(clean.stream().map(Recommendation::itemId).toList());
        assertThat(bad.get(bad.size() - 1).score()).isPositive();
    }
}
