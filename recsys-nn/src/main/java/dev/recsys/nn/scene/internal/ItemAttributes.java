package dev.recsys.nn.scene.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.ItemCatalog;
import dev.recsys.nn.internal.ItemFeatures;
import java.util.Arrays;
import java.util.List;

/**
 * The categorical item attributes a scene-star model biases per scene, as sparse binary item
 * features: every (attribute, value) pair of the chosen attributes is one feature, an item has the
 * features of the values it has (a missing value adds none). Stored in CSR form: the features of
 * item {@code i} are {@code feature[start[i] .. start[i + 1])}.
 *
 * <p>Thread safety: immutable.
 */
public final class ItemAttributes {
    /** No attributes: every item has no features. */
    public static final ItemAttributes NONE = new ItemAttributes(0, new int[] {0}, new int[0]);

    private final int features;
    private final int[] start;
    private final int[] feature;

    /**
     * @param features number of distinct features, &gt;= 0
     * @param start    items + 1 non-decreasing offsets into {@code feature}, from 0 (not copied)
     * @param feature  feature indices in {@code [0, features)} (not copied)
     * @throws IllegalArgumentException if the tables are inconsistent
     */
    public ItemAttributes(int features, int[] start, int[] feature) {
        if (features < 0 || start == null || feature == null || start.length < 1 || start[0] != 0
                || start[start.length - 1] != feature.length) {
            throw new IllegalArgumentException("inconsistent item attribute tables");
        }
        for (int k = 1; k < start.length; k++) {
            if (start[k] < start[k - 1]) {
                throw new IllegalArgumentException("item attribute offsets must not decrease");
            }
        }
        for (int f : feature) {
            if (f < 0 || f >= features) {
                throw new IllegalArgumentException("item attribute feature " + f + " outside [0, " + features + ")");
            }
        }
        this.features = features;
        this.start = start;
        this.feature = feature;
    }

    /**
     * The features of the given categorical attributes of a catalogue, as built by
     * {@link ItemFeatures#categorical}: feature = the attribute's offset + the value's dictionary code.
     *
     * @param catalog    the catalogue (may be empty)
     * @param attributes attribute names; undeclared ones are skipped
     * @param items      number of items of the model (items beyond the catalogue have no features)
     */
    public static ItemAttributes of(ItemCatalog catalog, List<String> attributes, int items) {
        ItemFeatures f = ItemFeatures.categorical(catalog, attributes, items);
        if (f.size() == 0) {
            return items == 0 ? NONE : new ItemAttributes(0, new int[items + 1], new int[0]);
        }
        InteractionMatrix rows = f.rows();
        int[] start = rows.rowPtr().clone();
        return rows.nnz() == 0 ? new ItemAttributes(0, start, new int[0])
                : new ItemAttributes(f.size(), start, Arrays.copyOf(rows.colIdx(), rows.nnz()));
    }

    /** Number of distinct features (0 = nothing to learn). */
    public int features() {
        return features;
    }

    /** Number of items covered. */
    public int items() {
        return start.length - 1;
    }

    /** Offset of the first feature of item {@code i} in {@link #featureTable()}. */
    public int start(int i) {
        return i < start.length - 1 ? start[i] : feature.length;
    }

    /** End (exclusive) of the features of item {@code i}. */
    public int end(int i) {
        return i < start.length - 1 ? start[i + 1] : feature.length;
    }

    /** The offsets (items + 1 entries). Not a copy: do not modify. */
    public int[] startTable() {
        return start;
    }

    /** The feature indices. Not a copy: do not modify. */
    public int[] featureTable() {
        return feature;
    }
}
