package dev.recsys.bench.scene;

import dev.recsys.data.Dataset;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.Recommenders;
import dev.recsys.spi.TrainingListener;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.util.Map;

/**
 * The benchmark shop: a seeded synthetic catalogue of 100,000 items (20,000 users, 200
 * categories, 300 brands, about 3 sessions per user) and an iALS model with k = 64 trained for one
 * iteration (the serving cost does not depend on how well it is trained).
 *
 * <p>Thread safety: immutable after construction.
 */
final class ServingShop {
    final Dataset data;
    final RecommenderModel model;

    ServingShop(int items) {
        data = SyntheticGenerator.generate(SyntheticConfig.builder().users(20_000).items(items).categories(200)
                .brands(300).days(30).meanSessionsPerUser(3).seed(42).build()).dataset();
        model = Recommenders.train(data, "ials", Map.of("factors", "64", "iterations", "1", "seed", "42"),
                TrainingListener.NONE);
    }
}
