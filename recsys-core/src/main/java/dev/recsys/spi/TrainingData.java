package dev.recsys.spi;

import dev.recsys.data.Dataset;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.MatrixBuilder;
import dev.recsys.data.MatrixOptions;

/**
 * What an algorithm trains on: the data set and how to turn its events into a user x item matrix.
 *
 * <p>Thread safety: thread-safe (the matrix is built once, lazily).
 */
public final class TrainingData {
    private final Dataset dataset;
    private final MatrixOptions options;
    private volatile InteractionMatrix matrix;

    /**
     * @param dataset the events and catalogue. Not modified.
     * @param options how events become matrix entries
     */
    public TrainingData(Dataset dataset, MatrixOptions options) {
        if (dataset == null) {
            throw new IllegalArgumentException("dataset must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (dataset.interactions().isEmpty()) {
            throw new IllegalArgumentException("the training data set has no events");
        }
        this.dataset = dataset;
        this.options = options;
    }

    /** The data set. */
    public Dataset dataset() {
        return dataset;
    }

    /** The matrix options. */
    public MatrixOptions options() {
        return options;
    }

    /** Number of users (size of the user index). */
    public int numUsers() {
        return dataset.interactions().users().size();
    }

    /** Number of items (size of the item index). */
    public int numItems() {
        return dataset.interactions().items().size();
    }

    /** The users x items matrix (CSR; {@code transpose()} gives items x users). */
    public InteractionMatrix matrix() {
        InteractionMatrix m = matrix;
        if (m == null) {
            synchronized (this) {
                m = matrix;
                if (m == null) {
                    m = MatrixBuilder.build(dataset.interactions(), options);
                    matrix = m;
                }
            }
        }
        return m;
    }
}
