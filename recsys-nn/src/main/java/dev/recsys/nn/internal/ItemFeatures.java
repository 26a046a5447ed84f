package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.ItemCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an {@link ItemCatalog} into sparse item feature rows (items x features, CSR): one-hot slots
 * for the {@code maxValues} most frequent values of each categorical attribute (rarer values share
 * an "other" slot), a z-scored value for each numeric attribute (missing = 0, the mean), and for
 * the price additionally a one-hot quantile bucket. Precomputed dense item vectors enter as numeric
 * attributes (see {@code dev.recsys.nn.ItemVectors}).
 *
 * <p>Thread safety: immutable after construction.
 */
public final class ItemFeatures {
    private final InteractionMatrix rows;
    private final List<String> names;

    private ItemFeatures(InteractionMatrix rows, List<String> names) {
        this.rows = rows;
        this.names = names;
    }

    /** Items x features. */
    public InteractionMatrix rows() {
        return rows;
    }

    /** Feature names (for logs and tests), e.g. {@code category=shoes}, {@code price}, {@code price-bucket=3}. */
    public List<String> names() {
        return names;
    }

    /** Number of features. */
    public int size() {
        return names.size();
    }

    /**
     * Builds the features of items {@code [0, numItems)}.
     *
     * @param catalog      the attributes. Not modified.
     * @param numItems     number of items
     * @param maxValues    one-hot slots per categorical attribute (>= 1)
     * @param priceBuckets quantile buckets of the price (0 = none)
     */
    public static ItemFeatures of(ItemCatalog catalog, int numItems, int maxValues, int priceBuckets) {
        Rows rows = new Rows(numItems);
        List<String> names = rows.names;
        int[][] cols = rows.cols;
        float[][] vals = rows.vals;
        int[] len = rows.len;
        for (String attr : catalog.categoricalAttributes()) {
            int v = catalog.dictionary(attr).size();
            if (v == 0) {
                continue;
            }
            int[] count = new int[v];
            for (int i = 0; i < numItems; i++) {
                int c = catalog.code(attr, i);
                if (c >= 0) {
                    count[c]++;
                }
            }
            Integer[] byFreq = new Integer[v];
            for (int c = 0; c < v; c++) {
                byFreq[c] = c;
            }
            Arrays.sort(byFreq, (a, b) -> count[b] != count[a] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b));
            int[] slot = new int[v];
            int slots = Math.min(v, maxValues);
            int base = names.size();
            for (int r = 0; r < v; r++) {
                int c = byFreq[r];
                if (count[c] == 0) {
                    slot[c] = -1;
                } else if (r < slots) {
                    slot[c] = base + r;
                } else {
                    slot[c] = base + slots;
                }
            }
            for (int r = 0; r < slots; r++) {
                names.add(attr + "=" + catalog.dictionary(attr).valueOf(byFreq[r]));
            }
            if (v > slots) {
                names.add(attr + "=(other)");
            }
            rows.oneHot(catalog, attr, slot);
        }
        for (String attr : catalog.numericAttributes()) {
            boolean price = attr.equals(ItemCatalog.PRICE);
            double s = 0;
            double s2 = 0;
            int n = 0;
            for (int i = 0; i < numItems; i++) {
                if (catalog.hasNumeric(attr, i)) {
                    double x = value(catalog, attr, i, price);
                    s += x;
                    s2 += x * x;
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            double mean = s / n;
            double var = s2 / n - mean * mean;
            double inv = var > 1e-12 ? 1.0 / Math.sqrt(var) : 0.0;
            int f = names.size();
            names.add(attr);
            for (int i = 0; i < numItems; i++) {
                if (catalog.hasNumeric(attr, i) && inv > 0) {
                    append(cols, vals, len, i, f, (float) ((value(catalog, attr, i, price) - mean) * inv));
                }
            }
            if (price && priceBuckets > 0) {
                double[] sorted = new double[n];
                int k = 0;
                for (int i = 0; i < numItems; i++) {
                    if (catalog.hasNumeric(attr, i)) {
                        sorted[k++] = catalog.numeric(attr, i, 0f);
                    }
                }
                Arrays.sort(sorted);
                double[] edges = new double[priceBuckets - 1];
                for (int b = 1; b < priceBuckets; b++) {
                    edges[b - 1] = sorted[(int) Math.min(n - 1, (long) b * n / priceBuckets)];
                }
                int first = names.size();
                for (int b = 0; b < priceBuckets; b++) {
                    names.add("price-bucket=" + b);
                }
                for (int i = 0; i < numItems; i++) {
                    if (catalog.hasNumeric(attr, i)) {
                        double p = catalog.numeric(attr, i, 0f);
                        int b = 0;
                        while (b < edges.length && p >= edges[b]) {
                            b++;
                        }
                        append(cols, vals, len, i, first + b, 1f);
                    }
                }
            }
        }
        return rows.build();
    }

    /**
     * One-hot features of every value of the named categorical attributes, nothing else. Feature
     * {@code offset(attribute) + code} stands for the value with that dictionary code; attributes
     * take consecutive offsets in the order given, each once, skipping undeclared ones and ones
     * without values. Every value of the dictionary has a feature, also one no item has, so a
     * feature's index depends only on the catalogue's dictionaries.
     *
     * @param catalog    the attributes. Not modified.
     * @param attributes attribute names. Not modified.
     * @param numItems   number of items (items beyond the catalogue have no features)
     */
    public static ItemFeatures categorical(ItemCatalog catalog, List<String> attributes, int numItems) {
        Rows rows = new Rows(numItems);
        List<String> declared = catalog.categoricalAttributes();
        List<String> used = new ArrayList<>();
        for (String attr : attributes) {
            if (!declared.contains(attr) || used.contains(attr) || catalog.dictionary(attr).size() == 0) {
                continue;
            }
            used.add(attr);
            ItemCatalog.Dictionary d = catalog.dictionary(attr);
            int[] slot = new int[d.size()];
            for (int c = 0; c < slot.length; c++) {
                slot[c] = rows.names.size();
                rows.names.add(attr + "=" + d.valueOf(c));
            }
            rows.oneHot(catalog, attr, slot);
        }
        return rows.build();
    }

    private static double value(ItemCatalog catalog, String attr, int item, boolean logScale) {
        double x = catalog.numeric(attr, item, 0f);
        return logScale ? Math.log1p(Math.max(0, x)) : x;
    }

    private static void append(int[][] cols, float[][] vals, int[] len, int item, int feature, float v) {
        if (len[item] == cols[item].length) {
            cols[item] = Arrays.copyOf(cols[item], len[item] * 2);
            vals[item] = Arrays.copyOf(vals[item], len[item] * 2);
        }
        cols[item][len[item]] = feature;
        vals[item][len[item]++] = v;
    }

    /** Feature rows under construction: per item the (feature, value) pairs appended so far. */
    private static final class Rows {
        final int numItems;
        final List<String> names = new ArrayList<>();
        final int[][] cols;
        final float[][] vals;
        final int[] len;

        Rows(int numItems) {
            this.numItems = numItems;
            cols = new int[numItems][];
            vals = new float[numItems][];
            len = new int[numItems];
            for (int i = 0; i < numItems; i++) {
                cols[i] = new int[8];
                vals[i] = new float[8];
            }
        }

        /** Adds feature {@code slot[code]} (value 1) to every item with a code of {@code attr} and a slot &gt;= 0. */
        void oneHot(ItemCatalog catalog, String attr, int[] slot) {
            for (int i = 0; i < numItems; i++) {
                int c = catalog.code(attr, i);
                if (c >= 0 && slot[c] >= 0) {
                    append(cols, vals, len, i, slot[c], 1f);
                }
            }
        }

        ItemFeatures build() {
            int[] ptr = new int[numItems + 1];
            for (int i = 0; i < numItems; i++) {
                ptr[i + 1] = ptr[i] + len[i];
            }
            int[] ci = new int[ptr[numItems]];
            float[] cv = new float[ptr[numItems]];
            for (int i = 0; i < numItems; i++) {
                // features were appended in increasing feature order per attribute pass: sort to be safe
                long[] packed = new long[len[i]];
                for (int q = 0; q < len[i]; q++) {
                    packed[q] = ((long) cols[i][q] << 32) | (Float.floatToRawIntBits(vals[i][q]) & 0xffffffffL);
                }
                Arrays.sort(packed);
                for (int q = 0; q < len[i]; q++) {
                    ci[ptr[i] + q] = (int) (packed[q] >>> 32);
                    cv[ptr[i] + q] = Float.intBitsToFloat((int) packed[q]);
                }
            }
            return new ItemFeatures(new InteractionMatrix(numItems, Math.max(1, names.size()), ptr, ci, cv),
                    List.copyOf(names));
        }
    }
}
