package dev.recsys.baseline;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.topk.TopK;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.modelfile.ModelFormatException;
import dev.recsys.privacy.PrivateCounts;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code item-cooccurrence} baseline: item-item association computed from the user x item
 * matrix, keeping the top {@code neighbors} most associated items per item (stored sparsely as
 * {@code int[]}/{@code float[]}). With {@code c} the number of users who have both items, {@code
 * n_i} the users of item i and {@code N} the users with any item:
 * <ul>
 *   <li>{@code count}: {@code c};</li>
 *   <li>{@code jaccard}: {@code c / (n_i + n_j - c)};</li>
 *   <li>{@code lift}: {@code c N / (n_i n_j)};</li>
 *   <li>{@code cosine}: cosine of the two items' weighted user columns.</li>
 * </ul>
 * Pairs with {@code c < min-support} or a similarity {@code <= 0} are dropped. Scoring uses the
 * query's current item if it has neighbours (item detail), else its cart (sum of the cart items'
 * neighbours), else its weighted history (home); see {@link ItemCooccurrenceModel}.
 *
 * <p>With {@code dp-epsilon > 0} the counts are differentially private: each user's items are
 * bounded, the matrix is binary, and item and pair counts get noise (see {@link PrivateCounts}).
 *
 * <p>Training runs on {@code threads} worker threads (0 = one per processor); each item's
 * neighbour list is computed independently in a fixed order, so results do not depend on the
 * number of threads.
 *
 * <p>Thread safety: stateless and thread-safe; its models are immutable.
 */
public final class ItemCooccurrence implements Algorithm {
    /** Algorithm name. */
    public static final String NAME = "item-cooccurrence";
    /** Parameter: similarity measure. */
    public static final String SIMILARITY = "similarity";
    /** Parameter: neighbours kept per item. */
    public static final String NEIGHBORS = "neighbors";
    /** Parameter: minimum number of common users of a pair. */
    public static final String MIN_SUPPORT = "min-support";
    /** Parameter: worker threads (0 = available processors). */
    public static final String THREADS = Parallel.THREADS;

