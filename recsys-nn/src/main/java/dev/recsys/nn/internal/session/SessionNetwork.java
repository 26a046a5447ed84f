package dev.recsys.nn.internal.session;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.sequence.Sequences;
import dev.recsys.nn.internal.layers.CausalSelfAttention;
import dev.recsys.nn.internal.layers.Dense;
import dev.recsys.nn.internal.layers.Dropout;
import dev.recsys.nn.internal.layers.Gru;
import dev.recsys.nn.internal.layers.Init;
import dev.recsys.nn.internal.layers.LayerNorm;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.Relu;
import dev.recsys.nn.internal.layers.RowGradient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The encoder of a session model: a step's input is its item's embedding plus its behaviour's
 * embedding (plus, for {@link Kind#SASREC}, the embedding of its position counted from the end of
 * the window), then either {@code blocks} pre-norm Transformer blocks (causal multi-head
 * self-attention and a ReLU feed-forward layer, each with dropout and a residual connection) and a
 * final layer norm (SASRec, Kang and McAuley 2018), or one GRU layer (GRU4Rec, Hidasi et al. 2016
 * and 2018). The output row of a step is its next-item query: item {@code j} scores
 * {@code h . E[j]} with the same item embeddings {@code E} as the input.
 *
 * <p>Rows of a batch are several sequences one after the other ({@link #encode}).
 *
 * <p>Thread safety: not thread-safe (activations of the last pass); {@link #servingCopy} gives an
 * encoder for another thread sharing the item embeddings.
 */
public final class SessionNetwork {
    /** The architecture. */
    public enum Kind {
        /** Self-attention blocks. */
        SASREC,
        /** One GRU layer. */
        GRU4REC
    }

    final Kind kind;
    final int items;
    final int dim;
    final int maxLen;
    final int blocks;
    final int heads;
    final float dropout;
    final boolean behaviorInput;
    final Parameter itemEmb;
    /** Learnt output bias per item (null when off). */
    final Parameter itemBias;
    final Parameter behEmb;
    final Parameter posEmb;
    private final LayerNorm[] ln1;
    private final CausalSelfAttention[] att;
    private final LayerNorm[] ln2;
    private final Dense[] ff1;
    private final Relu relu;
    private final Dense[] ff2;
    private final Dropout[] drops;
    private final LayerNorm lnf;
    private final Gru gru;
    private final List<Parameter> params = new ArrayList<>();

    // activations of the last pass
    private int rows;
    private int[] inItems = new int[0];
    private int[] inBeh = new int[0];
    private int[] inPos = new int[0];
    private float[][] buf = new float[0][];
    private float[] out = new float[0];

    /**
     * A network with initialised weights.
     *
     * @param kind          architecture
     * @param items         catalogue size
     * @param dim           embedding width (and GRU state width)
     * @param maxLen        longest window of steps
     * @param blocks        Transformer blocks (SASRec)
     * @param heads         attention heads, dividing dim (SASRec)
     * @param dropout       dropout rate in [0, 1)
     * @param behaviorInput whether the behaviour embedding is added to the input
     * @param itemBias      whether each item has a learnt output bias (its score is {@code h . E[j] + b[j]})
     * @param seed          initialisation and dropout seed
     */
    public SessionNetwork(Kind kind, int items, int dim, int maxLen, int blocks, int heads, float dropout,
                          boolean behaviorInput, boolean itemBias, long seed) {
        this(kind, items, dim, maxLen, blocks, heads, dropout, behaviorInput, itemBias, seed, null, null);
    }

    private SessionNetwork(Kind kind, int items, int dim, int maxLen, int blocks, int heads, float dropout,
                           boolean behaviorInput, boolean withBias, long seed, Parameter sharedItems,
                           Parameter sharedBias) {
        if (items < 1 || dim < 1 || maxLen < 1 || blocks < 1 || heads < 1) {
            throw new IllegalArgumentException("sizes must be >= 1: items " + items + ", dim " + dim + ", max length "
                    + maxLen + ", blocks " + blocks + ", heads " + heads);
        }
        if (kind == Kind.SASREC && dim % heads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must divide factors (" + dim + ")");
        }
        this.kind = kind;
        this.items = items;
        this.dim = dim;
        this.maxLen = maxLen;
        this.blocks = kind == Kind.SASREC ? blocks : 1;
        this.heads = heads;
        this.dropout = dropout;
        this.behaviorInput = behaviorInput;
        SplittableRandom rnd = new SplittableRandom(seed);
        this.itemEmb = sharedItems != null ? sharedItems : Parameter.sparseRows("item.E", items, dim);
        if (sharedItems == null) {
            Init.normal(1.0 / Math.sqrt(dim)).fill(itemEmb.value(), items, dim, rnd);
        }
        params.add(itemEmb);
        this.itemBias = !withBias ? null : sharedBias != null ? sharedBias : Parameter.sparseRows("item.b", items, 1);
        if (itemBias != null) {
            params.add(itemBias);
        }
        this.behEmb = Parameter.dense("behavior.E", Sequences.BEHAVIORS, dim);
        Init.normal(0.02).fill(behEmb.value(), Sequences.BEHAVIORS, dim, rnd);
        params.add(behEmb);
        int nb = this.blocks;
        int nd = kind == Kind.SASREC ? 1 + 2 * nb : 2;
        drops = new Dropout[nd];
        for (int j = 0; j < nd; j++) {
            drops[j] = new Dropout(dim, dropout, rnd.nextLong());
        }
        relu = new Relu(dim);
        if (kind == Kind.SASREC) {
            posEmb = Parameter.dense("position.E", maxLen, dim);
            Init.normal(0.02).fill(posEmb.value(), maxLen, dim, rnd);
            params.add(posEmb);
            ln1 = new LayerNorm[nb];
            att = new CausalSelfAttention[nb];
            ln2 = new LayerNorm[nb];
            ff1 = new Dense[nb];
            ff2 = new Dense[nb];
            for (int b = 0; b < nb; b++) {
                ln1[b] = new LayerNorm("block" + b + ".ln1", dim);
                att[b] = new CausalSelfAttention("block" + b + ".att", dim, heads).init(Init.XAVIER_UNIFORM, rnd);
                ln2[b] = new LayerNorm("block" + b + ".ln2", dim);
                ff1[b] = new Dense("block" + b + ".ff1", dim, dim).init(Init.XAVIER_UNIFORM, rnd);
                ff2[b] = new Dense("block" + b + ".ff2", dim, dim).init(Init.XAVIER_UNIFORM, rnd);
                params.addAll(ln1[b].parameters());
                params.addAll(att[b].parameters());
                params.addAll(ln2[b].parameters());
                params.addAll(ff1[b].parameters());
                params.addAll(ff2[b].parameters());
            }
            lnf = new LayerNorm("final.ln", dim);
            params.addAll(lnf.parameters());
            gru = null;
        } else {
            posEmb = null;
            ln1 = ln2 = null;
            att = null;
            ff1 = ff2 = null;
            lnf = null;
            gru = new Gru("gru", dim, dim).init(Init.XAVIER_UNIFORM, rnd);
            params.addAll(gru.parameters());
        }
    }

    /** A network for another thread: its own copies of the small weights, the item embeddings shared. */
    public SessionNetwork servingCopy() {
        SessionNetwork c = new SessionNetwork(kind, items, dim, maxLen, blocks, heads, dropout, behaviorInput,
                itemBias != null, 0L, itemEmb, itemBias);
        for (int j = itemBias == null ? 1 : 2; j < params.size(); j++) {
            System.arraycopy(params.get(j).value(), 0, c.params.get(j).value(), 0, params.get(j).size());
        }
        return c;
    }

    /** The item output biases, or null when the network has none. */
    public float[] itemBiases() {
        return itemBias == null ? null : itemBias.value();
    }

    /** Every trainable parameter, the item embeddings (and biases) first (sparse rows), in a fixed order. */
    public List<Parameter> parameters() {
        return params;
    }

    /** The item embeddings (items x dim, shared by input and output). */
    public float[] itemEmbeddings() {
        return itemEmb.value();
    }

    private float[] b(int j, int n) {
        if (buf[j] == null || buf[j].length < n) {
            buf[j] = new float[n];
        }
        return buf[j];
    }

    /** Buffers per block: ln1, att, attd, x1, ln2, f1, r, f2, f2d, x2. */
    private static final int PER_BLOCK = 10;

    /**
     * Encodes a batch: rows {@code [ends[s-1], ends[s])} are sequence {@code s}'s steps, oldest first
     * (at most {@code maxLen} each).
     *
     * @param it       item of each row. Not modified (read again by {@link #backward}).
     * @param beh      behaviour ordinal of each row. Not modified.
     * @param ends     end row of each sequence. Not modified.
     * @param count    number of sequences
     * @param training dropout on
     * @return the output rows (rows x dim; owned by the network, valid until the next pass)
     */
    public float[] encode(int[] it, int[] beh, int[] ends, int count, boolean training) {
        int r = ends[count - 1];
        rows = r;
        int d = dim;
        int nbuf = 1 + PER_BLOCK * blocks + 2;
        if (buf.length < nbuf) {
            buf = Arrays.copyOf(buf, nbuf);
        }
        if (inPos.length < r) {
            inPos = new int[r];
        }
        inItems = it;
        inBeh = beh;
        float[] x0 = b(0, r * d);
        float[] e = itemEmb.value();
        float[] be = behEmb.value();
        int start = 0;
        for (int s = 0; s < count; s++) {
            int t = ends[s] - start;
            for (int p = 0; p < t; p++) {
                int row = start + p;
                int o = row * d;
                System.arraycopy(e, it[row] * d, x0, o, d);
                if (behaviorInput) {
                    for (int j = 0; j < d; j++) {
                        x0[o + j] += be[beh[row] * d + j];
                    }
                }
                if (posEmb != null) {
                    int pos = maxLen - t + p;
                    inPos[row] = pos;
                    float[] pe = posEmb.value();
                    for (int j = 0; j < d; j++) {
                        x0[o + j] += pe[pos * d + j];
                    }
                }
            }
            start = ends[s];
        }
        float[] x = b(1, r * d);
        drops[0].forward(x0, x, r, training);
        if (kind == Kind.GRU4REC) {
            gru.segments(ends, count);
            float[] h = b(2, r * d);
            gru.forward(x, h, r, training);
            out = b(3, r * d);
            drops[1].forward(h, out, r, training);
            return out;
        }
        for (int bl = 0; bl < blocks; bl++) {
            int o = 2 + PER_BLOCK * bl;
            float[] a1 = b(o, r * d);
            float[] a2 = b(o + 1, r * d);
            float[] a3 = b(o + 2, r * d);
            float[] x1 = b(o + 3, r * d);
            float[] a4 = b(o + 4, r * d);
            float[] a5 = b(o + 5, r * d);
            float[] a6 = b(o + 6, r * d);
            float[] a7 = b(o + 7, r * d);
            float[] a8 = b(o + 8, r * d);
            float[] x2 = b(o + 9, r * d);
            ln1[bl].forward(x, a1, r, training);
            att[bl].segments(ends, count);
            att[bl].forward(a1, a2, r, training);
            drops[1 + 2 * bl].forward(a2, a3, r, training);
            for (int j = 0; j < r * d; j++) {
                x1[j] = x[j] + a3[j];
            }
            ln2[bl].forward(x1, a4, r, training);
            ff1[bl].forward(a4, a5, r, training);
            relu.forward(a5, a6, r, training);
            ff2[bl].forward(a6, a7, r, training);
            drops[2 + 2 * bl].forward(a7, a8, r, training);
            for (int j = 0; j < r * d; j++) {
                x2[j] = x1[j] + a8[j];
            }
            x = x2;
        }
        out = b(2 + PER_BLOCK * blocks, r * d);
        lnf.forward(x, out, r, training);
        return out;
    }

    /**
     * Back-propagates the gradient of the loss with respect to the last {@link #encode}'s outputs:
     * overwrites the dense parameter gradients and adds the input rows' gradients to the item
     * embeddings' row gradient (which the caller clears once per batch, before the output layer
     * adds its own).
     *
     * @param dOut rows x dim gradient. Modified (used as scratch).
     */
    public void backward(float[] dOut) {
        int r = rows;
        int d = dim;
        int n = r * d;
        float[] g = new float[n];
        float[] tmp = new float[n];
        if (kind == Kind.GRU4REC) {
            float[] x = buf[1];
            float[] h = buf[2];
            drops[1].backward(h, out, dOut, dOut, r);
            gru.backward(x, h, dOut, g, r);
        } else {
            float[] xLast = blocks == 0 ? buf[1] : buf[2 + PER_BLOCK * (blocks - 1) + 9];
            lnf.backward(xLast, out, dOut, g, r);
            for (int bl = blocks - 1; bl >= 0; bl--) {
                int o = 2 + PER_BLOCK * bl;
                float[] x = bl == 0 ? buf[1] : buf[o - 1];
                float[] a1 = buf[o];
                float[] a2 = buf[o + 1];
                float[] a3 = buf[o + 2];
                float[] x1 = buf[o + 3];
                float[] a4 = buf[o + 4];
                float[] a5 = buf[o + 5];
                float[] a6 = buf[o + 6];
                float[] a7 = buf[o + 7];
                float[] a8 = buf[o + 8];
                // x2 = x1 + drop(ff2(relu(ff1(ln2(x1))))); g = dx2
                float[] dx1 = g.clone();
                drops[2 + 2 * bl].backward(a7, a8, g, tmp, r);
                float[] t2 = new float[n];
                ff2[bl].backward(a6, a7, tmp, t2, r);
                relu.backward(a5, a6, t2, t2, r);
                ff1[bl].backward(a4, a5, t2, tmp, r);
                ln2[bl].backward(x1, a4, tmp, t2, r);
                for (int j = 0; j < n; j++) {
                    dx1[j] += t2[j];
                }
                // x1 = x + drop(att(ln1(x)))
                drops[1 + 2 * bl].backward(a2, a3, dx1, tmp, r);
                att[bl].backward(a1, a2, tmp, t2, r);
                ln1[bl].backward(x, a1, t2, tmp, r);
                for (int j = 0; j < n; j++) {
                    g[j] = dx1[j] + tmp[j];
                }
            }
        }
        float[] x0 = buf[0];
        drops[0].backward(x0, buf[1], g, g, r);
        RowGradient rg = itemEmb.rowGradient();
        float[] db = behEmb.grad();
        Arrays.fill(db, 0f);
        float[] dp = posEmb == null ? null : posEmb.grad();
        if (dp != null) {
            Arrays.fill(dp, 0f);
        }
        FloatKernels k = Kernels.get();
        for (int row = 0; row < r; row++) {
            int slot = rg.slot(inItems[row]);
            k.axpy(d, 1f, g, row * d, rg.values(), slot * d);
            if (behaviorInput) {
                k.axpy(d, 1f, g, row * d, db, inBeh[row] * d);
            }
            if (dp != null) {
                k.axpy(d, 1f, g, row * d, dp, inPos[row] * d);
            }
        }
    }
}
