package dev.recsys.nn.internal.layers;

import dev.recsys.internal.optim.DenseUpdater;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.optim.SparseRowUpdater;
import dev.recsys.internal.parallel.Parallel;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one shared {@link Optimizer} to a model's parameters after each backward pass: a
 * {@link DenseUpdater} per dense parameter and a lazy {@link SparseRowUpdater} per sparse-row
 * parameter (only the rows in its {@link RowGradient} are updated).
 *
 * <p>Thread safety: not thread-safe.
 */
public final class ParameterUpdater {
    private final List<Parameter> params;
    private final DenseUpdater[] dense;
    private final SparseRowUpdater[] sparse;
    private static final long MIN_PARALLEL_SIZE = 1L << 16;
    private final long totalSize;
    private long step;
    private int bucketsFor;
    private int[][] bucketCache;
    private final Parallel par;

    /**
     * An updater working on the calling thread.
     *
     * @param optimizer the update rule (its state is created here, one block per parameter)
     * @param params    the parameters; distinct, names unique
     */
    public ParameterUpdater(Optimizer optimizer, List<Parameter> params) {
        this(optimizer, params, Parallel.SEQUENTIAL);
    }

    /**
     * An updater dividing the parameters between the threads of {@code par}.
     *
     * @param optimizer the update rule (its state is created here, one block per parameter)
     * @param params    the parameters; distinct, names unique
     * @param par       the threads for the updates
     */
    public ParameterUpdater(Optimizer optimizer, List<Parameter> params, Parallel par) {
        if (par == null) {
            throw new IllegalArgumentException("par must not be null");
        }
        this.par = par;
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null");
        }
        this.params = new ArrayList<>(params);
        this.dense = new DenseUpdater[params.size()];
        this.sparse = new SparseRowUpdater[params.size()];
        long total = 0;
        for (Parameter p : params) {
            total += p.size();
        }
        this.totalSize = total;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p.isSparse()) {
                sparse[i] = optimizer.sparse(p.value(), 0, p.rows(), p.cols());
            } else {
                dense[i] = optimizer.dense(p.value(), 0, p.size());
            }
        }
    }

    /**
     * Updates every parameter from its current gradient; advances the global step. The parameters
     * are divided between the runner's threads (each parameter is updated by one thread, so the
     * result does not depend on the thread count).
     */
    public void step() {
        step++;
        int threads = par.threads();
        if (threads <= 1 || totalSize < MIN_PARALLEL_SIZE) {
            for (int i = 0; i < dense.length; i++) {
                update(i);
            }
            return;
        }
        int[][] buckets = buckets(threads);
        par.forEach(buckets.length, (worker, b) -> {
            for (int i : buckets[b]) {
                update(i);
            }
        });
    }

    /** Parameters split into at most {@code threads} groups of similar size (largest first, greedy; fixed for a thread count). */
    private int[][] buckets(int threads) {
        if (bucketsFor != threads) {
            Integer[] idx = new Integer[params.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            java.util.Arrays.sort(idx, (x, y) -> Long.compare(params.get(y).size(), params.get(x).size()));
            int n = Math.min(threads, idx.length);
            long[] load = new long[n];
            List<List<Integer>> groups = new ArrayList<>();
            for (int g = 0; g < n; g++) {
                groups.add(new ArrayList<>());
            }
            for (Integer i : idx) {
                int best = 0;
                for (int g = 1; g < n; g++) {
                    if (load[g] < load[best]) {
                        best = g;
                    }
                }
                groups.get(best).add(i);
                load[best] += params.get(i).size();
            }
            int[][] out = new int[n][];
            for (int g = 0; g < n; g++) {
                out[g] = groups.get(g).stream().mapToInt(Integer::intValue).toArray();
            }
            bucketCache = out;
            bucketsFor = threads;
        }
        return bucketCache;
    }

    private void update(int i) {
        if (dense[i] != null) {
            dense[i].step(step, params.get(i).grad(), 0);
        } else {
            RowGradient g = params.get(i).rowGradient();
            int cols = g.cols();
            float[] v = g.values();
            for (int s = 0, n = g.count(); s < n; s++) {
                sparse[i].updateRow(step, g.row(s), v, s * cols);
            }
        }
    }

    /** Brings lazy rows up to date (pending decoupled weight decay); call once after training. */
    public void finish() {
        if (step == 0) {
            return;
        }
        for (SparseRowUpdater s : sparse) {
            if (s != null) {
                s.finish(step);
            }
        }
    }

    /** Number of steps done. */
    public long steps() {
        return step;
    }
}
