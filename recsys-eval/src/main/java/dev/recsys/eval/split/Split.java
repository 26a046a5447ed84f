package dev.recsys.eval.split;

import dev.recsys.data.Interactions;

/**
 * One train/test pair. Both logs share the same user and item {@link dev.recsys.data.IdIndex}
 * instances (and scene dictionary), so dense indices mean the same thing on both sides.
 *
 * @param train       training events
 * @param test        test events
 * @param description what the split is, for the protocol line (e.g. {@code 5-fold ..., fold 2/5})
 *
 * <p>Thread safety: as thread-safe as the logs (share read-only).
 */
public record Split(Interactions train, Interactions test, String description) {
    /**
     * Validates that both logs share id indices.
     *
     * @throws IllegalArgumentException if a part is null, the indices differ, or the description is blank
     */
    public Split {
        if (train == null || test == null) {
            throw new IllegalArgumentException("train and test must not be null");
        }
        if (train.users() != test.users() || train.items() != test.items()) {
            throw new IllegalArgumentException("train and test must share their id indices (load the test file with"
                    + " new Interactions(train.users(), train.items(), n) or split one log with Interactions.select)");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("description must not be blank");
        }
    }

    /**
     * A predefined split read from two files (MovieLens {@code u1.base/u1.test} .. {@code u5},
     * {@code ua}, {@code ub}): the caller loads the test file into the training log's id indices.
     *
     * @param name e.g. {@code u1.base/u1.test}
     */
    public static Split predefined(Interactions train, Interactions test, String name) {
        return new Split(train, test, "predefined " + name);
    }
}
