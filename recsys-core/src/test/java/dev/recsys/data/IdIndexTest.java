package dev.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdIndexTest {
    @Test
    void numericIdsStayNumeric() {
        IdIndex idx = new IdIndex();
        assertThat(idx.add(42L)).isZero();
        assertThat(idx.add("7")).isEqualTo(1);
        assertThat(idx.add(42L)).isZero();
        assertThat(idx.add("-3")).isEqualTo(2);
        assertThat(idx.isNumeric()).isTrue();
        assertThat(idx.size()).isEqualTo(3);
        assertThat(idx.indexOf(7L)).isEqualTo(1);
        assertThat(idx.indexOf("42")).isZero();
        assertThat(idx.indexOf("-3")).isEqualTo(2);
        assertThat(idx.indexOf("8")).isEqualTo(-1);
        assertThat(idx.indexOf("abc")).isEqualTo(-1);
        assertThat(idx.indexOf((String) null)).isEqualTo(-1);
        assertThat(idx.idOf(1)).isEqualTo("7");
        assertThat(idx.numericIdOf(2)).isEqualTo(-3L);
        assertThat(idx.toLongArray()).containsExactly(42L, 7L, -3L);
        assertThat(idx.toStringArray()).containsExactly("42", "7", "-3");
    }

    @Test
    void stringIds() {
        IdIndex idx = new IdIndex();
        assertThat(idx.add("alice")).isZero();
        assertThat(idx.add("bob")).isEqualTo(1);
        assertThat(idx.add("alice")).isZero();
        assertThat(idx.isNumeric()).isFalse();
        assertThat(idx.indexOf("bob")).isEqualTo(1);
        assertThat(idx.indexOf("carol")).isEqualTo(-1);
        assertThat(idx.idOf(0)).isEqualTo("alice");
        assertThatThrownBy(() -> idx.numericIdOf(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("alice");
        assertThatThrownBy(idx::toLongArray).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void switchesFromNumericToStringMidway() {
        IdIndex idx = new IdIndex();
        for (int k = 0; k < 100; k++) {
            idx.add(k * 10L);
        }
        assertThat(idx.isNumeric()).isTrue();
        assertThat(idx.add("x1")).isEqualTo(100);
        assertThat(idx.isNumeric()).isFalse();
        for (int k = 0; k < 100; k++) {
            assertThat(idx.indexOf(k * 10L)).isEqualTo(k);
            assertThat(idx.indexOf(Long.toString(k * 10L))).isEqualTo(k);
            assertThat(idx.idOf(k)).isEqualTo(Long.toString(k * 10L));
            assertThat(idx.numericIdOf(k)).isEqualTo(k * 10L);
        }
        assertThat(idx.add(30L)).isEqualTo(3);
        assertThat(idx.add(5L)).isEqualTo(101);
        assertThat(idx.indexOf("5")).isEqualTo(101);
        assertThat(idx.indexOf("x1")).isEqualTo(100);
        assertThat(idx.size()).isEqualTo(102);
    }

    @Test
    void leadingZerosAreDistinctStrings() {
        IdIndex idx = new IdIndex();
        idx.add("7");
        int z = idx.add("007");
        assertThat(idx.isNumeric()).isFalse();
        assertThat(z).isEqualTo(1);
        assertThat(idx.indexOf("7")).isZero();
        assertThat(idx.indexOf(7L)).isZero();
        assertThat(idx.idOf(1)).isEqualTo("007");
        assertThat(idx.add("-0")).isEqualTo(2);
        assertThat(idx.add("0")).isEqualTo(3);
        assertThat(idx.add("+5")).isEqualTo(4);
        assertThat(idx.idOf(4)).isEqualTo("+5");
    }

    @Test
    void fullLongRangeIsConsistentBetweenLongAndStringLookups() {
        IdIndex idx = new IdIndex();
        idx.add(Long.MAX_VALUE);
        idx.add(1_000_000_000_000_000_000L);
        assertThat(idx.isNumeric()).isTrue();
        assertThat(idx.indexOf(Long.toString(Long.MAX_VALUE))).isZero();
        assertThat(idx.indexOf("1000000000000000000")).isEqualTo(1);
        assertThat(idx.add("9223372036854775808")).isEqualTo(2); // beyond long: kept as a string
        assertThat(idx.isNumeric()).isFalse();
        assertThat(idx.indexOf(Long.MAX_VALUE)).isZero();
        IdIndex m = new IdIndex();
        m.add(Long.MIN_VALUE);
        assertThat(m.indexOf(Long.MIN_VALUE)).isZero();
        assertThat(m.indexOf(Long.toString(Long.MIN_VALUE))).isZero();
        assertThat(m.idOf(0)).isEqualTo("-9223372036854775808");
    }

    @Test
    void rejectsEmptyIdsAndBadIndices() {
        IdIndex idx = new IdIndex();
        assertThatThrownBy(() -> idx.add("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> idx.add((String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> idx.idOf(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void factoriesRejectDuplicates() {
        assertThat(IdIndex.ofLongs(new long[] {3, 1, 2}).idOf(1)).isEqualTo("1");
        assertThat(IdIndex.ofStrings(new String[] {"b", "a"}).indexOf("a")).isEqualTo(1);
        assertThatThrownBy(() -> IdIndex.ofLongs(new long[] {5, 5})).hasMessageContaining("duplicate id 5");
        assertThatThrownBy(() -> IdIndex.ofLongs(new long[] {1, 2, 1})).hasMessageContaining("duplicate id 1");
        assertThatThrownBy(() -> IdIndex.ofStrings(new String[] {"a", "a"})).hasMessageContaining("duplicate id a");
    }

    @Test
    void trimKeepsContentsAndAllowsMoreIds() {
        IdIndex idx = new IdIndex();
        for (int k = 0; k < 1000; k++) {
            idx.add(k);
        }
        idx.trimToSize();
        assertThat(idx.indexOf(999L)).isEqualTo(999);
        assertThat(idx.add(1000L)).isEqualTo(1000);
        idx.add("s");
        idx.trimToSize();
        assertThat(idx.indexOf("s")).isEqualTo(1001);
        assertThat(idx.add("t")).isEqualTo(1002);
    }
}
