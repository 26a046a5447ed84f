package dev.recsys.nn.internal.layers;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fully connected layer on sparse input rows: {@code y = x W + b} with x an {@link InteractionMatrix}
 * batch (for example users' item sets) and W an in x out table. Forward costs
 * {@code nnz(x) * out} multiply-adds (a CSR x dense product), and backward produces the gradient of
 * W only for the rows of W that the batch's non-zeros touch ({@link RowGradient}), so a bag of a
 * few dozen items out of 10^5 costs what its non-zeros cost; pair it with lazy row-wise optimizer
 * updates ({@link ParameterUpdater}). The gradient with respect to the (sparse) input is not
 * computed.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class SparseInput {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param name prefix of the parameter names ({@code name.W}, {@code name.b})
     * @param in   input width (number of columns of the sparse rows), >= 1
     * @param out  output width, >= 1
     */
    public SparseInput(String name, int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("in and out must be >= 1, got " + in + ", " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = Parameter.sparseRows(name + ".W", in, out);
        this.bias = Parameter.dense(name + ".b", 1, out);
    }

    /**
     * Initialises the weights with {@code scheme} (bias zero).
     *
     * @return this
     */
    public SparseInput init(Init scheme, SplittableRandom rnd) {
        scheme.fill(weight.value(), in, out, rnd);
        java.util.Arrays.fill(bias.value(), 0f);
        return this;
    }

    /** Input width. */
    public int inputSize() {
        return in;
    }

    /** Output width. */
    public int outputSize() {
        return out;
    }

    /** The weight table (in x out, sparse row gradient). */
    public Parameter weight() {
        return weight;
    }

    /** The bias (1 x out). */
    public Parameter bias() {
        return bias;
    }

    /**
     * Computes {@code y = x W + b}.
     *
     * @param x the batch. Not modified.
     * @param y receives x.rows() x out outputs. Modified.
     * @throws IllegalArgumentException if x has another width
     */
    public void forward(InteractionMatrix x, float[] y) {
        if (x.cols() != in) {
            throw new IllegalArgumentException("input has " + x.cols() + " columns, layer expects " + in);
        }
        FloatKernels k = Kernels.get();
        int batch = x.rows();
        k.spmm(false, batch, in, x.rowPtr(), x.colIdx(), x.values(), out, 1f, weight.value(), 0, out, 0f, y, 0, out);
        float[] b = bias.value();
        for (int r = 0; r < batch; r++) {
            k.axpy(out, 1f, b, 0, y, r * out);
        }
    }

    /**
     * Writes this batch's gradients: the touched rows of W into its {@link RowGradient} (cleared
     * first) and the bias gradient.
     *
     * @param x  the batch of the forward pass. Not modified.
     * @param dy gradient with respect to y (x.rows() x out). Not modified.
     */
    public void backward(InteractionMatrix x, float[] dy) {
        FloatKernels k = Kernels.get();
        int batch = x.rows();
        RowGradient g = weight.rowGradient();
        g.clear();
        int[] ptr = x.rowPtr();
        int[] ci = x.colIdx();
        float[] v = x.values();
        for (int r = 0; r < batch; r++) {
            for (int q = ptr[r], end = ptr[r + 1]; q < end; q++) {
                int s = g.slot(ci[q]);
                k.axpy(out, v[q], dy, r * out, g.values(), s * out);
            }
        }
        float[] db = bias.grad();
        java.util.Arrays.fill(db, 0f);
        for (int r = 0; r < batch; r++) {
            k.axpy(out, 1f, dy, r * out, db, 0);
        }
    }

    /** The weight table and the bias. */
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
