package dev.recsys.nn.internal.layers;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fully connected layer with bias: {@code y = x W + b}, W an in x out row-major matrix. Forward is
 * one gemm; backward is two (dW = x^T dy, dx = dy W^T) plus a column sum for the bias. Large gemms
 * are split over the output columns (or rows) between the threads of the {@link Parallel} runner the
 * layer was built with. Every output element is computed by the same arithmetic in the same order
 * whatever the split (the Java kernels' gemm sums each element over the inner dimension
 * independently of where its column lies), so the layer's results do not depend on the thread
 * count (tested for the scalar and Vector API kernels; the optional native BLAS gives no such
 * promise).
 *
 * <p>Thread safety: not thread-safe.
 */
public final class Dense implements Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final Parallel par;

    /** Products with fewer multiply-adds than this stay on one thread (a split costs more than it saves). */
    static final long MIN_PARALLEL_FMAS = 1L << 22;
    /** Column (row) chunks are multiples of this, a multiple of every kernel's tile width. */
    static final int ALIGN = 64;

    /**
     * A layer with zero weights and bias (initialise with {@link #init}) computing on the calling
     * thread.
     *
     * @param name prefix of the parameter names ({@code name.W}, {@code name.b})
     * @param in   input width (>= 1)
     * @param out  output width (>= 1)
     */
    public Dense(String name, int in, int out) {
        this(name, in, out, Parallel.SEQUENTIAL);
    }

    /**
     * A layer with zero weights and bias (initialise with {@link #init}) splitting its large products
     * over the threads of {@code par}.
     *
     * @param name prefix of the parameter names ({@code name.W}, {@code name.b})
     * @param in   input width (>= 1)
     * @param out  output width (>= 1)
     * @param par  the threads for the products
     */
    public Dense(String name, int in, int out, Parallel par) {
        if (par == null) {
            throw new IllegalArgumentException("par must not be null");
        }
        this.par = par;
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
        gemm(par, false, false, batch, out, in, 1f, x, 0, in, weight.value(), 0, out, 0f, y, 0, out);
        float[] b = bias.value();
        for (int r = 0; r < batch; r++) {
            k.axpy(out, 1f, b, 0, y, r * out);
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        FloatKernels k = Kernels.get();
        gemm(par, true, false, in, out, batch, 1f, x, 0, in, dy, 0, out, 0f, weight.grad(), 0, out);
        float[] db = bias.grad();
        java.util.Arrays.fill(db, 0f);
        for (int r = 0; r < batch; r++) {
            k.axpy(out, 1f, dy, r * out, db, 0);
        }
        if (dx != null) {
            gemm(par, false, true, batch, in, out, 1f, dy, 0, out, weight.value(), 0, out, 0f, dx, 0, in);
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

    /**
     * {@link FloatKernels#gemm} with the active kernels, split over the threads of {@code par} when
     * large enough (the split changes no output element). Other arguments as there.
     */
    static void gemm(Parallel par, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        FloatKernels kern = Kernels.get();
        int parts = Math.max(1, Math.min(par.threads(), Math.max(m, n) / ALIGN));
        if (parts <= 1 || (long) m * n * k < MIN_PARALLEL_FMAS) {
            kern.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        // several calls at once on parts of one output array: a Java kernel, because jblas copies
        // every array whole into native memory and back, so concurrent calls would overwrite each other
        FloatKernels pk = Kernels.bestJava();
        boolean byColumns = n >= m;
        int extent = byColumns ? n : m;
        int step = (extent / parts + ALIGN - 1) / ALIGN * ALIGN;
        par.forEach((extent + step - 1) / step, (worker, part) -> {
            int from = part * step;
            int len = Math.min(step, extent - from);
            if (byColumns) {
                pk.gemm(transA, transB, m, len, k, alpha, a, aOff, lda,
                        b, bOff + (transB ? from * ldb : from), ldb, beta, c, cOff + from, ldc);
            } else {
                pk.gemm(transA, transB, len, n, k, alpha, a, aOff + (transA ? from : from * lda), lda,
                        b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            }
        });
    }
}
