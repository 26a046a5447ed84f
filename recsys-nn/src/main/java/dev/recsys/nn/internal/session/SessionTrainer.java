package dev.recsys.nn.internal.session;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.internal.sample.Shuffle;
import dev.recsys.internal.sequence.Sequences;
import dev.recsys.internal.train.TrainingLoop;
import dev.recsys.nn.internal.layers.ParameterUpdater;
import dev.recsys.nn.internal.layers.RowGradient;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.SplittableRandom;

/**
 * Trains a {@link SessionNetwork} on next-item prediction, one epoch at a time (a core
 * {@link TrainingLoop.Run}). Each user's steps are cut, from the latest backwards, into windows of
 * {@code maxLen + 1} steps overlapping by one; a window's first {@code maxLen} (or fewer) steps are
 * the inputs and each input's next step its target. Windows are shuffled each epoch (seeded) and
 * taken {@code batch} at a time. Per batch, {@code negatives} items are drawn uniformly and shared by
 * all rows (a draw equal to a row's target is masked for that row); the loss is the sampled softmax
 * cross-entropy of the target against them, or GRU4Rec's BPR-max (Hidasi and Karatzoglou 2018:
 * {@code -log sum_j s_j sigma(r_t - r_j) + reg * sum_j s_j r_j^2}, {@code s} the softmax over the
 * negatives' scores). Mean over rows; Adam on every parameter (lazy rows for the item embeddings).
 *
 * <p>Thread safety: not thread-safe. Same seed, same data: same model.
 */
public final class SessionTrainer implements TrainingLoop.Run {
    /** The training objective. */
    public enum Loss {
        /** Sampled softmax cross-entropy. */
        SOFTMAX,
        /** BPR-max with score regularisation. */
        BPR_MAX
    }

    private final SessionNetwork net;
    private final Sequences seq;
    private final int[] windowUser;
    private final int[] windowEnd;
    private final int batch;
    private final int negatives;
    private final Loss loss;
    private final float bprReg;
    private final long seed;
    private final ParameterUpdater updater;
    private final NegativeSampler sampler;
    private long sequencesTrained;

    /**
     * @param net       the network (trained in place)
     * @param seq       the users' steps
     * @param batch     windows per mini-batch
     * @param negatives shared negatives per batch
     * @param loss      objective
     * @param bprReg    BPR-max score regularisation
     * @param optimizer update rule
     * @param seed      shuffling and sampling seed
     */
    public SessionTrainer(SessionNetwork net, Sequences seq, int batch, int negatives, Loss loss, float bprReg,
                          Optimizer optimizer, long seed) {
        this.net = net;
        this.seq = seq;
        this.batch = batch;
        this.negatives = negatives;
        this.loss = loss;
        this.bprReg = bprReg;
        this.seed = seed;
        this.updater = new ParameterUpdater(optimizer, net.parameters());
        this.sampler = NegativeSampler.uniform(net.items);
        IntArrayList wu = new IntArrayList();
        IntArrayList we = new IntArrayList();
        int step = net.maxLen;
        for (int u = 0; u < seq.users(); u++) {
            for (int end = seq.end(u); end - seq.start(u) >= 2; end -= step) {
                wu.add(u);
                we.add(end);
            }
        }
        this.windowUser = wu.toIntArray();
        this.windowEnd = we.toIntArray();
    }

    /** The network trained. */
    public SessionNetwork network() {
        return net;
    }

    /** Number of training windows (sequences) per epoch. */
    public int windows() {
        return windowUser.length;
    }

    /** Windows trained so far. */
    public long sequencesTrained() {
        return sequencesTrained;
    }

    @Override
    public double epoch(int epoch) {
        int n = windowUser.length;
        if (n == 0) {
            return 0.0;
        }
        int[] order = new int[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        Shuffle.ints(order, 0, n, rng);
        int maxRows = batch * net.maxLen;
        int[] it = new int[maxRows];
        int[] beh = new int[maxRows];
        int[] tgt = new int[maxRows];
        int[] ends = new int[batch];
        double total = 0;
        long rowsTotal = 0;
        int[] items = seq.items();
        int[] behs = seq.behaviors();
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            int r = 0;
            for (int c = 0; c < count; c++) {
                int w = order[from + c];
                int u = windowUser[w];
                int end = windowEnd[w];
                int begin = Math.max(seq.start(u), end - net.maxLen - 1);
                for (int p = begin; p < end - 1; p++) {
                    it[r] = items[p];
                    beh[r] = behs[p];
                    tgt[r] = items[p + 1];
                    r++;
                }
                ends[c] = r;
            }
            float[] h = net.encode(it, beh, ends, count, true);
            net.itemEmb.rowGradient().clear();
            if (net.itemBias != null) {
                net.itemBias.rowGradient().clear();
            }
            float[] dh = new float[r * net.dim];
            total += lossAndGradient(h, tgt, r, dh, rng) * r;
            rowsTotal += r;
            net.backward(dh);
            updater.step();
            sequencesTrained += count;
        }
        return total / Math.max(1, rowsTotal);
    }

    /** Finishes lazy updates. */
    public void finish() {
        updater.finish();
    }

