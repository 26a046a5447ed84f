package dev.recsys.nn.scene.internal;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.nn.internal.layers.Init;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.RowGradient;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The STAR-style scene-aware factor network. Shared user vectors {@code P}, item vectors
 * {@code Q} and item biases {@code b}; per scene {@code s} a factor gate {@code 1 + D[s]}
 * multiplied element-wise into the shared user-item interaction (shared weights times scene
 * weights, as in STAR), a scene user offset {@code G[s]} (the prior mean of the scene's users),
 * optional per-scene item offsets {@code E[s, i]} (shared + specific item vectors) and a per-scene
 * item bias {@code C[s, i]}:
 * {@code score(u, i, s) = sum_f (P[u,f] + G[s,f]) (1 + D[s,f]) (Q[i,f] + E[s,i,f]) + (1 + A[s]) b[i] + C[s,i]
 * + sum_{v in attrs(i)} H[s,v]}
 * (optionally the scene scales the shared item bias by {@code 1 + A[s]}; {@code H[s, v]} is the
 * scene's bias of item attribute value {@code v}, e.g. a category or brand, see
 * {@link ItemAttributes}: a low-parameter scene part that a sparse scene can learn). With scene
 * mixing ({@code mix}) a scene also borrows the gates and item biases of the other scenes:
 * {@code 1 + D[s]} becomes {@code 1 + D[s] + sum_{t != s} M[s,t] D[t]} and {@code C[s,i]} becomes
 * {@code C[s,i] + sum_{t != s} M[s,t] C[t,i]}, with a learnt scenes x scenes mixing matrix
 * {@code M} (diagonal unused, starts at 0): a sparse scene learns which better-observed scenes it
 * resembles from a handful of parameters.
 * Scene {@code -1} (unknown or scene parts disabled) uses the shared part only. Trained with the BPR
 * loss {@code -log sigmoid(score(u,i,s) - score(u,j,s))} plus L2 penalties on the touched rows.
 *
 * <p>Thread safety: scoring ({@link #score}, {@link #scoreAll}) is safe for concurrent calls once
 * training is over; training methods are not thread-safe.
 */
public final class SceneStarNetwork {
    /** Users. */
    public final int users;
    /** Items. */
    public final int items;
    /** Scenes with their own parts (0 = shared model only). */
    public final int scenes;
    /** Factors. */
    public final int factors;
    /** Whether the scene parts have per-scene item offsets {@code E}. */
    public final boolean itemOffsets;
    /** Whether the scene parts have a factor gate {@code D}. */
    public final boolean gate;
    /** Whether the scene parts have a user offset {@code G}. */
    public final boolean userOffset;
    /** Whether the scene parts scale the shared item bias ({@code (1 + A[s]) b[i]}). */
    public final boolean biasScale;
    /** Whether the scene parts have item-attribute biases {@code H} (attributes given and scenes &gt; 0). */
    public final boolean attributeBias;
    /** Whether a scene mixes in the other scenes' gates and item biases through {@code M}. */
    public final boolean mix;
    /** The item attributes of {@code H} ({@link ItemAttributes#NONE}-like when there are none). */
    public final ItemAttributes attributes;

    private final Parameter p;
    private final Parameter q;
    private final Parameter b;
    private final Parameter d;
    private final Parameter c;
    private final Parameter g;
    private final Parameter e;
    private final Parameter a;
    private final Parameter h;
    private final Parameter m;
    private final float[] gateScratch;
    private final int nf;
    private final List<Parameter> params;
    private final FloatKernels kernels = Kernels.get();

    /**
     * A network without item offsets.
     *
     * @param users   users, &gt;= 1
     * @param items   items, &gt;= 1
     * @param scenes  scenes with their own parts, &gt;= 0
     * @param factors factors, &gt;= 1
     */
    public SceneStarNetwork(int users, int items, int scenes, int factors) {
        this(users, items, scenes, factors, true, false, false, false);
    }

    /**
     * @param users       users, &gt;= 1
     * @param items       items, &gt;= 1
     * @param scenes      scenes with their own parts, &gt;= 0
     * @param factors     factors, &gt;= 1
     * @param gate        whether each scene has a factor gate {@code D[s]}
     * @param userOffset  whether each scene has a user offset {@code G[s]}
     * @param itemOffsets whether each scene has its own item offsets {@code E[s, i]}
     * @param biasScale   whether each scene scales the shared item bias by {@code 1 + A[s]}
     */
    public SceneStarNetwork(int users, int items, int scenes, int factors, boolean gate, boolean userOffset,
                            boolean itemOffsets, boolean biasScale) {
        this(users, items, scenes, factors, gate, userOffset, itemOffsets, biasScale, null, false);
    }

    /**
     * @param users       users, &gt;= 1
     * @param items       items, &gt;= 1
     * @param scenes      scenes with their own parts, &gt;= 0
     * @param factors     factors, &gt;= 1
     * @param gate        whether each scene has a factor gate {@code D[s]}
     * @param userOffset  whether each scene has a user offset {@code G[s]}
     * @param itemOffsets whether each scene has its own item offsets {@code E[s, i]}
     * @param biasScale   whether each scene scales the shared item bias by {@code 1 + A[s]}
     * @param attributes  item attributes for the scene attribute biases {@code H[s, v]}, or null
     * @param mix         whether scenes mix in the other scenes' gates and item biases ({@code M})
     */
    public SceneStarNetwork(int users, int items, int scenes, int factors, boolean gate, boolean userOffset,
                            boolean itemOffsets, boolean biasScale, ItemAttributes attributes, boolean mix) {
        if (users < 1 || items < 1 || scenes < 0 || factors < 1) {
            throw new IllegalArgumentException("users, items, factors must be >= 1 and scenes >= 0, got "
                    + users + ", " + items + ", " + scenes + ", " + factors);
        }
        if (itemOffsets && (long) scenes * items * factors > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("scene item offsets too large: " + scenes + " x " + items + " x "
                    + factors);
        }
        this.users = users;
        this.items = items;
        this.scenes = scenes;
        this.factors = factors;
        this.itemOffsets = itemOffsets && scenes > 0;
        this.gate = gate;
        this.userOffset = userOffset;
        this.biasScale = biasScale;
        if (attributes != null && attributes.features() > 0 && attributes.items() != items) {
            throw new IllegalArgumentException("item attributes cover " + attributes.items() + " items, expected "
                    + items);
        }
        this.attributeBias = attributes != null && attributes.features() > 0 && scenes > 0;
        this.attributes = attributeBias ? attributes : ItemAttributes.NONE;
        this.nf = Math.max(1, this.attributes.features());
        this.mix = mix && scenes > 1;
        this.gateScratch = new float[factors];
        if ((long) Math.max(1, scenes) * nf > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("scene attribute biases too large: " + scenes + " x " + nf);
        }
        this.p = Parameter.sparseRows("user.P", users, factors);
        this.q = Parameter.sparseRows("item.Q", items, factors);
        this.b = Parameter.sparseRows("item.b", items, 1);
        this.d = Parameter.dense("scene.D", Math.max(1, scenes), factors);
        this.c = Parameter.sparseRows("scene.C", Math.max(1, scenes) * items, 1);
        this.g = Parameter.dense("scene.G", Math.max(1, scenes), factors);
        this.e = Parameter.sparseRows("scene.E", this.itemOffsets ? scenes * items : 1, factors);
        this.a = Parameter.dense("scene.A", Math.max(1, scenes), 1);
        this.h = Parameter.dense("scene.H", Math.max(1, scenes), nf);
        this.m = Parameter.dense("scene.M", Math.max(1, scenes), Math.max(1, scenes));
        this.params = List.of(p, q, b, d, c, g, e, a, h, m);
    }

    /** Random initialisation: factors normal(0, 0.1), biases and scene parts zero. */
    public void init(SplittableRandom rnd) {
        init(rnd, 0.1);
    }

    /**
     * Random initialisation: factors normal(0, std), biases and scene parts zero.
     *
     * @param std standard deviation of the factors, &gt;= 0
     */
    public void init(SplittableRandom rnd, double std) {
        Init.normal(std).fill(p.value(), users, factors, rnd.split());
        Init.normal(std).fill(q.value(), items, factors, rnd.split());
    }

    /** All parameters, in save order: P, Q, b, D, C, G, E, A, H, M. */
    public List<Parameter> parameters() {
        return params;
    }

    /** The shared parameters (P, Q, b). */
    public List<Parameter> sharedParameters() {
        return List.of(p, q, b);
    }

    /** The scene mixing weights {@code M} (a scene parameter; learnt only in the scene stage). */
    public Parameter mixWeights() {
        return m;
    }

    /** The scene parameters (D, C, G, E, A, H, M). */
    public List<Parameter> sceneParameters() {
        return List.of(d, c, g, e, a, h, m);
    }

    /** Clears every gradient (call before each mini-batch). */
    public void zeroGrad() {
        p.rowGradient().clear();
        q.rowGradient().clear();
        b.rowGradient().clear();
        c.rowGradient().clear();
        e.rowGradient().clear();
        Arrays.fill(d.grad(), 0f);
        Arrays.fill(g.grad(), 0f);
        Arrays.fill(a.grad(), 0f);
        if (attributeBias) {
            Arrays.fill(h.grad(), 0f);
        }
        if (mix) {
            Arrays.fill(m.grad(), 0f);
        }
    }

    /**
     * Empirical-Bayes style shrinkage of the scene parts: every scene's gate {@code D[s]}, item biases
     * {@code C[s]} and attribute biases {@code H[s]} become {@code w_s own + (1 - w_s) pooled} with
     * {@code w_s = n_s / (n_s + k)} and pooled = the {@code n}-weighted mean of the other scenes'
     * (original) parts, so a sparse scene leans on the better-observed ones.
     *
     * @param n triples per scene ({@link #scenes} entries, &gt;= 0)
     * @param k prior strength in triples, &gt; 0
     */
    public void shrinkScenes(long[] n, double k) {
        if (scenes < 2) {
            return;
        }
        shrinkRows(d.value(), factors, n, k);
        shrinkRows(c.value(), items, n, k);
        if (attributeBias) {
            shrinkRows(h.value(), nf, n, k);
        }
    }

    private void shrinkRows(float[] v, int width, long[] n, double k) {
        float[] orig = v.clone();
        for (int s = 0; s < scenes; s++) {
            double others = 0;
            for (int t = 0; t < scenes; t++) {
                others += t == s ? 0 : n[t];
            }
            if (others == 0) {
                continue;
            }
            double w = n[s] / (n[s] + k);
            for (int x = 0; x < width; x++) {
                double pooled = 0;
                for (int t = 0; t < scenes; t++) {
                    if (t != s) {
                        pooled += n[t] * (double) orig[t * width + x];
                    }
                }
                v[s * width + x] = (float) (w * orig[s * width + x] + (1 - w) * pooled / others);
            }
        }
    }

    /** The effective gate of scene {@code s >= 0} at factor {@code f}: {@code 1 + D[s,f] (+ sum_t M[s,t] D[t,f])}. */
    public float gate(int s, int f) {
        float[] dv = d.value();
        float x = 1f + dv[s * factors + f];
        return mix && gate ? plusMixed(x, dv, factors, s, f) : x;
    }

    /** The effective item bias of scene {@code s >= 0}: {@code C[s,i] (+ sum_t M[s,t] C[t,i])}. */
    public float sceneBias(int s, int i) {
        float[] cv = c.value();
        float x = cv[s * items + i];
        return mix ? plusMixed(x, cv, items, s, i) : x;
    }

    /** {@code x + sum_{t != s} M[s,t] v[t, j]} for a scenes x width table v, added in t order. */
    private float plusMixed(float x, float[] v, int width, int s, int j) {
        float[] mv = m.value();
        for (int t = 0; t < scenes; t++) {
            if (t != s) {
                x += mv[s * scenes + t] * v[t * width + j];
            }
        }
        return x;
    }

    /** The scene-{@code s} attribute bias of item {@code i}: {@code sum_{v in attrs(i)} H[s, v]}. */
    public double attributeBias(int i, int s) {
        if (!attributeBias || s < 0) {
            return 0;
        }
        float[] hv = h.value();
        int[] ft = attributes.featureTable();
        int base = s * nf;
        double x = 0;
        for (int k = attributes.start(i), end = attributes.end(i); k < end; k++) {
            x += hv[base + ft[k]];
        }
        return x;
    }

    /** Score of one item for user {@code u} in scene {@code s} ({@code -1} = shared part only). */
    public double score(int u, int i, int s) {
        float[] pv = p.value();
        float[] qv = q.value();
        double x = b.value()[i];
        int pu = u * factors;
        int qi = i * factors;
        if (s >= 0) {
            float[] dv = d.value();
            float[] gv = g.value();
            float[] ev = e.value();
            int ds = s * factors;
            int ei = (s * items + i) * factors;
            for (int f = 0; f < factors; f++) {
                float qf = qv[qi + f] + (itemOffsets ? ev[ei + f] : 0f);
                x += (pv[pu + f] + gv[ds + f]) * gate(s, f) * qf;
            }
            x += sceneBias(s, i) + a.value()[s] * b.value()[i] + attributeBias(i, s);
        } else {
            x += kernels.dot(pv, pu, qv, qi, factors);
        }
        return x;
    }

    /**
     * The L2 weights of one triple's loss ({@link #loss}, {@link #accumulate}).
     *
     * @param reg      shared rows touched (P[u], Q[i], Q[j], b)
     * @param sceneReg scene gate, user offset and item biases touched
     * @param itemReg  scene item offsets touched
     * @param attrReg  scene attribute biases touched (those of {@code i} and {@code j})
     * @param mixReg   the scene's mixing row {@code M[s, .]}
     */
    public record Penalties(float reg, float sceneReg, float itemReg, float attrReg, float mixReg) {
    }

    /** The BPR loss of one triple with its penalties, without touching gradients. */
    public double loss(int u, int i, int j, int s, Penalties pen) {
        float reg = pen.reg();
        float sceneReg = pen.sceneReg();
        float itemReg = pen.itemReg();
        float attrReg = pen.attrReg();
        float mixReg = pen.mixReg();
        double x = score(u, i, s) - score(u, j, s);
        double l = softplus(-x);
        l += 0.5 * reg * (sq(p.value(), u * factors, factors) + sq(q.value(), i * factors, factors)
                + sq(q.value(), j * factors, factors) + sq(b.value(), i, 1) + sq(b.value(), j, 1));
        if (s >= 0) {
            l += 0.5 * sceneReg * (sq(d.value(), s * factors, factors) + sq(g.value(), s * factors, factors)
                    + sq(c.value(), s * items + i, 1) + sq(c.value(), s * items + j, 1) + sq(a.value(), s, 1));
            if (itemOffsets) {
                l += 0.5 * itemReg * (sq(e.value(), (s * items + i) * factors, factors)
                        + sq(e.value(), (s * items + j) * factors, factors));
            }
            if (attributeBias) {
                l += 0.5 * attrReg * (sqAttr(i, s) + sqAttr(j, s));
            }
            if (mix) {
                float[] mv = m.value();
                for (int t = 0; t < scenes; t++) {
                    if (t != s) {
                        l += 0.5 * mixReg * mv[s * scenes + t] * mv[s * scenes + t];
                    }
                }
            }
        }
        return l;
    }

    /**
     * Adds {@code scale} times the gradient of {@link #loss} for one triple.
     *
     * @param shared whether the gradients of the shared parameters are accumulated; false (scene
     *               fine-tuning) also treats the other scenes' gates and item biases that scene
     *               {@code s} mixes in as constants (stop-gradient): only {@code s}'s own parts and
     *               its mixing row learn from its triples
     * @return the loss of the triple
     */
    public double accumulate(int u, int i, int j, int s, Penalties pen, float scale, boolean shared) {
        float reg = pen.reg();
        float sceneReg = pen.sceneReg();
        float itemReg = pen.itemReg();
        float attrReg = pen.attrReg();
        float mixReg = pen.mixReg();
        double x = score(u, i, s) - score(u, j, s);
        float delta = (float) (-sigmoid(-x)) * scale;
        float[] pv = p.value();
        float[] qv = q.value();
        float[] dv = d.value();
        float[] gv = g.value();
        float[] ev = e.value();
        RowGradient gp = p.rowGradient();
        RowGradient gq = q.rowGradient();
        RowGradient ge = e.rowGradient();
        boolean scene = s >= 0;
        boolean offs = scene && itemOffsets;
        int su = shared ? gp.slot(u) * factors : 0;
        int si = shared ? gq.slot(i) * factors : 0;
        int sj = shared ? gq.slot(j) * factors : 0;
        float[] gpv = gp.values();
        float[] gqv = gq.values();
        int ei = offs ? (s * items + i) * factors : 0;
        int ej = offs ? (s * items + j) * factors : 0;
        int sei = offs ? ge.slot(s * items + i) * factors : 0;
        int sej = offs ? ge.slot(s * items + j) * factors : 0;
        float[] gev = ge.values();
        int pu = u * factors;
        int qi = i * factors;
        int qj = j * factors;
        int ds = s * factors;
        float[] gd = scene ? d.grad() : null;
        float[] gg = scene ? g.grad() : null;
        boolean mixing = scene && mix;
        float[] mv = m.value();
        float[] gm = m.grad();
        int ms = mixing ? s * scenes : 0;
        float[] geff = gateScratch;
        for (int f = 0; f < factors; f++) {
            geff[f] = scene ? gate(s, f) : 1f;
        }
        for (int f = 0; f < factors; f++) {
            float gf = geff[f];
            float uf = pv[pu + f] + (scene ? gv[ds + f] : 0f);
            float qif = qv[qi + f] + (offs ? ev[ei + f] : 0f);
            float qjf = qv[qj + f] + (offs ? ev[ej + f] : 0f);
            float diff = qif - qjf;
            float gu = delta * gf * diff;
            float gi = delta * gf * uf;
            if (shared) {
                gpv[su + f] += gu + scale * reg * pv[pu + f];
                gqv[si + f] += gi + scale * reg * qv[qi + f];
                gqv[sj + f] += -gi + scale * reg * qv[qj + f];
            }
            if (scene && gate) {
                float inter = delta * uf * diff;
                gd[ds + f] += inter + scale * sceneReg * dv[ds + f];
                if (mixing) {
                    for (int t = 0; t < scenes; t++) {
                        if (t != s) {
                            if (shared) {
                                gd[t * factors + f] += mv[ms + t] * inter;
                            }
                            gm[ms + t] += inter * dv[t * factors + f];
                        }
                    }
                }
            }
            if (scene && userOffset) {
                gg[ds + f] += gu + scale * sceneReg * gv[ds + f];
            }
            if (offs) {
                gev[sei + f] += gi + scale * itemReg * ev[ei + f];
                gev[sej + f] += -gi + scale * itemReg * ev[ej + f];
            }
        }
        float bs = scene ? 1f + a.value()[s] : 1f;
        if (shared) {
            RowGradient gb = b.rowGradient();
            int bi = gb.slot(i);
            int bj = gb.slot(j);
            float[] gbv = gb.values();
            gbv[bi] += delta * bs + scale * reg * b.value()[i];
            gbv[bj] += -delta * bs + scale * reg * b.value()[j];
        }
        if (scene && biasScale) {
            a.grad()[s] += delta * (b.value()[i] - b.value()[j]) + scale * sceneReg * a.value()[s];
        }
        if (scene) {
            RowGradient gc = c.rowGradient();
            int ci = gc.slot(s * items + i);
            int cj = gc.slot(s * items + j);
            float[] gcv = gc.values();
            gcv[ci] += delta + scale * sceneReg * c.value()[s * items + i];
            gcv[cj] += -delta + scale * sceneReg * c.value()[s * items + j];
            if (mixing) {
                float[] cv = c.value();
                for (int t = 0; t < scenes; t++) {
                    if (t != s) {
                        if (shared) {
                            int ti = gc.slot(t * items + i);
                            int tj = gc.slot(t * items + j);
                            float[] gcv2 = gc.values(); // slot() may grow the value array
                            gcv2[ti] += mv[ms + t] * delta;
                            gcv2[tj] += -mv[ms + t] * delta;
                        }
                        gm[ms + t] += delta * (cv[t * items + i] - cv[t * items + j]) + scale * mixReg * mv[ms + t];
                    }
                }
            }
        }
        if (scene && attributeBias) {
            float[] hv = h.value();
            float[] hg = h.grad();
            int[] ft = attributes.featureTable();
            int base = s * nf;
            for (int k = attributes.start(i), end = attributes.end(i); k < end; k++) {
                hg[base + ft[k]] += delta + scale * attrReg * hv[base + ft[k]];
            }
            for (int k = attributes.start(j), end = attributes.end(j); k < end; k++) {
                hg[base + ft[k]] += -delta + scale * attrReg * hv[base + ft[k]];
            }
        }
        return softplus(-x);
    }

    /**
     * Scores every item.
     *
     * @param userVector holds the user's factors at {@code uOff} ({@link #factors} entries). Not modified.
     * @param uOff       offset of the user's factors in {@code userVector}
     * @param s          scene index, or -1 for the shared part only
     * @param scratch    at least {@link #factors} entries. Modified.
     * @param out        receives {@link #items} scores. Modified.
     */
    public void scoreAll(float[] userVector, int uOff, int s, float[] scratch, float[] out) {
        float[] dv = d.value();
        float[] gv = g.value();
        for (int f = 0; f < factors; f++) {
            scratch[f] = s >= 0 ? (userVector[uOff + f] + gv[s * factors + f]) * gate(s, f)
                    : userVector[uOff + f];
        }
        kernels.scoreRows(q.value(), items, factors, scratch, 0, out, 0);
        float[] bv = b.value();
        float[] cv = c.value();
        float[] ev = e.value();
        boolean offs = s >= 0 && itemOffsets;
        float bs = s >= 0 ? 1f + a.value()[s] : 1f;
        for (int i = 0; i < items; i++) {
            float x = out[i] + bs * bv[i];
            if (s >= 0) {
                x += mix ? sceneBias(s, i) : cv[s * items + i];
            }
            if (offs) {
                x += kernels.dot(ev, (s * items + i) * factors, scratch, 0, factors);
            }
            if (s >= 0 && attributeBias) {
                x += (float) attributeBias(i, s);
            }
            out[i] = x;
        }
    }

    /** The user factor table (row-major, users x factors). */
    public float[] userFactors() {
        return p.value();
    }

    /** The item factor table (row-major, items x factors). */
    public float[] itemFactors() {
        return q.value();
    }

    private double sqAttr(int i, int s) {
        float[] hv = h.value();
        int[] ft = attributes.featureTable();
        double x = 0;
        for (int k = attributes.start(i), end = attributes.end(i); k < end; k++) {
            double v = hv[s * nf + ft[k]];
            x += v * v;
        }
        return x;
    }

    private static double sq(float[] a, int off, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += (double) a[off + k] * a[off + k];
        }
        return s;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }
}
