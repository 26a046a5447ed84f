package dev.recsys.nn.internal.layers;

/**
 * Base of parameter-free element-wise layers of a fixed width.
 *
 * <p>Thread safety: subclasses without state are thread-safe.
 */
abstract class ElementwiseLayer implements Layer {
    final int n;

    ElementwiseLayer(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + n);
        }
        this.n = n;
    }

    @Override
    public int inputSize() {
        return n;
    }

    @Override
    public int outputSize() {
        return n;
    }
}
