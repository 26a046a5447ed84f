package dev.recsys.baseline;

import dev.recsys.internal.sequence.Sequences;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.SequenceModel;
import it.unimi.dsi.fastutil.ints.Int2FloatOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.io.IOException;
import java.util.Arrays;

/**
 * A trained {@link VSknn} model: the training sessions, an index from each item to its most recent
 * sessions, and each training user's latest steps.
 *
 * <p>Thread safety: immutable; safe for concurrent scoring.
 */
public final class VSknnModel implements SequenceModel {
    static final int VERSION = 1;

    private final Params params;
    private final int numItems;
    private final int[] ptr;
    private final int[] items;
    private final long[] ends;
    private final Sequences tails;
    private final int neighbors;
    private final int window;
    private final int[] itemPtr;
    private final int[] itemSessions;

    VSknnModel(Params params, int numItems, int[] ptr, int[] items, long[] ends, Sequences tails) {
        this.params = params;
        this.numItems = numItems;
        this.ptr = ptr;
        this.items = items;
        this.ends = ends;
        this.tails = tails;
        this.neighbors = params.getInt("neighbors");
        this.window = params.getInt("window");
        int sample = params.getInt("sample");
        int sessions = ptr.length - 1;
        // each item's sessions, most recent first, at most 'sample'
        int[] count = new int[numItems + 1];
        for (int i : items) {
            count[i + 1]++;
        }
        int[] start = new int[numItems + 1];
        for (int i = 0; i < numItems; i++) {
            start[i + 1] = start[i] + count[i + 1];
        }
        int[] all = new int[items.length];
        int[] fill = Arrays.copyOf(start, numItems);
        for (int s = 0; s < sessions; s++) {
            for (int p = ptr[s]; p < ptr[s + 1]; p++) {
                all[fill[items[p]]++] = s;
            }
        }
        int[] ip = new int[numItems + 1];
        for (int i = 0; i < numItems; i++) {
            IntArrays.quickSort(all, start[i], start[i + 1], (a, b) -> {
                int c = Long.compare(ends[b], ends[a]);
                return c != 0 ? c : Integer.compare(b, a);
            });
            ip[i + 1] = ip[i] + Math.min(sample, start[i + 1] - start[i]);
        }
        int[] is = new int[ip[numItems]];
        for (int i = 0; i < numItems; i++) {
            System.arraycopy(all, start[i], is, ip[i], ip[i + 1] - ip[i]);
        }
        this.itemPtr = ip;
        this.itemSessions = is;
    }

    @Override
    public String algorithm() {
        return VSknn.NAME;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Number of training sessions. */
    public int sessions() {
        return ptr.length - 1;
    }

    @Override
    public boolean score(Query query, float[] out) {
        int extra = query.currentItem() >= 0 ? 1 : 0;
        int[] it = Arrays.copyOf(query.items(), query.items().length + extra);
        if (extra == 1) {
            it[it.length - 1] = query.currentItem();
        }
        return scoreSequence(query.user(), it, new int[it.length], out);
    }

    @Override
    public boolean scoreSequence(int user, int[] recent, int[] behaviors, float[] out) {
        if (out.length < numItems) {
            throw new IllegalArgumentException("out must have at least " + numItems + " entries, got " + out.length);
        }
        int[][] seq = tails.join(user, recent, behaviors, numItems, window);
        int[] s = seq[0];
        int len = s.length;
        if (len == 0) {
            return false;
        }
        // position weight of each distinct item: its latest position p (1-based) / L
        Int2FloatOpenHashMap weight = new Int2FloatOpenHashMap(2 * len);
        for (int p = 0; p < len; p++) {
            weight.put(s[p], (p + 1f) / len);
        }
        Int2FloatOpenHashMap sim = new Int2FloatOpenHashMap();
        for (Int2FloatOpenHashMap.Entry en : weight.int2FloatEntrySet()) {
            int i = en.getIntKey();
            float w = en.getFloatValue();
            for (int q = itemPtr[i]; q < itemPtr[i + 1]; q++) {
                sim.addTo(itemSessions[q], w);
            }
        }
        if (sim.isEmpty()) {
            return false; // no training session shares an item: nothing to say (the scene backfills)
        }
        Arrays.fill(out, 0, numItems, Float.NEGATIVE_INFINITY); // items no neighbour holds
        int voted = 0;
        int m = sim.size();
        int[] cand = new int[m];
        float[] val = new float[m];
        int c = 0;
        for (Int2FloatOpenHashMap.Entry en : sim.int2FloatEntrySet()) {
            int ss = en.getIntKey();
            cand[c] = ss;
            val[c] = (float) (en.getFloatValue() / Math.sqrt(ptr[ss + 1] - ptr[ss]));
            c++;
        }
        int[] order = new int[m];
        for (int j = 0; j < m; j++) {
            order[j] = j;
        }
        IntArrays.quickSort(order, (a, b) -> {
            int r = Float.compare(val[b], val[a]);
            return r != 0 ? r : Integer.compare(cand[a], cand[b]);
        });
        for (int j = 0; j < Math.min(neighbors, m); j++) {
            int ss = cand[order[j]];
            float v = val[order[j]];
            for (int p = ptr[ss]; p < ptr[ss + 1]; p++) {
                int i = items[p];
                out[i] = out[i] == Float.NEGATIVE_INFINITY ? v : out[i] + v;
                voted++;
            }
        }
        return voted > 0;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        out.writeInt(VERSION);
        out.writeInt(numItems);
        out.writeInts(ptr);
        out.writeInts(items);
        out.writeLongs(ends);
        tails.write(out);
    }
}
