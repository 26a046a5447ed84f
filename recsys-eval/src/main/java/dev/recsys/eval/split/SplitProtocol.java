package dev.recsys.eval.split;

import dev.recsys.data.Interactions;
import java.util.List;

/**
 * A way of cutting one interaction log into train/test pairs. Implementations are seeded where
 * random, so the same log and seed always give the same splits; both sides of every split share the
 * log's id indices ({@link Interactions#select(int[])}) and keep events in log order.
 *
 * <p>Thread safety: implementations are immutable.
 */
public interface SplitProtocol {
    /**
     * Splits a log: one pair for hold-out protocols, {@code k} for k-fold cross-validation.
     *
     * @param log the events. Not modified.
     * @throws IllegalArgumentException if the log cannot be split this way (for example too few events)
     */
    List<Split> split(Interactions log);

    /** A short description for the protocol line, e.g. {@code per-user hold-out 25% (seed 42)}. */
    String describe();
}
