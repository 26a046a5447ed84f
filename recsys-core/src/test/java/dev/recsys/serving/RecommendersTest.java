package dev.recsys.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.baseline.Popularity;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Event;
import dev.recsys.data.MatrixOptions;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecommendersTest {

    @Test
    void implicitAlgorithmsTrainOnImplicitDefaults() {
        RecommenderModel m = Recommenders.train(SmallShop.dataset(), "popularity", Map.of("half-life-days", "2"),
                TrainingListener.NONE);
        assertThat(m.metadata().matrixOptions()).isEqualTo(MatrixOptions.implicitDefaults());
        assertThat(m.metadata().algorithm()).isEqualTo("popularity");
        assertThat(m.metadata().params().getDouble("half-life-days")).isEqualTo(2.0);
        assertThat(m.metadata().libraryVersion()).isNotBlank().isNotEqualTo("unknown");
        assertThat(m.metadata().popularityHalfLifeDays()).isEqualTo(Recommenders.DEFAULT_POPULARITY_HALF_LIFE_DAYS);
        assertThat(m.numItems()).isEqualTo(8);
        assertThat(m.numUsers()).isEqualTo(7);
        assertThat(m.history().nnz()).isEqualTo(16);
    }

    @Test
    void explicitAlgorithmsTrainOnRatingsAndSeedIsRecorded() {
        AtomicReference<MatrixOptions> seen = new AtomicReference<>();
        Algorithm explicit = new Algorithm() {
            @Override
            public String name() {
                return "popularity";
            }

            @Override
            public String description() {
                return "explicit test double";
            }

            @Override
            public List<ParamSpec> params() {
                return List.of(ParamSpec.ofLong("seed", 7, "seed"));
            }

            @Override
            public boolean explicit() {
                return true;
            }

            @Override
            public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
                seen.set(data.options());
                try {
                    return new Popularity().train(data, Params.defaults(new Popularity().params()), listener);
                } catch (RuntimeException e) {
                    throw e;
                }
            }

            @Override
            public TrainedModel load(ModelInput in, Params params) {
                throw new UnsupportedOperationException();
            }
        };
        Dataset d = SmallShop.dataset();
        d.interactions().add(new Event("u1", "A", Behavior.RATING, 4f, 1_800_000_000L, null));
        RecommenderModel m = Recommenders.train(d, explicit, Map.of("seed", "99"), null, 0, TrainingListener.NONE);
        assertThat(seen.get()).isEqualTo(MatrixOptions.ratings());
        assertThat(m.metadata().seed()).isEqualTo(99L);
        assertThat(m.history().nnz()).isEqualTo(1);
    }

    @Test
    void explicitMatrixOptionsAreUsed() {
        RecommenderModel m = Recommenders.train(SmallShop.dataset(), "popularity", null, MatrixOptions.binary(), null);
        assertThat(m.metadata().matrixOptions()).isEqualTo(MatrixOptions.binary());
        // binary: B counts once per event (view, view, cart, buy) = 4, A has 5 events
        assertThat(m.popularity(0)).isGreaterThan(m.popularity(1));
    }

    @Test
    void modelIsIndependentOfLaterChangesToTheDataset() {
        Dataset d = SmallShop.dataset();
        RecommenderModel m = Recommenders.train(d, "popularity", Map.of(), null);
        d.interactions().add(Event.of("u99", "Z", Behavior.VIEW, 1_800_000_000L));
        d.catalog().setCategorical("category", 0, "changed");
        assertThat(m.items().size()).isEqualTo(8);
        assertThat(m.users().indexOf("u99")).isEqualTo(-1);
        assertThat(m.catalog().dictionary("category").valueOf(m.catalog().category(0))).isEqualTo("shoes");
        assertThat(m.recommender().recommend("u99", dev.recsys.api.Scene.HOME, 20)).hasSize(8);
    }

    @Test
    void badArgumentsAreReported() {
        assertThatThrownBy(() -> Recommenders.train(SmallShop.dataset(), "no-such", Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such")
                .hasMessageContaining("popularity").hasMessageContaining("item-cooccurrence");
        assertThatThrownBy(() -> Recommenders.train(SmallShop.dataset(), "item-cooccurrence", Map.of("neighbours", "3"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neighbours")
                .hasMessageContaining("neighbors");
        assertThatThrownBy(() -> Recommenders.train(null, "popularity", Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataset");
        assertThatThrownBy(() -> Recommenders.train(SmallShop.dataset(), "popularity", Map.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options");
    }
}