    private static final Logger LOG = LoggerFactory.getLogger(ItemCooccurrence.class);
    private static final int BLOCK = 256;
    private static final List<ParamSpec> PARAMS = PrivateCounts.withParams(
            ParamSpec.ofChoice(SIMILARITY, "cosine", List.of("cosine", "jaccard", "lift", "count"),
                    "item-item association measure"),
            ParamSpec.ofInt(NEIGHBORS, 100, 1, 100_000, "most associated items kept per item"),
            ParamSpec.ofInt(MIN_SUPPORT, 2, 1, 1_000_000_000, "minimum number of users having both items"),
            Parallel.threadsParam("training"));

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public ItemCooccurrence() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "item-to-item co-occurrence (cosine, jaccard, lift or count), top-N neighbours per item";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public TrainedModel train(TrainingData data, Params params, TrainingListener listener) {
        TrainingListener progress = listener == null ? TrainingListener.NONE : listener;
        String similarity = params.getChoice(SIMILARITY);
        int neighbors = params.getInt(NEIGHBORS);
        int minSupport = params.getInt(MIN_SUPPORT);
        int threads = params.getInt(THREADS);
        PrivateCounts.Budget dp = PrivateCounts.Budget.of(params);
        PrivateCounts.Cooccurrence noise = dp == null ? null : new PrivateCounts.Cooccurrence(dp);
        InteractionMatrix byUser = dp == null ? data.matrix()
                : PrivateCounts.bounded(data.dataset().interactions(), data.options(), 0, dp);
        InteractionMatrix byItem = byUser.transpose();
        int nItems = byUser.cols();
        // the neighbour lists (index and similarity per kept neighbour), built per item and then packed
        TrainingChecks.requireMemory(NAME + ": the neighbour lists",
                TrainingChecks.bytes(16, nItems, Math.min(neighbors, Math.max(0, nItems - 1))),
                "lower neighbors (now " + neighbors + ")");
        Builder b = new Builder(byUser, byItem, similarity, neighbors, minSupport, noise);
        int blocks = (nItems + BLOCK - 1) / BLOCK;
        Parallel par = new Parallel(threads);
        LOG.debug("item-cooccurrence: {} items, {} users, {} entries, {} threads", nItems, byUser.rows(), byUser.nnz(),
                par.threads());
        AtomicInteger doneBlocks = new AtomicInteger();
        Builder.Scratch[] scratch = new Builder.Scratch[Math.min(par.threads(), Math.max(1, blocks))];
        par.forEach(blocks, (worker, blk) -> {
            if (scratch[worker] == null) {
                scratch[worker] = b.scratch();
            }
            int to = Math.min(nItems, (blk + 1) * BLOCK);
            for (int i = blk * BLOCK; i < to; i++) {
                b.computeItem(i, scratch[worker]);
            }
            progress.onProgress("items", doneBlocks.incrementAndGet(), blocks, Map.of());
        });
        return b.toModel(params);
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        int n = in.readInt();
        int[] ptr = in.readInts();
        int[] idx = in.readInts();
        float[] sim = in.readFloats();
        if (n < 0 || ptr.length != n + 1 || ptr[0] != 0) {
            throw new ModelFormatException("item-cooccurrence payload: neighbour pointers do not match " + n + " items");
        }
        for (int i = 0; i < n; i++) {
            if (ptr[i + 1] < ptr[i]) {
                throw new ModelFormatException("item-cooccurrence payload: neighbour pointers decrease at item " + i);
            }
        }
        if (idx.length != ptr[n] || sim.length != ptr[n]) {
            throw new ModelFormatException("item-cooccurrence payload: " + ptr[n] + " neighbours declared, "
                    + idx.length + " indices and " + sim.length + " similarities stored");
        }
        for (int p = 0; p < idx.length; p++) {
            if (idx[p] < 0 || idx[p] >= n || !Float.isFinite(sim[p])) {
                throw new ModelFormatException("item-cooccurrence payload: neighbour entry " + p + " is invalid (item "
                        + idx[p] + ", similarity " + sim[p] + ")");
            }
        }
        return new ItemCooccurrenceModel(n, ptr, idx, sim, params);
    }

    /** Computes neighbour lists item by item. Thread-safe for distinct items. */
    private static final class Builder {
        private final InteractionMatrix byUser;
        private final InteractionMatrix byItem;
        private final int measure; // 0 cosine, 1 jaccard, 2 lift, 3 count
        private final int neighbors;
        private final int minSupport;
        private final int nItems;
        private final float[] norms;
        private final double activeUsers;
        private final int[][] nbrIdx;
        private final float[][] nbrSim;
        /** Differential privacy noise, or null; with it the matrix is binary and counts are noisy. */
        private final PrivateCounts.Cooccurrence noise;
        private final double[] noisyUsers;

        Builder(InteractionMatrix byUser, InteractionMatrix byItem, String similarity, int neighbors, int minSupport,
                PrivateCounts.Cooccurrence noise) {
            this.byUser = byUser;
            this.byItem = byItem;
            this.measure = List.of("cosine", "jaccard", "lift", "count").indexOf(similarity);
            if (measure < 0) {
                throw new IllegalArgumentException("similarity must be one of cosine, jaccard, lift, count; got " + similarity);
            }
            this.neighbors = neighbors;
            this.minSupport = minSupport;
            this.nItems = byUser.cols();
            this.norms = new float[nItems];
            int[] ptr = byItem.rowPtr();
            float[] val = byItem.values();
            for (int i = 0; i < nItems; i++) {
                double s = 0;
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    s += (double) val[p] * val[p];
                }
                norms[i] = (float) Math.sqrt(s);
            }
            this.noise = noise;
            this.noisyUsers = noise == null ? null : new double[nItems];
            if (noise != null) {
                for (int i = 0; i < nItems; i++) {
                    noisyUsers[i] = noise.itemCount(i, ptr[i + 1] - ptr[i]);
                    norms[i] = (float) Math.sqrt(noisyUsers[i]);
                }
            }
            int active = 0;
            for (int u = 0; u < byUser.rows(); u++) {
                if (byUser.rowLength(u) > 0) {
                    active++;
                }
            }
            this.activeUsers = active;
            this.nbrIdx = new int[nItems][];
            this.nbrSim = new float[nItems][];
        }

