package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.baseline.Popularity;
import org.junit.jupiter.api.Test;

/** The reference time of time decay and trending: one bad row must not move it. */
class TimeDecayTest {
    private static final long DAY = 86_400L;
    private static final long T0 = 1_700_000_000L;

    /** 200 users view item "old" on days 0..99 and item "new" on days 100..199 (one view a day). */
    private static Interactions log() {
        Interactions log = new Interactions();
        for (int d = 0; d < 200; d++) {
            log.add(Event.of("u" + d, d < 100 ? "old" : "new", Behavior.VIEW, T0 + d * DAY));
        }
        return log;
    }

    @Test
    void referenceIsTheLatestTimeWithoutOutliers() {
        Interactions log = log();
        long latest = T0 + 199 * DAY;
        assertThat(TimeDecay.referenceTime(log)).isEqualTo(latest);
        Interactions ms = log();
        ms.add(Event.of("x", "old", Behavior.VIEW, (T0 + 50 * DAY) * 1000)); // milliseconds among seconds
        assertThat(TimeDecay.referenceTime(ms)).isEqualTo(latest);
        Interactions future = log();
        future.add(Event.of("x", "old", Behavior.VIEW, T0 + 365 * 80 * DAY)); // 80 years ahead
        assertThat(TimeDecay.referenceTime(future)).isEqualTo(latest);
        Interactions past = log();
        past.add(Event.of("x", "old", Behavior.VIEW, 0)); // a zero time stamp does not widen the allowance
        past.add(Event.of("y", "old", Behavior.VIEW, T0 * 1000));
        assertThat(TimeDecay.referenceTime(past)).isEqualTo(latest);
    }

    @Test
    void smallAndDegenerateLogs() {
        assertThat(TimeDecay.referenceTime(new Interactions())).isZero();
        Interactions one = new Interactions();
        one.add(Event.of("u", "i", Behavior.VIEW, 5));
        assertThat(TimeDecay.referenceTime(one)).isEqualTo(5);
        Interactions same = new Interactions();
        for (int k = 0; k < 10; k++) {
            same.add(Event.of("u" + k, "i", Behavior.VIEW, 0));
        }
        assertThat(TimeDecay.referenceTime(same)).isZero();
        Interactions extremes = new Interactions();
        extremes.add(Event.of("u", "i", Behavior.VIEW, Long.MIN_VALUE + 1));
        extremes.add(Event.of("v", "i", Behavior.VIEW, Long.MAX_VALUE));
        extremes.add(Event.of("w", "i", Behavior.VIEW, 7));
        assertThat(TimeDecay.referenceTime(extremes)).isEqualTo(7);
    }

    @Test
    void weightIsOneAtAndAfterTheReference() {
        assertThat(TimeDecay.weight(100, 100, 10)).isEqualTo(1.0);
        assertThat(TimeDecay.weight(100, 1_000_000, 10)).isEqualTo(1.0);
        assertThat(TimeDecay.weight(100, 90, 10)).isCloseTo(0.5, within(1e-12));
        assertThat(TimeDecay.weight(100, 0, 0)).isEqualTo(1.0);
    }

    @Test
    void oneMillisecondStampDoesNotCollapseTrending() {
        MatrixOptions views = MatrixOptions.binary();
        double halfLife = 7 * DAY;
        Interactions clean = log();
        Interactions bad = log();
        bad.add(Event.of("x", "old", Behavior.VIEW, (T0 + 10 * DAY) * 1000));
        float[] c = Popularity.counts(clean, views, halfLife);
        float[] b = Popularity.counts(bad, views, halfLife);
        int oldItem = clean.items().indexOf("old");
        int newItem = clean.items().indexOf("new");
        assertThat(c[newItem]).isGreaterThan(1f).isGreaterThan(c[oldItem]);
        // the bad row counts as one view at the reference time; nothing else moves
        assertThat(b[newItem]).isCloseTo(c[newItem], within(1e-4f));
        assertThat(b[oldItem]).isCloseTo(c[oldItem] + 1f, within(1e-4f));
        InteractionMatrix m = MatrixBuilder.build(bad, views.withHalfLife(halfLife));
        int lastUser = bad.users().indexOf("u199");
        assertThat(m.get(lastUser, newItem)).isEqualTo(1f);
    }
}
