package dev.recsys.internal.scene;

import dev.recsys.internal.topk.ItemMask;
import dev.recsys.internal.topk.TopK;
import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * Per-thread buffers of the scene ranker, sized for one model's item count, so a request allocates
 * no per-item arrays.
 *
 * <p>Thread safety: not thread-safe; one instance per thread ({@link Generation#scratch()}).
 */
public final class Scratch {
    final float[] scores;
    final ItemMask excluded;
    final ItemMask inPool;
    final TopK top = new TopK(16);
    final IntArrayList pool = new IntArrayList();
    private float[] similar;
    int[] rows = new int[64];
    float[] vals = new float[64];

    Scratch(int n) {
        scores = new float[n];
        excluded = new ItemMask(n);
        inPool = new ItemMask(n);
    }

    /** Per-item scores of the {@code similar} source of a model without item vectors (allocated on first use). */
    float[] similar() {
        if (similar == null) {
            similar = new float[scores.length];
        }
        return similar;
    }

    void ensure(int want) {
        if (rows.length < want) {
            rows = new int[want];
            vals = new float[want];
        }
    }
}
