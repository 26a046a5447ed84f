package dev.recsys.nn.internal.layers;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A gated recurrent unit (Cho et al. 2014) run over each sequence of the batch ({@link Segmented}),
 * from a zero state: with {@code a = x Wx + b} and {@code c = h' Wh} (gates r, z, n side by side),
 * {@code r = sigma(a_r + c_r)}, {@code z = sigma(a_z + c_z)}, {@code n = tanh(a_n + r * c_n)},
 * {@code h = (1 - z) * n + z * h'}; the output row of a step is its state {@code h}. The input
 * products are one core kernel gemm over all rows; the recurrence is a gemv per step; back-propagation
 * runs through time within each sequence.
 *
 * <p>Thread safety: not thread-safe (keeps the last pass's activations).
 */
public final class Gru implements Layer, Segmented {
    private final int in;
    private final int hidden;
    private final Parameter wx;
    private final Parameter wh;
    private final Parameter b;
    private final Segments seg = new Segments();
    private float[] a = new float[0];
    private float[] gates = new float[0];
    private float[] cn = new float[0];
    private float[] prev = new float[0];
    private float[] da = new float[0];
    private float[] dc = new float[0];
    private float[] dh = new float[0];
    private float[] c = new float[0];

    /**
     * @param name   prefix of the parameter names ({@code name.Wx}, {@code name.Wh}, {@code name.b})
     * @param in     input width
     * @param hidden state width
     */
    public Gru(String name, int in, int hidden) {
        if (in < 1 || hidden < 1) {
            throw new IllegalArgumentException("in and hidden must be >= 1, got " + in + ", " + hidden);
        }
        this.in = in;
        this.hidden = hidden;
        this.wx = Parameter.dense(name + ".Wx", in, 3 * hidden);
        this.wh = Parameter.dense(name + ".Wh", hidden, 3 * hidden);
        this.b = Parameter.dense(name + ".b", 1, 3 * hidden);
    }

    /** Initialises both weight matrices with {@code scheme} (bias zero). */
    public Gru init(Init scheme, SplittableRandom rnd) {
        scheme.fill(wx.value(), in, 3 * hidden, rnd);
        scheme.fill(wh.value(), hidden, 3 * hidden, rnd);
        Arrays.fill(b.value(), 0f);
        return this;
    }

    @Override
    public void segments(int[] ends, int count) {
        seg.set(ends, count);
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return hidden;
    }

    private static float[] ensure(float[] x, int n) {
        return x.length >= n ? x : new float[n];
    }


    private static float sigmoid(float x) {
        return x >= 0 ? 1f / (1f + (float) Math.exp(-x)) : (float) (Math.exp(x) / (1.0 + Math.exp(x)));
    }

    @Override
    public void forward(float[] x, float[] y, int batch, boolean training) {
        int segs = seg.of(batch);
        int g3 = 3 * hidden;
        a = ensure(a, batch * g3);
        gates = ensure(gates, batch * g3);
        cn = ensure(cn, batch * hidden);
        prev = ensure(prev, batch * hidden);
        c = ensure(c, g3);
        FloatKernels kern = Kernels.get();
        kern.gemm(false, false, batch, g3, in, 1f, x, 0, in, wx.value(), 0, g3, 0f, a, 0, g3);
        float[] bias = b.value();
        for (int r = 0; r < batch; r++) {
            kern.axpy(g3, 1f, bias, 0, a, r * g3);
        }
        int r0 = 0;
        for (int s = 0; s < segs; s++) {
            for (int r = r0; r < seg.end(s); r++) {
                int ho = r * hidden;
                if (r == r0) {
                    Arrays.fill(prev, ho, ho + hidden, 0f);
                    Arrays.fill(c, 0, g3, 0f);
                } else {
                    System.arraycopy(y, ho - hidden, prev, ho, hidden);
                    kern.gemv(true, hidden, g3, 1f, wh.value(), 0, g3, prev, ho, 0f, c, 0);
                }
                int go = r * g3;
                for (int j = 0; j < hidden; j++) {
                    float rg = sigmoid(a[go + j] + c[j]);
                    float zg = sigmoid(a[go + hidden + j] + c[hidden + j]);
                    float ng = (float) Math.tanh(a[go + 2 * hidden + j] + rg * c[2 * hidden + j]);
                    gates[go + j] = rg;
                    gates[go + hidden + j] = zg;
                    gates[go + 2 * hidden + j] = ng;
                    cn[ho + j] = c[2 * hidden + j];
                    y[ho + j] = (1f - zg) * ng + zg * prev[ho + j];
                }
            }
            r0 = seg.end(s);
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dy, float[] dx, int batch) {
        int segs = seg.of(batch);
        int g3 = 3 * hidden;
        da = ensure(da, batch * g3);
        dc = ensure(dc, batch * g3);
        dh = ensure(dh, hidden);
        FloatKernels kern = Kernels.get();
        int r0 = 0;
        for (int s = 0; s < segs; s++) {
            Arrays.fill(dh, 0, hidden, 0f);
            for (int r = seg.end(s) - 1; r >= r0; r--) {
                int ho = r * hidden;
                int go = r * g3;
                for (int j = 0; j < hidden; j++) {
                    float d = dy[ho + j] + dh[j];
                    float rg = gates[go + j];
                    float zg = gates[go + hidden + j];
                    float ng = gates[go + 2 * hidden + j];
                    float dn = d * (1f - zg) * (1f - ng * ng);
                    float dz = d * (prev[ho + j] - ng) * zg * (1f - zg);
                    float dr = dn * cn[ho + j] * rg * (1f - rg);
                    da[go + j] = dr;
                    da[go + hidden + j] = dz;
                    da[go + 2 * hidden + j] = dn;
                    dc[go + j] = dr;
                    dc[go + hidden + j] = dz;
                    dc[go + 2 * hidden + j] = dn * rg;
                    dh[j] = d * zg;
                }
                if (r > r0) {
                    // h' also feeds the gates through Wh: dh' += dc Wh^T
                    kern.gemv(false, hidden, g3, 1f, wh.value(), 0, g3, dc, go, 1f, dh, 0);
                } else {
                    Arrays.fill(dc, go, go + g3, 0f); // the zero initial state has no Wh path
                }
            }
            r0 = seg.end(s);
        }
        kern.gemm(true, false, in, g3, batch, 1f, x, 0, in, da, 0, g3, 0f, wx.grad(), 0, g3);
        kern.gemm(true, false, hidden, g3, batch, 1f, prev, 0, hidden, dc, 0, g3, 0f, wh.grad(), 0, g3);
        float[] db = b.grad();
        Arrays.fill(db, 0f);
        for (int r = 0; r < batch; r++) {
            kern.axpy(g3, 1f, da, r * g3, db, 0);
        }
        if (dx != null) {
            kern.gemm(false, true, batch, in, g3, 1f, da, 0, g3, wx.value(), 0, g3, 0f, dx, 0, in);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(wx, wh, b);
    }
}
