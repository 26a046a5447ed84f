package dev.recsys.spark.internal;

import org.apache.spark.Partitioner;

/**
 * Partitions dense row indices into consecutive ranges of {@code rowsPerPart} rows: partition
 * {@code g} holds rows {@code [g * rowsPerPart, (g + 1) * rowsPerPart)}, one bundle part each.
 *
 * <p>Thread safety: immutable.
 */
public final class PartGroups extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int rowsPerPart;
    private final int parts;

    /** Ranges of {@code rowsPerPart} rows covering {@code rows} rows. */
    public PartGroups(int rows, int rowsPerPart) {
        this.rowsPerPart = rowsPerPart;
        this.parts = Math.max(1, (int) (((long) rows + rowsPerPart - 1) / rowsPerPart));
    }

    @Override
    public int numPartitions() {
        return parts;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key / rowsPerPart;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartGroups g && g.rowsPerPart == rowsPerPart && g.parts == parts;
    }

    @Override
    public int hashCode() {
        return rowsPerPart * 31 + parts;
    }
}
