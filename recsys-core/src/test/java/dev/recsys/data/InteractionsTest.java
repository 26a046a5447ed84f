package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.api.Scene;
import org.junit.jupiter.api.Test;

class InteractionsTest {
    @Test
    void addsEventsWithExternalIdsAndScenes() {
        Interactions log = new Interactions();
        int e0 = log.add(new Event("u1", "i1", Behavior.VIEW, 1f, 100, Scene.HOME));
        int e1 = log.add(new Event("u2", "i1", Behavior.REVIEW, 4f, 200, Scene.AFTER_SALE_REVIEW));
        int e2 = log.add(Event.of("u1", "i2", Behavior.PURCHASE, 300));
        assertThat(new int[] {e0, e1, e2}).containsExactly(0, 1, 2);
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.isEmpty()).isFalse();
        assertThat(log.users().size()).isEqualTo(2);
        assertThat(log.items().size()).isEqualTo(2);
        assertThat(log.user(2)).isEqualTo(log.user(0));
        assertThat(log.behavior(1)).isEqualTo(Behavior.REVIEW);
        assertThat(log.behaviorCode(2)).isEqualTo(Behavior.PURCHASE.code());
        assertThat(log.value(1)).isEqualTo(4f);
        assertThat(log.time(2)).isEqualTo(300L);
        assertThat(log.scene(0)).isEqualTo(Scene.HOME);
        assertThat(log.scene(2)).isNull();
        assertThat(log.sceneCode(2)).isEqualTo(Interactions.NO_SCENE);
        assertThat(log.scenes()).containsExactly(Scene.HOME, Scene.AFTER_SALE_REVIEW);
        assertThat(log.sceneCode(Scene.HOME)).isZero();
        assertThat(log.sceneCode(Scene.of("flash-sale"))).isEqualTo((byte) 2);
        assertThat(log.timeRange()).containsExactly(100L, 300L);
    }

    @Test
    void growsAndTrims() {
        Interactions log = new Interactions(new IdIndex(), new IdIndex(), 0);
        int u = log.users().add(1L);
        for (int k = 0; k < 1000; k++) {
            log.add(u, log.items().add(k % 10), Behavior.CLICK, 1f, k, Interactions.NO_SCENE);
        }
        assertThat(log.columnBytes()).isGreaterThanOrEqualTo(1000L * Interactions.BYTES_PER_EVENT);
        log.trimToSize();
        assertThat(log.columnBytes()).isEqualTo(1000L * Interactions.BYTES_PER_EVENT);
        assertThat(log.time(999)).isEqualTo(999L);
        assertThat(log.item(999)).isEqualTo(9);
        log.add(u, 0, Behavior.CLICK, 1f, 5000, Interactions.NO_SCENE);
        assertThat(log.size()).isEqualTo(1001);
    }

    @Test
    void selectSharesIndicesAndScenes() {
        Interactions log = new Interactions();
        for (int k = 0; k < 5; k++) {
            log.add(new Event("u" + k, "i" + (k % 2), Behavior.VIEW, 1f, k * 10L, k % 2 == 0 ? Scene.CART : null));
        }
        Interactions sel = log.select(new int[] {4, 0, 3});
        assertThat(sel.size()).isEqualTo(3);
        assertThat(sel.users()).isSameAs(log.users());
        assertThat(sel.items()).isSameAs(log.items());
        assertThat(sel.time(0)).isEqualTo(40L);
        assertThat(sel.user(1)).isEqualTo(log.user(0));
        assertThat(sel.scene(0)).isEqualTo(Scene.CART);
        assertThat(sel.scene(2)).isNull();
        assertThat(sel.scenes()).isEqualTo(log.scenes());
        assertThat(log.select(new int[0]).isEmpty()).isTrue();
        assertThatThrownBy(() -> log.select(new int[] {5})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rejectsBadInput() {
        Interactions log = new Interactions();
        int u = log.users().add("u");
        int i = log.items().add("i");
        assertThatThrownBy(() -> log.add(1, i, Behavior.VIEW, 1f, 0, Interactions.NO_SCENE)).hasMessageContaining("user index 1");
        assertThatThrownBy(() -> log.add(u, 3, Behavior.VIEW, 1f, 0, Interactions.NO_SCENE)).hasMessageContaining("item index 3");
        assertThatThrownBy(() -> log.add(u, i, null, 1f, 0, Interactions.NO_SCENE)).hasMessageContaining("behavior");
        assertThatThrownBy(() -> log.add(u, i, Behavior.VIEW, Float.NaN, 0, Interactions.NO_SCENE)).hasMessageContaining("finite");
        assertThatThrownBy(() -> log.add(u, i, Behavior.VIEW, 1f, 0, (byte) 0)).hasMessageContaining("scene code 0");
        assertThatThrownBy(() -> log.time(0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new Interactions(null, new IdIndex(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.timeRange()).containsExactly(0L, 0L);
    }

    @Test
    void timeStampsFarApartSwitchToLongStorage() {
        Interactions log = new Interactions(new IdIndex(), new IdIndex(), 4);
        int u = log.users().add(1L);
        int i = log.items().add(1L);
        long[] times = {1_700_000_000L, 0L, -5L, 1_700_000_000L + Integer.MAX_VALUE};
        for (long t : times) {
            log.add(u, i, Behavior.VIEW, 1f, t, Interactions.NO_SCENE);
        }
        log.trimToSize();
        assertThat(log.columnBytes()).isEqualTo(4L * Interactions.BYTES_PER_EVENT);
        log.add(u, i, Behavior.VIEW, 1f, Long.MIN_VALUE, Interactions.NO_SCENE); // beyond an int offset
        log.add(u, i, Behavior.VIEW, 1f, Long.MAX_VALUE, Interactions.NO_SCENE);
        log.trimToSize();
        assertThat(log.columnBytes()).isEqualTo(6L * (Interactions.BYTES_PER_EVENT + 4));
        for (int e = 0; e < times.length; e++) {
            assertThat(log.time(e)).isEqualTo(times[e]);
        }
        assertThat(log.time(4)).isEqualTo(Long.MIN_VALUE);
        assertThat(log.timeRange()).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
        Interactions sel = log.select(new int[] {5, 0});
        assertThat(sel.time(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(sel.time(1)).isEqualTo(1_700_000_000L);
    }

    @Test
    void atMost127Scenes() {
        Interactions log = new Interactions();
        for (int k = 0; k < 127; k++) {
            assertThat(log.sceneCode(Scene.of("s" + k))).isEqualTo((byte) k);
        }
        assertThatThrownBy(() -> log.sceneCode(Scene.of("one-too-many"))).isInstanceOf(IllegalStateException.class);
        assertThat(log.sceneCode(Scene.of("s5"))).isEqualTo((byte) 5);
    }
}
