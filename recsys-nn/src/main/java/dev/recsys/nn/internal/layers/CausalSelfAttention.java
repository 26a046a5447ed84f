package dev.recsys.nn.internal.layers;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Causal multi-head self-attention (Vaswani et al. 2017) over each sequence of the batch
 * ({@link Segmented}): {@code Q = X Wq + bq}, {@code K}, {@code V} alike; per head {@code h} of width
 * {@code d / heads}, step {@code t} attends to steps {@code <= t} of its own sequence with
 * {@code softmax(Q_h K_h^T / sqrt(d / heads))}; the heads' outputs are concatenated and projected,
 * {@code Y = O Wo + bo}. The projections are core kernel gemms over all rows; the attention maps
 * are per sequence and head.
 *
 * <p>Thread safety: not thread-safe (keeps the last pass's activations).
 */
public final class CausalSelfAttention implements Layer, Segmented {
    private final int d;
    private final int heads;
    private final int dh;
    private final float scale;
    private final Dense q;
    private final Dense k;
    private final Dense v;
    private final Dense o;
    private final Segments seg = new Segments();
    private float[] qa = new float[0];
    private float[] ka = new float[0];
    private float[] va = new float[0];
    private float[] oa = new float[0];
    private float[] att = new float[0];
    private int[] attOff = new int[0];
    private float[] dq = new float[0];
    private float[] dk = new float[0];
    private float[] dv = new float[0];
    private float[] dO = new float[0];
    private float[] tmp = new float[0];
    private float[] row = new float[0];

    /**
     * @param name  prefix of the parameter names ({@code name.q.W}, ...)
     * @param d     model width (&gt;= 1)
     * @param heads number of heads, dividing d
     */
    public CausalSelfAttention(String name, int d, int heads) {
        if (d < 1 || heads < 1 || d % heads != 0) {
            throw new IllegalArgumentException("heads must divide the width; got width " + d + ", heads " + heads);
        }
        this.d = d;
        this.heads = heads;
        this.dh = d / heads;
        this.scale = (float) (1.0 / Math.sqrt(dh));
        this.q = new Dense(name + ".q", d, d);
        this.k = new Dense(name + ".k", d, d);
        this.v = new Dense(name + ".v", d, d);
        this.o = new Dense(name + ".o", d, d);
    }

    /** Initialises the four projections with {@code scheme} (biases zero). */
    public CausalSelfAttention init(Init scheme, SplittableRandom rnd) {
        q.init(scheme, rnd);
        k.init(scheme, rnd);
        v.init(scheme, rnd);
        o.init(scheme, rnd);
        return this;
    }

    @Override
    public void segments(int[] ends, int count) {
        seg.set(ends, count);
    }

    @Override
    public int inputSize() {
        return d;
    }

    @Override
    public int outputSize() {
        return d;
    }

    private static float[] ensure(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }



    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        int segs = seg.of(batch);
        int len = batch * d;
        qa = ensure(qa, len);
        ka = ensure(ka, len);
        va = ensure(va, len);
        oa = ensure(oa, len);
        q.forward(x, qa, batch, training);
        k.forward(x, ka, batch, training);
        v.forward(x, va, batch, training);
        if (attOff.length < segs + 1) {
            attOff = new int[segs + 1];
        }
        long total = 0;
        for (int s = 0; s < segs; s++) {
            attOff[s] = (int) total;
            int t = seg.end(s) - seg.start(s);
            total += (long) heads * t * t;
        }
        attOff[segs] = (int) total;
        att = ensure(att, (int) total);
        FloatKernels kern = Kernels.get();
        for (int s = 0; s < segs; s++) {
            int r0 = seg.start(s);
            int t = seg.end(s) - r0;
            for (int h = 0; h < heads; h++) {
                int a0 = attOff[s] + h * t * t;
                // scores S = Q_h K_h^T * scale, t x t
                kern.gemm(false, true, t, t, dh, scale, qa, r0 * d + h * dh, d, ka, r0 * d + h * dh, d, 0f, att, a0, t);
                for (int i = 0; i < t; i++) {
                    int ro = a0 + i * t;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        max = Math.max(max, att[ro + j]);
                    }
                    float sum = 0f;
                    for (int j = 0; j <= i; j++) {
                        float e = (float) Math.exp(att[ro + j] - max);
                        att[ro + j] = e;
                        sum += e;
                    }
                    float inv = 1f / sum;
                    for (int j = 0; j <= i; j++) {
                        att[ro + j] *= inv;
                    }
                    Arrays.fill(att, ro + i + 1, ro + t, 0f);
                }
                // O_h = A V_h
                kern.gemm(false, false, t, dh, t, 1f, att, a0, t, va, r0 * d + h * dh, d, 0f, oa, r0 * d + h * dh, d);
            }
        }
        o.forward(oa, y, batch, training);
    }

    /** The attention weights of the last forward pass for one sequence and head (a copy, t x t). */
    public float[] attention(int segment, int head) {
        int t = seg.end(segment) - seg.start(segment);
        int a0 = attOff[segment] + head * t * t;
        return Arrays.copyOfRange(att, a0, a0 + t * t);
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        int segs = seg.of(batch);
        int len = batch * d;
        dO = ensure(dO, len);
        dq = ensure(dq, len);
        dk = ensure(dk, len);
        dv = ensure(dv, len);
        o.backward(oa, y, dy, dO, batch);
        FloatKernels kern = Kernels.get();
        for (int s = 0; s < segs; s++) {
            int r0 = seg.start(s);
            int t = seg.end(s) - r0;
            tmp = ensure(tmp, t * t);
            for (int h = 0; h < heads; h++) {
                int a0 = attOff[s] + h * t * t;
                int off = r0 * d + h * dh;
                // dV_h = A^T dO_h
                kern.gemm(true, false, t, dh, t, 1f, att, a0, t, dO, off, d, 0f, dv, off, d);
                // dA = dO_h V_h^T
                kern.gemm(false, true, t, t, dh, 1f, dO, off, d, va, off, d, 0f, tmp, 0, t);
                // dS = A * (dA - rowsum(dA * A)), zero above the diagonal
                for (int i = 0; i < t; i++) {
                    int ro = i * t;
                    float dot = 0f;
                    for (int j = 0; j <= i; j++) {
                        dot += tmp[ro + j] * att[a0 + ro + j];
                    }
                    for (int j = 0; j <= i; j++) {
                        tmp[ro + j] = att[a0 + ro + j] * (tmp[ro + j] - dot);
                    }
                    Arrays.fill(tmp, ro + i + 1, ro + t, 0f);
                }
                // dQ_h = dS K_h * scale, dK_h = dS^T Q_h * scale
                kern.gemm(false, false, t, dh, t, scale, tmp, 0, t, ka, off, d, 0f, dq, off, d);
                kern.gemm(true, false, t, dh, t, scale, tmp, 0, t, qa, off, d, 0f, dk, off, d);
            }
        }
        // the three input projections share x: their input gradients add up
        row = ensure(row, len);
        q.backward(x, qa, dq, dx, batch);
        k.backward(x, ka, dk, dx == null ? null : row, batch);
        if (dx != null) {
            kern.axpy(len, 1f, row, 0, dx, 0);
        }
        v.backward(x, va, dv, dx == null ? null : row, batch);
        if (dx != null) {
            kern.axpy(len, 1f, row, 0, dx, 0);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(q.weight(), q.bias(), k.weight(), k.bias(), v.weight(), v.bias(), o.weight(), o.bias());
    }
}
