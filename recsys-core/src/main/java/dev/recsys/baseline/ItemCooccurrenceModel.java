package dev.recsys.baseline;

import dev.recsys.spi.Explainable;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;
import java.util.Arrays;

/**
 * A trained {@link ItemCooccurrence} model: for each item its most associated items, best first,
 * in CSR form ({@code ptr}, {@code idx}, {@code sim}).
 *
 * <p>Scoring picks one source of query items: the current item if it has neighbours (item
 * detail), else the cart items if any has neighbours (cart), else the history items weighted by
 * their interaction strength (home). An item's score is the (weighted) sum of its similarities to
 * the source items; items associated with none stay {@code -Infinity}. {@link #score} returns
 * {@code false} when no query item has any neighbour (including a query without items).
 *
 * <p>Thread safety: immutable; safe for concurrent scoring.
 */
public final class ItemCooccurrenceModel implements TrainedModel, Explainable {
    private final int nItems;
    private final int[] ptr;
    private final int[] idx;
    private final float[] sim;
    private final Params params;

    ItemCooccurrenceModel(int nItems, int[] ptr, int[] idx, float[] sim, Params params) {
        this.nItems = nItems;
        this.ptr = ptr;
        this.idx = idx;
        this.sim = sim;
        this.params = params;
    }

    @Override
    public String algorithm() {
        return ItemCooccurrence.NAME;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return nItems;
    }

    /** The neighbours of {@code item}, best first (a copy). */
    public int[] neighbors(int item) {
        return Arrays.copyOfRange(idx, ptr[item], ptr[item + 1]);
    }

    /** The similarities of {@code item}'s neighbours, in the order of {@link #neighbors(int)} (a copy). */
    public float[] similarities(int item) {
        return Arrays.copyOfRange(sim, ptr[item], ptr[item + 1]);
    }

    /** Stored similarity of {@code b} as a neighbour of {@code a}, or 0 if not kept. */
    public float similarity(int a, int b) {
        for (int p = ptr[a]; p < ptr[a + 1]; p++) {
            if (idx[p] == b) {
                return sim[p];
            }
        }
        return 0f;
    }

    /** Total number of stored neighbour entries. */
    public int numEntries() {
        return ptr[nItems];
    }

    private boolean valid(int item) {
        return item >= 0 && item < nItems;
    }

    private boolean hasNeighbors(int item) {
        return valid(item) && ptr[item + 1] > ptr[item];
    }

    /** 0 = current item, 1 = cart, 2 = history, -1 = nothing usable. */
    private int source(Query q) {
        if (hasNeighbors(q.currentItem())) {
            return 0;
        }
        for (int c : q.cart()) {
            if (hasNeighbors(c)) {
                return 1;
            }
        }
        for (int h : q.items()) {
            if (hasNeighbors(h)) {
                return 2;
            }
        }
        return -1;
    }

    @Override
    public boolean score(Query query, float[] out) {
        int src = source(query);
        if (src < 0) {
            return false;
        }
        Arrays.fill(out, 0, nItems, Float.NEGATIVE_INFINITY);
        if (src == 0) {
            add(query.currentItem(), 1f, out);
        } else if (src == 1) {
            for (int c : query.cart()) {
                add(c, 1f, out);
            }
        } else {
            int[] items = query.items();
            float[] w = query.weights();
            for (int h = 0; h < items.length; h++) {
                add(items[h], w[h], out);
            }
        }
        return true;
    }

    private void add(int item, float weight, float[] out) {
        if (!valid(item) || !Float.isFinite(weight)) {
            return;
        }
        for (int p = ptr[item]; p < ptr[item + 1]; p++) {
            int j = idx[p];
            float v = weight * sim[p];
            out[j] = out[j] == Float.NEGATIVE_INFINITY ? v : out[j] + v;
        }
    }

    @Override
    public int influentialItem(Query query, int item) {
        int src = source(query);
        if (src == 0) {
            return similarity(query.currentItem(), item) > 0 ? query.currentItem() : -1;
        }
        int best = -1;
        float bestV = 0f;
        if (src == 1) {
            for (int c : query.cart()) {
                float v = valid(c) ? similarity(c, item) : 0f;
                if (v > bestV) {
                    best = c;
                    bestV = v;
                }
            }
        } else if (src == 2) {
            int[] items = query.items();
            float[] w = query.weights();
            for (int h = 0; h < items.length; h++) {
                float v = valid(items[h]) ? w[h] * similarity(items[h], item) : 0f;
                if (v > bestV) {
                    best = items[h];
                    bestV = v;
                }
            }
        }
        return best;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        out.writeInt(nItems);
        out.writeInts(ptr);
        out.writeInts(idx);
        out.writeFloats(sim);
    }
}
