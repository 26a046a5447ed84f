package dev.recsys.eval;

import dev.recsys.api.Scene;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.data.io.ItemCatalogLoader;
import dev.recsys.data.io.ItemCatalogLoader.MovieLensAttribute;
import dev.recsys.data.io.LoadOptions;
import dev.recsys.data.io.MovieLensUsers;
import dev.recsys.synth.SyntheticConfig;
import dev.recsys.synth.SyntheticGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The scene-tagged data sets of the scene comparison ({@link SceneComparison}): MovieLens 100K with
 * the user's age group as scene, and the synthetic shop with its planted scenes.
 *
 * <p>Thread safety: stateless.
 */
public final class SceneData {
    /** Users of the synthetic shop of the comparison. */
    public static final int SHOP_USERS = 3000;
    /** Items of the synthetic shop of the comparison. */
    public static final int SHOP_ITEMS = 2000;

    private SceneData() {
    }

    /** The scene of a MovieLens age: age-under-25, age-25-34, age-35-49 or age-50-plus. */
    public static Scene ageGroup(int age) {
        return Scene.of(age < 25 ? "age-under-25" : age < 35 ? "age-25-34" : age < 50 ? "age-35-49" : "age-50-plus");
    }

    /**
     * MovieLens 100K ratings ({@code u.data}) with scene = the user's age group ({@code u.user}),
     * the catalogue holding the {@code u.item} genres when that file is there.
     *
     * @param dir the ml-100k directory
     * @throws IllegalArgumentException naming the file if a rating's user is not in u.user
     */
    public static Dataset movieLensAgeGroups(Path dir) {
        Map<String, Scene> sceneOf = new HashMap<>();
        for (MovieLensUsers.User u : MovieLensUsers.load(dir.resolve("u.user"))) {
            sceneOf.put(u.id(), ageGroup(u.age()));
        }
        Path ratings = dir.resolve("u.data");
        Interactions loaded = InteractionLoader.load(ratings, DataFormat.MOVIELENS).dataset().interactions();
        Interactions log = new Interactions(loaded.users(), loaded.items(), loaded.size());
        for (int e = 0; e < loaded.size(); e++) {
            Scene sc = sceneOf.get(loaded.users().idOf(loaded.user(e)));
            if (sc == null) {
                throw new IllegalArgumentException(ratings + ": user " + loaded.users().idOf(loaded.user(e))
                        + " is not in u.user");
            }
            log.add(loaded.user(e), loaded.item(e), loaded.behavior(e), loaded.value(e), loaded.time(e),
                    log.sceneCode(sc));
        }
        ItemCatalog catalog = new ItemCatalog(log.items());
        Path itemFile = dir.resolve("u.item");
        if (Files.exists(itemFile)) {
            ItemCatalogLoader.loadMovieLensItems(itemFile, catalog, LoadOptions.defaults(),
                    EnumSet.of(MovieLensAttribute.GENRE_VALUES));
        }
        return new Dataset(log, catalog);
    }

    /** The synthetic shop ({@link #SHOP_USERS} users, {@link #SHOP_ITEMS} items) of a generator seed. */
    public static Dataset syntheticShop(long generatorSeed) {
        return SyntheticGenerator.generate(SyntheticConfig.builder().users(SHOP_USERS).items(SHOP_ITEMS)
                .seed(generatorSeed).build()).dataset();
    }
}
