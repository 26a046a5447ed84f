package dev.recsys.internal.snapshot;

import dev.recsys.data.IdIndex;
import dev.recsys.data.ItemCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * An item catalogue as plain columns: for each categorical attribute its dictionary (values in
 * code order) and one code per item (-1 = missing); for each numeric attribute one value per item
 * and a presence bit set. This is what model files store, and how catalogues are copied.
 *
 * <p>Thread safety: not thread-safe (public mutable lists); build, then read.
 */
public final class CatalogColumns {
    /** Number of items (length of every code and value column). */
    public final int numItems;
    /** Categorical attribute names. */
    public final List<String> categoricalNames = new ArrayList<>();
    /** Dictionary values in code order, one array per categorical attribute. */
    public final List<String[]> dictionaries = new ArrayList<>();
    /** Codes per item, one array per categorical attribute. */
    public final List<int[]> codes = new ArrayList<>();
    /** Numeric attribute names. */
    public final List<String> numericNames = new ArrayList<>();
    /** Values per item (0 where missing), one array per numeric attribute. */
    public final List<float[]> values = new ArrayList<>();
    /** Presence bit sets (bit i of word i/64), one per numeric attribute. */
    public final List<long[]> presence = new ArrayList<>();

    /** Empty columns for {@code numItems} items. */
    public CatalogColumns(int numItems) {
        if (numItems < 0) {
            throw new IllegalArgumentException("numItems must be >= 0, got " + numItems);
        }
        this.numItems = numItems;
    }

    /** Reads the first {@code numItems} items of a catalogue. */
    public static CatalogColumns of(ItemCatalog catalog, int numItems) {
        CatalogColumns c = new CatalogColumns(numItems);
        for (String name : catalog.categoricalAttributes()) {
            ItemCatalog.Dictionary d = catalog.dictionary(name);
            String[] dict = new String[d.size()];
            for (int i = 0; i < dict.length; i++) {
                dict[i] = d.valueOf(i);
            }
            int[] cs = new int[numItems];
            for (int i = 0; i < numItems; i++) {
                cs[i] = catalog.code(name, i);
            }
            c.categoricalNames.add(name);
            c.dictionaries.add(dict);
            c.codes.add(cs);
        }
        for (String name : catalog.numericAttributes()) {
            float[] v = new float[numItems];
            long[] p = new long[(numItems + 63) >>> 6];
            for (int i = 0; i < numItems; i++) {
                if (catalog.hasNumeric(name, i)) {
                    v[i] = catalog.numeric(name, i, 0f);
                    p[i >>> 6] |= 1L << i;
                }
            }
            c.numericNames.add(name);
            c.values.add(v);
            c.presence.add(p);
        }
        return c;
    }

    /**
     * Builds a catalogue keyed by {@code items} (which must hold {@link #numItems} ids). Dictionary
     * codes are preserved. A user-defined numeric attribute without any value is not declared.
     *
     * @throws IllegalArgumentException if the columns are inconsistent
     */
    public ItemCatalog toCatalog(IdIndex items) {
        if (items.size() != numItems) {
            throw new IllegalArgumentException("catalogue columns hold " + numItems + " items, the item index " + items.size());
        }
        ItemCatalog cat = new ItemCatalog(items);
        for (int a = 0; a < categoricalNames.size(); a++) {
            String name = categoricalNames.get(a);
            String[] dict = dictionaries.get(a);
            int[] cs = codes.get(a);
            if (cs.length != numItems) {
                throw new IllegalArgumentException("attribute " + name + " has " + cs.length + " codes for " + numItems + " items");
            }
            if (numItems > 0) {
                cat.setCategorical(name, 0, null); // declares the attribute without a value
            }
            if (numItems == 0 && !name.equals(ItemCatalog.CATEGORY) && !name.equals(ItemCatalog.BRAND)) {
                continue;
            }
            ItemCatalog.Dictionary d = cat.dictionary(name);
            for (int i = 0; i < dict.length; i++) {
                if (d.add(dict[i]) != i) {
                    throw new IllegalArgumentException("attribute " + name + ": dictionary value '" + dict[i] + "' is duplicated");
                }
            }
            for (int i = 0; i < numItems; i++) {
                int code = cs[i];
                if (code >= 0) {
                    if (code >= dict.length) {
                        throw new IllegalArgumentException("attribute " + name + ": item " + i + " has code " + code
                                + " outside the dictionary of " + dict.length + " values");
                    }
                    cat.setCategorical(name, i, dict[code]);
                }
            }
        }
        for (int a = 0; a < numericNames.size(); a++) {
            String name = numericNames.get(a);
            float[] v = values.get(a);
            long[] p = presence.get(a);
            if (v.length != numItems || p.length != (numItems + 63) >>> 6) {
                throw new IllegalArgumentException("attribute " + name + " has " + v.length + " values for " + numItems + " items");
            }
            for (int i = 0; i < numItems; i++) {
                if ((p[i >>> 6] & (1L << i)) != 0) {
                    cat.setNumeric(name, i, v[i]);
                }
            }
        }
        return cat;
    }
}
