package dev.recsys.baseline;

import dev.recsys.internal.sequence.Sequences;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code vsknn} baseline: vector multiplied session-based kNN (Ludewig and Jannach, "Evaluation
 * of session-based recommendation algorithms", 2018). Training cuts each user's events, in time
 * order (consecutive repeats of an item merged, all behaviours), into sessions at gaps of more
 * than {@code session-gap} seconds (the data model has no session id). Serving takes the visitor's
 * latest {@code window} steps, weighs the step {@code p} of {@code L} (oldest first) by {@code p / L},
 * finds the sessions holding any of them (each item's {@code sample} most recent sessions), scores
 * each by the weighted count of shared items divided by the square root of its length, keeps the
 * {@code neighbors} best and gives every item the sum of the scores of the neighbours that hold it
 * (items no neighbour holds score {@code -Infinity}; with no neighbour at all the model has nothing to
 * say and a scene falls back to its other sources and trending items).
 * A user the model was trained on starts from their latest training steps. No training beyond
 * indexing; serving costs what the neighbours hold, not the catalogue.
 *
 * <p>Thread safety: stateless and thread-safe; its models are immutable.
 */
public final class VSknn implements Algorithm {
    /** Algorithm name. */
    public static final String NAME = "vsknn";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofInt("neighbors", 100, 1, 100_000, "most similar training sessions that vote"),
            ParamSpec.ofInt("sample", 500, 1, 10_000_000, "most recent sessions per item considered as neighbours"),
            ParamSpec.ofInt("window", 50, 1, 10_000, "latest steps of the visitor's sequence compared"),
            ParamSpec.ofLong("session-gap", 3600L, "seconds of inactivity that end a training session"));

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public VSknn() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "session kNN (V-SKNN): the visitor's latest steps, position-weighted, vote with similar training sessions";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        long gap = params.getLong("session-gap");
        if (gap < 0) {
            throw new IllegalArgumentException("session-gap must be >= 0, got " + gap);
        }
        int window = params.getInt("window");
        Sequences all = Sequences.of(data.dataset().interactions(), Integer.MAX_VALUE);
        int[] it = all.items();
        long[] tm = all.times();
        IntArrayList ptr = new IntArrayList();
        IntArrayList items = new IntArrayList();
        LongList ends = new LongList();
        ptr.add(0);
        IntOpenHashSet seen = new IntOpenHashSet();
        for (int u = 0; u < all.users(); u++) {
            int from = all.start(u);
            for (int p = from; p < all.end(u); p++) {
                boolean cut = p > from && tm[p] - tm[p - 1] > gap;
                if (cut && !seen.isEmpty()) {
                    ptr.add(items.size());
                    ends.add(tm[p - 1]);
                    seen.clear();
                }
                if (seen.add(it[p])) {
                    items.add(it[p]);
                }
            }
            if (!seen.isEmpty()) {
                ptr.add(items.size());
                ends.add(tm[all.end(u) - 1]);
                seen.clear();
            }
        }
        if (listener != null) {
            listener.onProgress("sessions", 1, 1, Map.of("sessions", (double) (ptr.size() - 1)));
        }
        return new VSknnModel(params, data.numItems(), ptr.toIntArray(), items.toIntArray(), ends.toArray(),
                all.tail(window));
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        int version = in.readInt();
        if (version != VSknnModel.VERSION) {
            throw new ModelFormatException(NAME + " payload version " + version + " is not supported (expected "
                    + VSknnModel.VERSION + ")");
        }
        int numItems = in.readInt();
        int[] ptr = in.readInts();
        int[] items = in.readInts();
        long[] ends = in.readLongs();
        if (numItems < 0 || ptr.length < 1 || ptr[0] != 0 || ptr[ptr.length - 1] != items.length
                || ends.length != ptr.length - 1) {
            throw new ModelFormatException(NAME + " payload: session tables do not match (" + ptr.length
                    + " pointers, " + items.length + " items, " + ends.length + " end times)");
        }
        for (int s = 0; s + 1 < ptr.length; s++) {
            if (ptr[s + 1] < ptr[s]) {
                throw new ModelFormatException(NAME + " payload: session pointers decrease at session " + s);
            }
        }
        for (int j = 0; j < items.length; j++) {
            if (items[j] < 0 || items[j] >= numItems) {
                throw new ModelFormatException(NAME + " payload: session item " + j + " is " + items[j]
                        + ", outside [0, " + numItems + ")");
            }
        }
        Sequences tails = Sequences.read(in, numItems, NAME);
        return new VSknnModel(params, numItems, ptr, items, ends, tails);
    }

    /** A growable long array. */
    private static final class LongList {
        private long[] a = new long[16];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
