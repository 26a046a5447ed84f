package dev.recsys.nn.internal.layers;

import java.util.List;

/**
 * A differentiable map from a mini-batch of dense rows of width {@link #inputSize()} to rows of
 * width {@link #outputSize()}.
 *
 * <p>Thread safety: implementations are not thread-safe (they keep per-batch state such as
 * dropout masks); use one instance per training thread.
 */
public interface Layer {

    /** Width of an input row. */
    int inputSize();

    /** Width of an output row. */
    int outputSize();

    /**
     * Computes the outputs.
     *
     * @param x        batch x inputSize inputs. Not modified (unless it is also y).
     * @param y        receives batch x outputSize outputs. Modified. Element-wise layers allow
     *                 {@code y == x}.
     * @param batch    number of rows
     * @param training whether this is a training pass (dropout active)
     */
    void forward(float[] x, float[] y, int batch, boolean training);

    /**
     * Back-propagates: given the inputs and outputs of the last {@link #forward} and the loss
     * gradient {@code dy} with respect to the outputs, writes the gradient with respect to the
     * inputs into {@code dx} and overwrites the parameter gradients with this batch's.
     *
     * @param x     inputs of the forward pass. Not modified.
     * @param y     outputs of the forward pass. Not modified.
     * @param dy    gradient with respect to y. Not modified (unless it is also dx).
     * @param dx    receives the gradient with respect to x, or null if not needed. Modified.
     *              Element-wise layers allow {@code dx == dy}.
     * @param batch number of rows
     */
    void backward(float[] x, float[] y, float[] dy, float[] dx, int batch);

    /** Trainable parameters (empty for parameter-free layers). */
    default List<Parameter> parameters() {
        return List.of();
    }
}
