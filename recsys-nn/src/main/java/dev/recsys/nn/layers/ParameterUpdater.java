package dev.recsys.nn.layers;

import dev.recsys.internal.optim.DenseUpdater;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.optim.SparseRowUpdater;
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
    private long step;

    /**
     * @param optimizer the update rule (its state is created here, one block per parameter)
     * @param params    the parameters; distinct, names unique
     */
    public ParameterUpdater(Optimizer optimizer, List<Parameter> params) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null");
        }
        this.params = new ArrayList<>(params);
        this.dense = new DenseUpdater[params.size()];
        this.sparse = new SparseRowUpdater[params.size()];
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p.isSparse()) {
                sparse[i] = optimizer.sparse(p.value(), 0, p.rows(), p.cols());
            } else {
                dense[i] = optimizer.dense(p.value(), 0, p.size());
            }
        }
    }

    /** Updates every parameter from its current gradient; advances the global step. */
    public void step() {
        step++;
        for (int i = 0; i < dense.length; i++) {
            update(i);
        }
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
