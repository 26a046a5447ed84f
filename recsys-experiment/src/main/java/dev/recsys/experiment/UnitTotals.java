package dev.recsys.experiment;

import java.util.Arrays;

/**
 * Per-unit totals of one variant: for each unit (user or session) its impressions, clicks, carts,
 * purchases and revenue. The unit, not the impression, is the independent observation the
 * statistics of {@link Metric} rest on.
 *
 * <p>Thread safety: not thread-safe; mutable through {@link #add}.
 */
public final class UnitTotals {
    private double[] impressions = new double[16];
    private double[] clicks = new double[16];
    private double[] carts = new double[16];
    private double[] purchases = new double[16];
    private double[] revenue = new double[16];
    private int size;

    /** An empty set of units. */
    public UnitTotals() {
    }

    /**
     * Adds a new unit, or adds to unit {@code index} if it is below {@link #size()}.
     *
     * @param index the unit's index: an existing one, or {@link #size()} for a new unit
     * @return the unit's index
     * @throws IllegalArgumentException if index is out of 0..size(), or a count is negative or not finite
     */
    public int add(int index, double impressions, double clicks, double carts, double purchases, double revenue) {
        if (index < 0 || index > size) {
            throw new IllegalArgumentException("index must be in 0.." + size + ", got " + index);
        }
        check("impressions", impressions);
        check("clicks", clicks);
        check("carts", carts);
        check("purchases", purchases);
        check("revenue", revenue);
        if (index == size) {
            if (size == this.impressions.length) {
                int n = size * 2;
                this.impressions = Arrays.copyOf(this.impressions, n);
                this.clicks = Arrays.copyOf(this.clicks, n);
                this.carts = Arrays.copyOf(this.carts, n);
                this.purchases = Arrays.copyOf(this.purchases, n);
                this.revenue = Arrays.copyOf(this.revenue, n);
            }
            size++;
        }
        this.impressions[index] += impressions;
        this.clicks[index] += clicks;
        this.carts[index] += carts;
        this.purchases[index] += purchases;
        this.revenue[index] += revenue;
        return index;
    }

    private static void check(String what, double v) {
        if (!(v >= 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + v);
        }
    }

    /** Number of units. */
    public int size() {
        return size;
    }

    /** Impressions of unit {@code i}. */
    public double impressions(int i) {
        return impressions[java.util.Objects.checkIndex(i, size)];
    }

    /** Clicks of unit {@code i}. */
    public double clicks(int i) {
        return clicks[java.util.Objects.checkIndex(i, size)];
    }

    /** Add-to-carts of unit {@code i}. */
    public double carts(int i) {
        return carts[java.util.Objects.checkIndex(i, size)];
    }

    /** Purchases of unit {@code i}. */
    public double purchases(int i) {
        return purchases[java.util.Objects.checkIndex(i, size)];
    }

    /** Revenue of unit {@code i}. */
    public double revenue(int i) {
        return revenue[java.util.Objects.checkIndex(i, size)];
    }

    /** A copy. */
    public UnitTotals copy() {
        UnitTotals c = new UnitTotals();
        c.impressions = impressions.clone();
        c.clicks = clicks.clone();
        c.carts = carts.clone();
        c.purchases = purchases.clone();
        c.revenue = revenue.clone();
        c.size = size;
        return c;
    }
}
