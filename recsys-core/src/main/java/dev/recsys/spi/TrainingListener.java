package dev.recsys.spi;

import java.util.Map;

/**
 * Receives progress of long work (training epochs, evaluation of users). Called on the working
 * thread(s); implementations must be quick and thread-safe.
 */
@FunctionalInterface
public interface TrainingListener {
    /** A listener that ignores everything. */
    TrainingListener NONE = (stage, step, total, metrics) -> { };

    /**
     * Reports progress.
     *
     * @param stage   what is running, e.g. {@code epoch} or {@code users}
     * @param step    steps done (1-based)
     * @param total   total steps, or -1 if unknown
     * @param metrics current figures (for example training loss), possibly empty. Not modified.
     */
    void onProgress(String stage, int step, int total, Map<String, Double> metrics);
}