    /**
     * The mean loss of the rows against shared sampled negatives; writes dL/dh into dh and adds the
     * output side's item-embedding gradient to the item row gradient.
     */
    double lossAndGradient(float[] h, int[] tgt, int rows, float[] dh, SplittableRandom rng) {
        int d = net.dim;
        int s = negatives;
        float[] e = net.itemEmb.value();
        int[] neg = new int[s];
        float[] en = new float[s * d];
        for (int j = 0; j < s; j++) {
            neg[j] = sampler.draw(rng);
            System.arraycopy(e, neg[j] * d, en, j * d, d);
        }
        FloatKernels k = Kernels.get();
        float[] z = new float[rows * s];
        k.gemm(false, true, rows, s, d, 1f, h, 0, d, en, 0, d, 0f, z, 0, s);
        float[] bias = net.itemBias == null ? null : net.itemBias.value();
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < s; j++) {
                    z[r * s + j] += bias[neg[j]];
                }
            }
        }
        float[] dzt = new float[rows];
        double sum = 0;
        float inv = 1f / rows;
        for (int r = 0; r < rows; r++) {
            float zt = k.dot(h, r * d, e, tgt[r] * d, d) + (bias == null ? 0f : bias[tgt[r]]);
            int zo = r * s;
            sum += loss == Loss.SOFTMAX ? softmax(zt, z, zo, neg, tgt[r], dzt, r, inv)
                    : bprMax(zt, z, zo, neg, tgt[r], dzt, r, inv);
        }
        // dh = dZ En + dzt * E[target]; dEn = dZ^T h; dE[target] += dzt * h
        k.gemm(false, false, rows, d, s, 1f, z, 0, s, en, 0, d, 0f, dh, 0, d);
        float[] den = new float[s * d];
        k.gemm(true, false, s, d, rows, 1f, z, 0, s, h, 0, d, 0f, den, 0, d);
        RowGradient rg = net.itemEmb.rowGradient();
        for (int r = 0; r < rows; r++) {
            k.axpy(d, dzt[r], e, tgt[r] * d, dh, r * d);
            int slot = rg.slot(tgt[r]);
            k.axpy(d, dzt[r], h, r * d, rg.values(), slot * d);
        }
        for (int j = 0; j < s; j++) {
            int slot = rg.slot(neg[j]);
            k.axpy(d, 1f, den, j * d, rg.values(), slot * d);
        }
        if (bias != null) {
            RowGradient bg = net.itemBias.rowGradient();
            for (int r = 0; r < rows; r++) {
                int slot = bg.slot(tgt[r]);
                bg.values()[slot] += dzt[r];
                for (int j = 0; j < s; j++) {
                    int sj = bg.slot(neg[j]);
                    bg.values()[sj] += z[r * s + j];
                }
            }
        }
        return sum / rows;
    }

    /** Cross-entropy of the target against the negatives; z row overwritten by dL/dz (scaled by inv). */
    private static double softmax(float zt, float[] z, int zo, int[] neg, int target, float[] dzt, int r, float inv) {
        int s = neg.length;
        float max = zt;
        for (int j = 0; j < s; j++) {
            if (neg[j] != target) {
                max = Math.max(max, z[zo + j]);
            }
        }
        double et = Math.exp(zt - max);
        double norm = et;
        for (int j = 0; j < s; j++) {
            double ej = neg[j] != target ? Math.exp(z[zo + j] - max) : 0.0;
            z[zo + j] = (float) ej;
            norm += ej;
        }
        double scale = inv / norm;
        for (int j = 0; j < s; j++) {
            z[zo + j] = (float) (z[zo + j] * scale);
        }
        dzt[r] = (float) ((et / norm - 1.0) * inv);
        return max + Math.log(norm) - zt;
    }

    /** BPR-max; z row overwritten by dL/dz (scaled by inv). */
    private double bprMax(float zt, float[] z, int zo, int[] neg, int target, float[] dzt, int r, float inv) {
        int s = neg.length;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < s; j++) {
            if (neg[j] != target) {
                max = Math.max(max, z[zo + j]);
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            dzt[r] = 0f;
            java.util.Arrays.fill(z, zo, zo + s, 0f);
            return 0.0;
        }
        double norm = 0;
        for (int j = 0; j < s; j++) {
            if (neg[j] != target) {
                norm += Math.exp(z[zo + j] - max);
            }
        }
        double a = 0;
        double reg = 0;
        double[] sw = new double[s];
        double[] sig = new double[s];
        for (int j = 0; j < s; j++) {
            if (neg[j] == target) {
                continue;
            }
            sw[j] = Math.exp(z[zo + j] - max) / norm;
            sig[j] = 1.0 / (1.0 + Math.exp(-(zt - z[zo + j])));
            a += sw[j] * sig[j];
            reg += sw[j] * z[zo + j] * z[zo + j];
        }
        a = Math.max(a, 1e-24);
        double dt = 0;
        for (int j = 0; j < s; j++) {
            if (neg[j] == target) {
                z[zo + j] = 0f;
                continue;
            }
            double zj = z[zo + j];
            double g1 = sw[j] * sig[j] * (1 - sig[j]);
            dt -= g1 / a;
            // d(sum_k s_k sigma_k)/dz_j = s_j (sigma_j - A) - s_j sigma_j (1 - sigma_j)
            double dA = sw[j] * (sig[j] - a) - g1;
            double dReg = sw[j] * 2 * zj + sw[j] * (zj * zj - reg);
            z[zo + j] = (float) ((-dA / a + bprReg * dReg) * inv);
        }
        dzt[r] = (float) (dt * inv);
        return -Math.log(a) + bprReg * reg;
    }
}
