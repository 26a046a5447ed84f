package dev.recsys.nn.layers;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fully connected layer with bias: {@code y = x W + b}, W an in x out row-major matrix. Forward is
 * one gemm; backward is two (dW = x^T dy, dx = dy W^T) plus a column sum for the bias. Inside
 * {@link Parallelism#run} the gemms are split over threads.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class Dense implements Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * A layer with zero weights and bias (initialise with {@link #init}).
     *
     * @param name prefix of the parameter names ({@code name.W}, {@code name.b})
     * @param in   input width (>= 1)
     * @param out  output width (>= 1)
     */
    public Dense(String name, int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("in and out must be >= 1, got " + in + ", " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = Parameter.dense(name + ".W", in, out);
        this.bias = Parameter.dense(name + ".b", 1, out);
    }

    /**
     * Initialises the weights with {@code scheme} (bias zero).
     *
     * @return this
     */
    public Dense init(Init scheme, SplittableRandom rnd) {
        scheme.fill(weight.value(), in, out, rnd);
        java.util.Arrays.fill(bias.value(), 0f);
        return this;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    /** The weight matrix (in x out). */
    public Parameter weight() {
        return weight;
    }

    /** The bias (1 x out). */
    public Parameter bias() {
        return bias;
    }

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        FloatKernels k = Kernels.get();
        Parallelism.gemm(false, false, batch, out, in, 1f, x, 0, in, weight.value(), 0, out, 0f, y, 0, out);
        float[] b = bias.value();
        for (int r = 0; r < batch; r++) {
            k.axpy(out, 1f, b, 0, y, r * out);
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        FloatKernels k = Kernels.get();
        Parallelism.gemm(true, false, in, out, batch, 1f, x, 0, in, dy, 0, out, 0f, weight.grad(), 0, out);
        float[] db = bias.grad();
        java.util.Arrays.fill(db, 0f);
        for (int r = 0; r < batch; r++) {
            k.axpy(out, 1f, dy, r * out, db, 0);
        }
        if (dx != null) {
            Parallelism.gemm(false, true, batch, in, out, 1f, dy, 0, out, weight.value(), 0, out, 0f, dx, 0, in);
        }
    }

    /**
     * Forward pass of a single row through a matrix-vector product (cheaper than a one-row gemm):
     * {@code y = x W + b}.
     *
     * @param x input row of width in at xOff. Not modified.
     * @param y receives the output row of width out at yOff. Modified.
     */
    public void forwardOne(float[] x, int xOff, float[] y, int yOff) {
        FloatKernels k = Kernels.get();
        k.gemv(true, in, out, 1f, weight.value(), 0, out, x, xOff, 0f, y, yOff);
        k.axpy(out, 1f, bias.value(), 0, y, yOff);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
