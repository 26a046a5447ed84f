package dev.recsys.data.io;

import dev.recsys.data.Dataset;

/**
 * A loaded data set and the report of the load.
 *
 * @param dataset the events (and any item attributes the format carries)
 * @param report  rows read, loaded and skipped
 *
 * <p>Thread safety: as thread-safe as its parts.
 */
public record LoadResult(Dataset dataset, LoadReport report) {
    /** Validates. */
    public LoadResult {
        if (dataset == null || report == null) {
            throw new IllegalArgumentException("dataset and report must not be null");
        }
    }
}
