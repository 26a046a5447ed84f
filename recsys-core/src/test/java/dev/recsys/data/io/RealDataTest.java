package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Loads the shared real data sets; skipped with a message when they are absent. */
class RealDataTest {
    private static Path require(String relative) {
        Optional<Path> p = SharedData.file(relative);
        assumeTrue(p.isPresent(), "shared data file " + relative + " not found (set -D" + SharedData.PROPERTY + " or "
                + SharedData.ENV + "); skipping");
        return p.get();
    }

    @Test
    void movieLens100k() {
        Path f = require("ml-100k/u.data");
        LoadResult res = InteractionLoader.load(f, DataFormat.MOVIELENS);
        Interactions log = res.dataset().interactions();
        assertThat(log.size()).isEqualTo(100_000);
        assertThat(log.users().size()).isEqualTo(943);
        assertThat(log.items().size()).isEqualTo(1682);
        assertThat(res.report().rowsSkipped()).isZero();
        int[] perRating = new int[6];
        for (int e = 0; e < log.size(); e++) {
            perRating[(int) log.value(e)]++;
        }
        assertThat(perRating).containsExactly(0, 6110, 11370, 27145, 34174, 21201);
        InteractionMatrix m = MatrixBuilder.build(log, MatrixOptions.ratings());
        assertThat(m.nnz()).isEqualTo(100_000);
        // item attributes into the same index: no new items
        ItemCatalog cat = res.dataset().catalog();
        LoadReport items = ItemCatalogLoader.loadMovieLensItems(require("ml-100k/u.item"), cat);
        assertThat(items.eventsLoaded()).isEqualTo(1682);
        assertThat(log.items().size()).isEqualTo(1682);
        assertThat(cat.dictionary(ItemCatalog.CATEGORY).size()).isEqualTo(19);
    }

    @Test
    void movieLensSplitSharesIndices() {
        Dataset train = InteractionLoader.load(require("ml-100k/u1.base"), DataFormat.MOVIELENS).dataset();
        Dataset test = new Dataset(new Interactions(train.interactions().users(), train.interactions().items(), 0),
                train.catalog());
        InteractionLoader.load(require("ml-100k/u1.test"), DataFormat.MOVIELENS, LoadOptions.defaults(), test);
        assertThat(train.interactions().size()).isEqualTo(80_000);
        assertThat(test.interactions().size()).isEqualTo(20_000);
        assertThat(train.interactions().users().size()).isEqualTo(943);
        assertThat(train.interactions().items().size()).isEqualTo(1682);
    }

    @Test
    void taobaoSlice() {
        Path f = require("taobao-userbehavior/UserBehavior_slice_20171126.csv");
        Dataset d = InteractionLoader.load(f, DataFormat.TAOBAO).dataset();
        Interactions log = d.interactions();
        assertThat(log.size()).isEqualTo(110_300);
        assertThat(log.users().size()).isEqualTo(66_454);
        assertThat(log.items().size()).isEqualTo(84_793);
        assertThat(d.catalog().dictionary(ItemCatalog.CATEGORY).size()).isEqualTo(3_913);
        int[] counts = new int[Behavior.values().length];
        for (int e = 0; e < log.size(); e++) {
            counts[log.behaviorCode(e)]++;
        }
        assertThat(counts[Behavior.VIEW.code()]).isEqualTo(98_361);
        assertThat(counts[Behavior.ADD_TO_CART.code()]).isEqualTo(6_063);
        assertThat(counts[Behavior.FAVORITE.code()]).isEqualTo(3_383);
        assertThat(counts[Behavior.PURCHASE.code()]).isEqualTo(2_493);
        assertThat(log.timeRange()[0]).isEqualTo(1511658000L); // 2017-11-26 01:00:00 UTC
    }
}
