package dev.recsys.nn.internal.train;

import dev.recsys.nn.internal.layers.Parameter;
import java.util.List;

/**
 * Early stopping on a validation metric (higher is better): remembers the best epoch and a copy of
 * the parameters at that epoch, and says when {@code patience} epochs passed without improvement.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class EarlyStopping {
    private final List<Parameter> params;
    private final int patience;
    private final float[][] best;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private int bestEpoch;
    private int sinceBest;

    /**
     * @param params   the parameters to snapshot
     * @param patience epochs without improvement before stopping, >= 1
     */
    public EarlyStopping(List<Parameter> params, int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        this.params = List.copyOf(params);
        this.patience = patience;
        this.best = new float[params.size()][];
    }

    /**
     * Records an epoch's score (a NaN score never counts as an improvement).
     *
     * @param epoch 1-based epoch
     * @return true if training should stop
     */
    public boolean record(int epoch, double score) {
        if (score > bestScore) {
            bestScore = score;
            bestEpoch = epoch;
            sinceBest = 0;
            for (int i = 0; i < best.length; i++) {
                float[] v = params.get(i).value();
                if (best[i] == null) {
                    best[i] = v.clone();
                } else {
                    System.arraycopy(v, 0, best[i], 0, v.length);
                }
            }
            return false;
        }
        return ++sinceBest >= patience;
    }

    /** Copies the best epoch's parameters back (no-op before the first record). */
    public void restoreBest() {
        for (int i = 0; i < best.length; i++) {
            if (best[i] != null) {
                System.arraycopy(best[i], 0, params.get(i).value(), 0, best[i].length);
            }
        }
    }

    /** Best epoch so far (0 before the first record). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Best score so far (negative infinity before the first record). */
    public double bestScore() {
        return bestScore;
    }
}
