package dev.recsys.internal.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.Behavior;
import dev.recsys.data.Event;
import dev.recsys.data.Interactions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SequencesTest {
    @Test
    void withoutLastDropsTheChosenUsersLatestStepOnly() {
        Interactions log = new Interactions();
        log.add(Event.of("u0", "a", Behavior.VIEW, 1));
        log.add(Event.of("u0", "b", Behavior.VIEW, 2));
        log.add(Event.of("u0", "b", Behavior.PURCHASE, 3)); // merged into b's step
        log.add(Event.of("u0", "c", Behavior.VIEW, 4));
        log.add(Event.of("u1", "a", Behavior.VIEW, 1));
        log.add(Event.of("u1", "c", Behavior.VIEW, 2));
        log.add(Event.of("u2", "b", Behavior.VIEW, 1));
        Sequences all = Sequences.of(log, Integer.MAX_VALUE);
        Sequences cut = all.withoutLast(u -> u != 1);
        assertThat(cut.users()).isEqualTo(3);
        assertThat(cut.end(0) - cut.start(0)).isEqualTo(2);
        assertThat(Arrays.copyOfRange(cut.items(), cut.start(0), cut.end(0))).containsExactly(0, 1);
        assertThat(cut.behaviors()[cut.start(0) + 1]).isEqualTo(Behavior.PURCHASE.ordinal());
        assertThat(cut.end(1) - cut.start(1)).isEqualTo(2); // kept whole
        assertThat(cut.end(2) - cut.start(2)).isZero();
        assertThat(cut.times()).hasSize(cut.size());
        assertThat(all.size()).isEqualTo(6); // not modified
        assertThat(cut.withoutLast(u -> true).end(2)).isEqualTo(cut.withoutLast(u -> true).size());
        assertThatThrownBy(() -> all.withoutLast(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
