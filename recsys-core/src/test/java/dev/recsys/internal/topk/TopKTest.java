package dev.recsys.internal.topk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.ItemFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopKTest {

    /** Reference: full sort of the eligible items by (score desc, index asc). */
    private static int[] reference(float[] scores, int[] candidates, int k, ItemMask excluded, ItemFilter filter) {
        List<Integer> eligible = new ArrayList<>();
        if (candidates == null) {
            for (int i = 0; i < scores.length; i++) {
                eligible.add(i);
            }
        } else {
            for (int c : candidates) {
                eligible.add(c);
            }
        }
        eligible.removeIf(i -> !Float.isFinite(scores[i]) || (excluded != null && excluded.get(i))
                || (filter != null && !filter.accept(i, null)));
        eligible.sort((a, b) -> {
            float sa = scores[a] + 0f;
            float sb = scores[b] + 0f;
            if (sa != sb) {
                return sa > sb ? -1 : 1;
            }
            return Integer.compare(a, b);
        });
        return eligible.subList(0, Math.min(k, eligible.size())).stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] randomScores(SplittableRandom r, int n, boolean manyTies) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(20);
            if (kind == 0) {
                s[i] = Float.NaN;
            } else if (kind == 1) {
                s[i] = Float.NEGATIVE_INFINITY;
            } else if (kind == 2) {
                s[i] = Float.POSITIVE_INFINITY;
            } else if (kind == 3) {
                s[i] = -0.0f;
            } else {
                s[i] = manyTies ? r.nextInt(4) : (float) r.nextGaussian();
            }
        }
        return s;
    }

    @Test
    void matchesFullSortOnRandomInputs() {
        SplittableRandom r = new SplittableRandom(42);
        for (int trial = 0; trial < 400; trial++) {
            int n = r.nextInt(0, 200);
            float[] scores = randomScores(r, n, trial % 2 == 0);
            int k = switch (trial % 4) {
                case 0 -> n;
                case 1 -> n + 1 + r.nextInt(5);
                default -> r.nextInt(0, Math.max(1, n));
            };
            ItemMask mask = new ItemMask(n);
            for (int i = 0; i < n; i++) {
                if (r.nextInt(5) == 0) {
                    mask.set(i);
                }
            }
            ItemFilter filter = trial % 3 == 0 ? (item, c) -> item % 3 != 1 : null;
            int[] items = new int[k];
            float[] out = new float[k];
            int got = TopK.select(scores, k, mask, filter, null, items, out);
            int[] want = reference(scores, null, k, mask, filter);
            assertThat(Arrays.copyOf(items, got)).as("trial %d n=%d k=%d", trial, n, k).containsExactly(want);
            for (int j = 0; j < got; j++) {
                assertThat(out[j]).isEqualTo(scores[items[j]] + 0f);
                assertThat(Float.isFinite(out[j])).isTrue();
            }
        }
    }

    @Test
    void candidateVariantMatchesFullSort() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = r.nextInt(1, 150);
            float[] scores = randomScores(r, n, trial % 2 == 1);
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            int[] cands = Arrays.copyOf(perm, r.nextInt(0, n + 1));
            int k = r.nextInt(1, n + 3);
            ItemMask mask = new ItemMask(0);
            mask.set(r.nextInt(n));
            int[] items = new int[k];
            float[] out = new float[k];
            int got = TopK.select(scores, cands, k, mask, null, null, items, out);
            assertThat(Arrays.copyOf(items, got)).containsExactly(reference(scores, cands, k, mask, null));
        }
    }

    @Test
    void tiesGoToTheLowerIndex() {
        float[] scores = {1f, 2f, 2f, 1f, 2f, 0f};
        int[] items = new int[4];
        float[] out = new float[4];
        int got = TopK.select(scores, 4, null, null, null, items, out);
        assertThat(got).isEqualTo(4);
        assertThat(items).containsExactly(1, 2, 4, 0);
        assertThat(out).containsExactly(2f, 2f, 2f, 1f);
    }

    @Test
    void allExcludedOrUnscoredGivesNothing() {
        float[] scores = {1f, 2f, 3f};
        ItemMask mask = new ItemMask(3);
        mask.set(0);
        mask.set(1);
        mask.set(2);
        assertThat(TopK.select(scores, 2, mask, null, null, new int[2], new float[2])).isZero();
        float[] none = {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        assertThat(TopK.select(none, 3, null, null, null, new int[3], new float[3])).isZero();
        assertThat(TopK.select(scores, 0, null, null, null, new int[0], new float[0])).isZero();
    }

    @Test
    void kLargerThanNReturnsAllSorted() {
        float[] scores = {0.5f, -1f, 3f};
        int[] items = new int[10];
        float[] out = new float[10];
        assertThat(TopK.select(scores, 10, null, null, null, items, out)).isEqualTo(3);
        assertThat(Arrays.copyOf(items, 3)).containsExactly(2, 0, 1);
    }

    @Test
    void reusableInstanceAndOffer() {
        TopK t = new TopK(2);
        assertThat(t.offer(5, 1f)).isTrue();
        assertThat(t.offer(6, Float.NaN)).isFalse();
        assertThat(t.offer(7, 3f)).isTrue();
        assertThat(t.offer(8, 0.5f)).isFalse();
        assertThat(t.offer(3, 1f)).isTrue(); // tie with 5, lower index wins
        int[] items = new int[2];
        float[] out = new float[2];
        assertThat(t.drain(items, out)).isEqualTo(2);
        assertThat(items).containsExactly(7, 3);
        assertThat(t.size()).isZero();
        t.reset(5);
        t.offer(1, 1f);
        assertThat(t.drain(new int[5], new float[5])).isEqualTo(1);
        assertThatThrownBy(() -> t.reset(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
    }

    /** Reference for {@link TopK.Mode#NOT_NAN}: every non-NaN item by (score desc, index asc). */
    private static int[] referenceNotNan(float[] scores, int k) {
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isNaN(scores[i])) {
                eligible.add(i);
            }
        }
        eligible.sort((a, b) -> scores[a] != scores[b] ? (scores[a] > scores[b] ? -1 : 1) : Integer.compare(a, b));
        return eligible.subList(0, Math.min(k, eligible.size())).stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void notNanModeRanksInfinitiesAtTheEndsAndSkipsNan() {
        float[] scores = {1f, Float.NEGATIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY, 1f,
            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        TopK t = new TopK(10, TopK.Mode.NOT_NAN);
        for (int i = 0; i < scores.length; i++) {
            t.offer(i, scores[i]);
        }
        int[] items = new int[10];
        float[] out = new float[10];
        assertThat(t.drain(items, out)).isEqualTo(6);
        // +Inf first, ties by lower index everywhere, -Inf kept last; the NaN item 2 never
        assertThat(Arrays.copyOf(items, 6)).containsExactly(3, 6, 0, 4, 1, 5);
        assertThat(Arrays.copyOf(out, 6)).containsExactly(Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 1f, 1f,
                Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY);
        // the default (serving) mode drops all three non-finite kinds
        assertThat(TopK.select(scores, 10, null, null, null, items, out)).isEqualTo(2);
        assertThat(Arrays.copyOf(items, 2)).containsExactly(0, 4);
    }

    @Test
    void notNanModeMatchesFullSortOnRandomInputs() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 300; round++) {
            int n = r.nextInt(60);
            int k = r.nextInt(70);
            float[] scores = randomScores(r, n, round % 2 == 0);
            TopK viaOffer = new TopK(k, TopK.Mode.NOT_NAN);
            TopK viaCollect = new TopK(k, TopK.Mode.NOT_NAN);
            for (int i = 0; i < n; i++) {
                viaOffer.offer(i, scores[i]);
            }
            viaCollect.collect(scores, null, null, null);
            int[] expected = referenceNotNan(scores, k);
            int[] a = new int[n];
            int[] b = new int[n];
            assertThat(Arrays.copyOf(a, viaOffer.drainItems(a))).as("round " + round).containsExactly(expected);
            assertThat(Arrays.copyOf(b, viaCollect.drainItems(b))).as("round " + round).containsExactly(expected);
        }
    }

    @Test
    void insertPrimitiveWithACallerThresholdMatchesOffer() {
        // the fused kernel's loop: fill, then insert only what beats the worst (strict >, rows ascending)
        SplittableRandom r = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(80);
            int k = 1 + r.nextInt(20);
            float[] scores = randomScores(r, n, round % 2 == 1);
            TopK fused = new TopK(k, TopK.Mode.NOT_NAN);
            for (int i = 0; i < n; i++) {
                float s = scores[i];
                if (s == s && (!fused.isFull() || s > fused.worstScore())) {
                    fused.insert(i, s);
                }
            }
            int[] got = new int[n];
            assertThat(Arrays.copyOf(got, fused.drainItems(got))).as("round " + round)
                    .containsExactly(referenceNotNan(scores, k));
        }
        assertThatThrownBy(() -> new TopK(3).worstScore()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void kZeroSelectsNothingInEitherMode() {
        float[] scores = {1f, Float.POSITIVE_INFINITY, 2f};
        for (TopK.Mode mode : TopK.Mode.values()) {
            TopK t = new TopK(0, mode);
            assertThat(t.isFull()).isTrue();
            assertThat(t.offer(0, 1f)).isFalse();
            t.collect(scores, null, null, null);
            assertThat(t.drainItems(new int[0])).isZero();
        }
    }

    @Test
    void kLargerThanNInNotNanModeReturnsEveryNonNanItem() {
        float[] scores = {Float.NEGATIVE_INFINITY, 0.5f, Float.NaN, 3f};
        int[] items = new int[10];
        TopK t = new TopK(10, TopK.Mode.NOT_NAN);
        t.collect(scores, null, null, null);
        assertThat(Arrays.copyOf(items, t.drainItems(items))).containsExactly(3, 1, 0);
        assertThatThrownBy(() -> {
            TopK u = new TopK(3, TopK.Mode.NOT_NAN);
            u.collect(scores, null, null, null);
            u.drainItems(new int[2]);
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 3");
    }

    @Test
    void filterIsHonoured() {
        float[] scores = {5f, 4f, 3f, 2f, 1f};
        int[] items = new int[3];
        int got = TopK.select(scores, 3, null, (item, c) -> item % 2 == 0, null, items, new float[3]);
        assertThat(got).isEqualTo(3);
        assertThat(items).containsExactly(0, 2, 4);
    }

    @Test
    void maskBasics() {
        ItemMask m = new ItemMask(10);
        m.set(3);
        m.set(130); // grows
        assertThat(m.get(3)).isTrue();
        assertThat(m.get(130)).isTrue();
        assertThat(m.get(4)).isFalse();
        assertThat(m.get(-1)).isFalse();
        assertThat(m.get(100000)).isFalse();
        assertThat(m.cardinality()).isEqualTo(2);
        m.clear(3);
        assertThat(m.get(3)).isFalse();
        m.clearAll();
        assertThat(m.cardinality()).isZero();
    }
}