        final class Scratch {
            final int[] count = new int[nItems];
            final float[] dot = measure == 0 ? new float[nItems] : null;
            final int[] touched = new int[nItems];
            final TopK top = new TopK(neighbors);
            final int[] outIdx = new int[neighbors];
            final float[] outSim = new float[neighbors];
        }

        Scratch scratch() {
            return new Scratch();
        }

        void computeItem(int i, Scratch s) {
            int[] iPtr = byItem.rowPtr();
            int[] iUsers = byItem.colIdx();
            float[] iVals = byItem.values();
            int[] uPtr = byUser.rowPtr();
            int[] uItems = byUser.colIdx();
            float[] uVals = byUser.values();
            int nTouched = 0;
            for (int p = iPtr[i]; p < iPtr[i + 1]; p++) {
                int u = iUsers[p];
                float vi = iVals[p];
                for (int q = uPtr[u]; q < uPtr[u + 1]; q++) {
                    int j = uItems[q];
                    if (j == i) {
                        continue;
                    }
                    if (s.count[j]++ == 0) {
                        s.touched[nTouched++] = j;
                    }
                    if (s.dot != null) {
                        s.dot[j] += vi * uVals[q];
                    }
                }
            }
            s.top.reset(neighbors);
            for (int t = 0; t < nTouched; t++) {
                int j = s.touched[t];
                double c = s.count[j];
                double ni = iPtr[i + 1] - iPtr[i];
                double nj = iPtr[j + 1] - iPtr[j];
                double dot = s.dot != null ? s.dot[j] : 0;
                if (noise != null) {
                    c = noise.pairCount(i, j, s.count[j]); // NaN: the pair is not released
                    ni = noisyUsers[i];
                    nj = noisyUsers[j];
                    dot = c;
                }
                if (c >= minSupport) {
                    double sim;
                    switch (measure) {
                        case 0:
                            sim = norms[i] > 0 && norms[j] > 0 ? dot / ((double) norms[i] * norms[j]) : 0;
                            break;
                        case 1:
                            sim = c / (ni + nj - c);
                            break;
                        case 2:
                            sim = c * activeUsers / (ni * nj);
                            break;
                        default:
                            sim = c;
                    }
                    float f = (float) sim;
                    if (f > 0 && Float.isFinite(f)) {
                        s.top.offer(j, f);
                    }
                }
                s.count[j] = 0;
                if (s.dot != null) {
                    s.dot[j] = 0f;
                }
            }
            int m = s.top.drain(s.outIdx, s.outSim);
            nbrIdx[i] = java.util.Arrays.copyOf(s.outIdx, m);
            nbrSim[i] = java.util.Arrays.copyOf(s.outSim, m);
        }

        ItemCooccurrenceModel toModel(Params params) {
            int[] ptr = new int[nItems + 1];
            for (int i = 0; i < nItems; i++) {
                ptr[i + 1] = ptr[i] + nbrIdx[i].length;
            }
            int[] idx = new int[ptr[nItems]];
            float[] sim = new float[ptr[nItems]];
            for (int i = 0; i < nItems; i++) {
                System.arraycopy(nbrIdx[i], 0, idx, ptr[i], nbrIdx[i].length);
                System.arraycopy(nbrSim[i], 0, sim, ptr[i], nbrSim[i].length);
            }
            TrainingChecks.requireFinite(NAME, "choose another " + SIMILARITY, sim);
            return new ItemCooccurrenceModel(nItems, ptr, idx, sim, params);
        }
    }
}
