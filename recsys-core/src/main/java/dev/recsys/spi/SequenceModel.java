package dev.recsys.spi;

/**
 * A trained model that scores the next item from the order of a visitor's events (a session model:
 * {@code sasrec}, {@code gru4rec}, {@code vsknn}). The scene engine calls {@link #scoreSequence}
 * with the user's recent events in the order they happened, so every recorded event changes the
 * next answer without retraining (the {@code sequence} source of a scene, and the {@code personal}
 * source of a sequence model).
 *
 * <p>Thread safety: {@link #scoreSequence} must be safe for concurrent calls.
 */
public interface SequenceModel extends TrainedModel {

    /**
     * Scores every item as the visitor's next one.
     *
     * @param user      dense user index of a user the model was trained on (its stored latest training
     *                  events come first), or -1 for a visitor known only by {@code items}
     * @param items     dense item indices of the recent events after training, oldest first; indices
     *                  outside {@code [0, numItems())} are skipped. Not modified.
     * @param behaviors {@link dev.recsys.data.Behavior#ordinal()} of each event (same length). Not modified.
     * @param out       receives one finite score per item. Modified.
     * @return {@code false} if there is nothing to go on (unknown user and no known item)
     * @throws IllegalArgumentException if the lengths differ or out is shorter than {@link #numItems()}
     */
    boolean scoreSequence(int user, int[] items, int[] behaviors, float[] out);
}
