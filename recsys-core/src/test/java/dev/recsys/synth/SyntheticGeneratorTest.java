package dev.recsys.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import dev.recsys.data.Behavior;
import dev.recsys.data.Dataset;
import dev.recsys.data.Interactions;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.io.DataFormat;
import dev.recsys.data.io.InteractionLoader;
import dev.recsys.data.io.ItemCatalogLoader;
import dev.recsys.data.io.LoadReport;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticGeneratorTest {
    private static final SyntheticConfig SMALL = SyntheticConfig.builder().users(300).items(200).seed(7).build();

    @TempDir
    Path dir;

    @Test
    void configValidatesAndBuilds() {
        SyntheticConfig d = SyntheticConfig.defaults();
        assertThat(d.users()).isEqualTo(2000);
        assertThat(d.items()).isEqualTo(1000);
        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThatThrownBy(() -> SyntheticConfig.builder().users(0).build()).hasMessageContaining("users");
        assertThatThrownBy(() -> SyntheticConfig.builder().categories(1).build()).hasMessageContaining("categories");
        assertThatThrownBy(() -> SyntheticConfig.builder().items(10).categories(20).build()).hasMessageContaining("items");
        assertThatThrownBy(() -> SyntheticConfig.builder().brands(0).build()).hasMessageContaining("brands");
        assertThatThrownBy(() -> SyntheticConfig.builder().days(0).build()).hasMessageContaining("days");
        assertThatThrownBy(() -> SyntheticConfig.builder().meanSessionsPerUser(Double.NaN).build())
                .hasMessageContaining("meanSessionsPerUser");
        assertThatThrownBy(() -> SyntheticGenerator.generate(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameSeedGivesIdenticalDataOtherSeedDiffers() {
        SyntheticData a = SyntheticGenerator.generate(SMALL);
        SyntheticData b = SyntheticGenerator.generate(SMALL);
        assertSameData(a.dataset(), b.dataset());
        assertThat(a.tasteCategories(5)).isEqualTo(b.tasteCategories(5));
        SyntheticData c = SyntheticGenerator.generate(SMALL.toBuilder().seed(8).build());
        Interactions la = a.dataset().interactions();
        Interactions lc = c.dataset().interactions();
        boolean differs = la.size() != lc.size();
        for (int e = 0; !differs && e < la.size(); e++) {
            differs = la.time(e) != lc.time(e) || la.item(e) != lc.item(e);
        }
        assertThat(differs).isTrue();
    }

    @Test
    void defaultSizeAndStructure() {
        SyntheticData data = SyntheticGenerator.generate(SyntheticConfig.defaults());
        Interactions log = data.dataset().interactions();
        ItemCatalog cat = data.dataset().catalog();
        assertThat(log.size()).isBetween(70_000, 140_000);
        assertThat(log.users().size()).isEqualTo(2000);
        assertThat(log.items().size()).isEqualTo(1000);
        Map<Behavior, Integer> counts = new EnumMap<>(Behavior.class);
        Set<Scene> scenes = new HashSet<>();
        long prev = Long.MIN_VALUE;
        for (int e = 0; e < log.size(); e++) {
            counts.merge(log.behavior(e), 1, Integer::sum);
            scenes.add(log.scene(e));
            assertThat(log.time(e)).isGreaterThanOrEqualTo(prev);
            prev = log.time(e);
            if (log.behavior(e) == Behavior.REVIEW) {
                assertThat(log.value(e)).isBetween(1f, 5f);
            } else {
                assertThat(log.value(e)).isEqualTo(1f);
            }
        }
        assertThat(counts.keySet()).contains(Behavior.CLICK, Behavior.VIEW, Behavior.SEARCH, Behavior.FAVORITE,
                Behavior.ADD_TO_CART, Behavior.PURCHASE, Behavior.REVIEW);
        assertThat(scenes).containsExactlyInAnyOrder(Scene.standard());
        assertThat(counts.get(Behavior.VIEW)).isGreaterThan(counts.get(Behavior.PURCHASE));
        long[] range = log.timeRange();
        assertThat(range[0]).isGreaterThanOrEqualTo(SyntheticConfig.DEFAULT_START);
        // every item has category, brand, price and repeatable flag
        for (int i = 0; i < cat.items().size(); i++) {
            assertThat(cat.category(i)).isNotNegative();
            assertThat(cat.brand(i)).isNotNegative();
            assertThat(cat.price(i, -1f)).isPositive();
            assertThat(cat.code(ItemCatalog.REPEATABLE, i)).isNotNegative();
        }
        int phone = cat.dictionary(ItemCatalog.CATEGORY).codeOf("phone");
        assertThat(cat.dictionary(ItemCatalog.CATEGORY).valueOf(data.complementCategory(phone))).isEqualTo("phone-case");
        int beans = cat.dictionary(ItemCatalog.CATEGORY).codeOf("coffee-beans");
        assertThat(data.isRepeatableCategory(beans)).isTrue();
        assertThat(data.isRepeatableCategory(phone)).isFalse();
        // reviews are higher for items in the user's taste
        double[] sum = new double[2];
        int[] n = new int[2];
        for (int e = 0; e < log.size(); e++) {
            if (log.behavior(e) == Behavior.REVIEW) {
                int k = contains(data.tasteCategories(log.user(e)), cat.category(log.item(e))) ? 1 : 0;
                sum[k] += log.value(e);
                n[k]++;
            }
        }
        assertThat(n[0]).isPositive();
        assertThat(sum[1] / n[1]).isGreaterThan(sum[0] / n[0] + 0.5);
        // consumables are bought again
        assertThat(repeatPurchases(log, cat, data)).isPositive();
    }

    @Test
    void csvRoundTripGivesTheSameDataSet() {
        SyntheticData data = SyntheticGenerator.generate(SMALL);
        Path events = dir.resolve("events.csv");
        Path items = dir.resolve("items.csv");
        data.writeCsv(events, items);
        Dataset loaded = InteractionLoader.load(events, DataFormat.CSV).dataset();
        LoadReport rep = ItemCatalogLoader.loadCsv(items, loaded.catalog());
        assertThat(rep.eventsLoaded()).isEqualTo(SMALL.items());
        assertSameData(data.dataset(), loaded);
    }

    @Test
    void personalisedSignalBeatsPopularity() {
        SyntheticData data = SyntheticGenerator.generate(SyntheticConfig.defaults());
        Interactions log = data.dataset().interactions();
        ItemCatalog cat = data.dataset().catalog();
        int nu = log.users().size();
        int ni = log.items().size();
        IntArrayList[] byUser = new IntArrayList[nu];
        for (int u = 0; u < nu; u++) {
            byUser[u] = new IntArrayList();
        }
        for (int e = 0; e < log.size(); e++) {
            byUser[log.user(e)].add(e); // the log is time-sorted
        }
        float[] w = new float[Behavior.values().length];
        w[Behavior.VIEW.code()] = 1;
        w[Behavior.CLICK.code()] = 1;
        w[Behavior.SEARCH.code()] = 1;
        w[Behavior.FAVORITE.code()] = 2;
        w[Behavior.ADD_TO_CART.code()] = 3;
        w[Behavior.PURCHASE.code()] = 5;
        w[Behavior.REVIEW.code()] = 1;
        boolean[] train = new boolean[log.size()];
        double[] pop = new double[ni];
        for (int u = 0; u < nu; u++) {
            int cut = (int) (byUser[u].size() * 0.8);
            for (int k = 0; k < cut; k++) {
                int e = byUser[u].getInt(k);
                train[e] = true;
                pop[log.item(e)] += w[log.behaviorCode(e)];
            }
        }
        int[] popTop = topK(pop, 10);
        int nCat = cat.dictionary(ItemCatalog.CATEGORY).size();
        int nBrand = cat.dictionary(ItemCatalog.BRAND).size();
        double maxPop = Arrays.stream(pop).max().orElse(1);
        long heldOut = 0;
        long hitsPop = 0;
        long hitsAff = 0;
        for (int u = 0; u < nu; u++) {
            double[] ca = new double[nCat];
            double[] ba = new double[nBrand];
            Set<Integer> test = new HashSet<>();
            for (int e : byUser[u]) {
                if (train[e]) {
                    ca[cat.category(log.item(e))] += w[log.behaviorCode(e)];
                    ba[cat.brand(log.item(e))] += w[log.behaviorCode(e)];
                } else if (log.behavior(e) == Behavior.PURCHASE) {
                    test.add(log.item(e));
                }
            }
            if (test.isEmpty()) {
                continue;
            }
            double tot = Arrays.stream(ca).sum() + 1e-9;
            double[] score = new double[ni];
            for (int i = 0; i < ni; i++) {
                score[i] = ca[cat.category(i)] / tot + 0.5 * ba[cat.brand(i)] / tot + 0.2 * pop[i] / maxPop;
            }
            int[] affTop = topK(score, 10);
            for (int i : test) {
                heldOut++;
                hitsPop += contains(popTop, i) ? 1 : 0;
                hitsAff += contains(affTop, i) ? 1 : 0;
            }
        }
        double recallPop = (double) hitsPop / heldOut;
        double recallAff = (double) hitsAff / heldOut;
        System.out.printf("held-out purchases %d, recall@10 popularity %.4f, affinity %.4f%n", heldOut, recallPop, recallAff);
        assertThat(heldOut).isGreaterThan(1000);
        assertThat(recallAff).isGreaterThan(recallPop * 2).isGreaterThan(recallPop + 0.05);
    }

    private static int repeatPurchases(Interactions log, ItemCatalog cat, SyntheticData data) {
        Set<Long> seen = new HashSet<>();
        int repeats = 0;
        for (int e = 0; e < log.size(); e++) {
            if (log.behavior(e) == Behavior.PURCHASE && data.isRepeatableCategory(cat.category(log.item(e)))) {
                if (!seen.add(((long) log.user(e) << 32) | log.item(e))) {
                    repeats++;
                }
            }
        }
        return repeats;
    }

    static int[] topK(double[] score, int k) {
        Integer[] idx = new Integer[score.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : Integer.compare(a, b));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    static void assertSameData(Dataset a, Dataset b) {
        Interactions x = a.interactions();
        Interactions y = b.interactions();
        assertThat(y.size()).isEqualTo(x.size());
        assertThat(y.users().toStringArray()).isEqualTo(x.users().toStringArray());
        assertThat(y.items().toStringArray()).isEqualTo(x.items().toStringArray());
        assertThat(y.scenes()).isEqualTo(x.scenes());
        for (int e = 0; e < x.size(); e++) {
            if (x.user(e) != y.user(e) || x.item(e) != y.item(e) || x.behaviorCode(e) != y.behaviorCode(e)
                    || x.value(e) != y.value(e) || x.time(e) != y.time(e) || x.sceneCode(e) != y.sceneCode(e)) {
                throw new AssertionError("event " + e + " differs");
            }
        }
        ItemCatalog c = a.catalog();
        ItemCatalog d = b.catalog();
        assertThat(d.categoricalAttributes()).isEqualTo(c.categoricalAttributes());
        assertThat(d.numericAttributes()).isEqualTo(c.numericAttributes());
        for (int i = 0; i < x.items().size(); i++) {
            for (String attr : c.categoricalAttributes()) {
                assertThat(d.code(attr, i)).as("%s of item %d", attr, i).isEqualTo(c.code(attr, i));
            }
            for (String attr : c.numericAttributes()) {
                assertThat(d.numeric(attr, i, Float.NaN)).as("%s of item %d", attr, i).isEqualTo(c.numeric(attr, i, Float.NaN));
            }
        }
        for (String attr : c.categoricalAttributes()) {
            ItemCatalog.Dictionary dc = c.dictionary(attr);
            ItemCatalog.Dictionary dd = d.dictionary(attr);
            assertThat(dd.size()).isEqualTo(dc.size());
            for (int k = 0; k < dc.size(); k++) {
                assertThat(dd.valueOf(k)).isEqualTo(dc.valueOf(k));
            }
        }
    }
}
