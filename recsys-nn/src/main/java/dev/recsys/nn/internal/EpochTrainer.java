package dev.recsys.nn.internal;

import dev.recsys.nn.internal.layers.Parameter;
import java.util.List;

/**
 * A model being trained on one training matrix, one epoch at a time, that can score a user of that
 * matrix (for validation).
 *
 * <p>Thread safety: not thread-safe.
 */
public interface EpochTrainer {
    /**
     * Trains one epoch.
     *
     * @param epoch 1-based epoch number
     * @return the mean training loss of the epoch
     */
    double epoch(int epoch);

    /** The trainable parameters (snapshotted by early stopping). */
    List<Parameter> parameters();

    /**
     * Scores every item for a user of the training matrix.
     *
     * @param user the row
     * @param out  receives one score per item. Modified.
     */
    void scoreUser(int user, float[] out);

    /** Called once when training is over (finishes lazy updates). */
    void finish();
}
