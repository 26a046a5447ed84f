package dev.recsys.mf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.spi.Params;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fold u1 of MovieLens 100K with the default parameters (skipped when ../shared/data/ml-100k is
 * absent). Bounds are loose (the full five-fold figures are in TUNING.md); the point is that the
 * defaults train a sane model on real data within seconds.
 */
class MovieLensSmokeTest {
    private static MovieLens.Split fold;

    @BeforeAll
    static void load() {
        Optional<Path> dir = MovieLens.dir();
        assumeTrue(dir.isPresent(), "MovieLens 100K not found (../shared/data/ml-100k); skipping real-data tests");
        fold = MovieLens.fold(dir.get(), 1);
    }

    @Test
    void biasedMfDefaults() {
        Harness.Result r = Harness.run(new BiasedMf(), Params.defaults(new BiasedMf().params()), fold, false);
        assertThat(r.rmse()).isLessThan(0.92); // 0.9161 on u1 with the tuned defaults
    }

    @Test
    void svdppDefaults() {
        Harness.Result r = Harness.run(new SvdPlusPlus(), Params.defaults(new SvdPlusPlus().params()), fold, false);
        assertThat(r.rmse()).isLessThan(0.915); // 0.9092
    }

    @Test
    void ialsDefaults() {
        Harness.Result r = Harness.run(new ImplicitAls(), Params.defaults(new ImplicitAls().params()), fold, true);
        assertThat(r.ndcg()).isGreaterThan(0.53); // 0.571
        assertThat(r.precision()).isGreaterThan(0.48); // 0.518
    }

    @Test
    void bprDefaults() {
        Harness.Result r = Harness.run(new Bpr(), Params.parse(new Bpr().params(), Map.of()), fold, true);
        assertThat(r.ndcg()).isGreaterThan(0.5); // 0.553
    }
}
