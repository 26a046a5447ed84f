package dev.recsys.nn.scene.internal;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.nn.layers.Init;
import dev.recsys.nn.layers.Parameter;
import dev.recsys.nn.layers.RowGradient;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The STAR-style scene-aware factor network. Shared user vectors {@code P}, item vectors
 * {@code Q} and item biases {@code b}; per scene {@code s} a factor gate {@code 1 + D[s]}
 * multiplied element-wise into the shared user-item interaction (shared weights times scene
 * weights, as in STAR) and a per-scene item bias {@code C[s, i]}:
 * {@code score(u, i, s) = sum_f P[u,f] (1 + D[s,f]) Q[i,f] + b[i] + C[s,i]}. Scene {@code -1}
 * (unknown or scene parts disabled) uses the shared part only. Trained with the BPR loss
 * {@code -log sigmoid(score(u,i,s) - score(u,j,s))} plus L2 penalties on the touched rows.
 *
 * <p>Thread safety: scoring ({@link #score}) is safe for concurrent calls once training is over;
 * training methods are not thread-safe.
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

    private final Parameter p;
    private final Parameter q;
    private final Parameter b;
    private final Parameter d;
    private final Parameter c;
    private final List<Parameter> params;
    private final FloatKernels kernels = Kernels.get();

    /**
     * @param users   users, &gt;= 1
     * @param items   items, &gt;= 1
     * @param scenes  scenes with their own parts, &gt;= 0
     * @param factors factors, &gt;= 1
     */
    public SceneStarNetwork(int users, int items, int scenes, int factors) {
        if (users < 1 || items < 1 || scenes < 0 || factors < 1) {
            throw new IllegalArgumentException("users, items, factors must be >= 1 and scenes >= 0, got "
                    + users + ", " + items + ", " + scenes + ", " + factors);
        }
        this.users = users;
        this.items = items;
        this.scenes = scenes;
        this.factors = factors;
        this.p = Parameter.sparseRows("user.P", users, factors);
        this.q = Parameter.sparseRows("item.Q", items, factors);
        this.b = Parameter.sparseRows("item.b", items, 1);
        this.d = Parameter.dense("scene.D", Math.max(1, scenes), factors);
        this.c = Parameter.sparseRows("scene.C", Math.max(1, scenes) * items, 1);
        this.params = List.of(p, q, b, d, c);
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

    /** All parameters, in save order. */
    public List<Parameter> parameters() {
        return params;
    }

    /** Clears every gradient (call before each mini-batch). */
    public void zeroGrad() {
        p.rowGradient().clear();
        q.rowGradient().clear();
        b.rowGradient().clear();
        c.rowGradient().clear();
        Arrays.fill(d.grad(), 0f);
    }

    /** Score of one item for user {@code u} in scene {@code s} ({@code -1} = shared part only). */
    public double score(int u, int i, int s) {
        float[] pv = p.value();
        float[] qv = q.value();
        float[] dv = d.value();
        double x = b.value()[i];
        int pu = u * factors;
        int qi = i * factors;
        if (s >= 0) {
            int ds = s * factors;
            for (int f = 0; f < factors; f++) {
                x += pv[pu + f] * (1f + dv[ds + f]) * qv[qi + f];
            }
            x += c.value()[s * items + i];
        } else {
            x += kernels.dot(pv, pu, qv, qi, factors);
        }
        return x;
    }

    /**
     * The BPR loss of one triple with its penalties, without touching gradients.
     *
     * @param reg      L2 weight of the shared rows touched
     * @param sceneReg L2 weight of the scene parts touched
     */
    public double loss(int u, int i, int j, int s, float reg, float sceneReg) {
        double x = score(u, i, s) - score(u, j, s);
        double l = softplus(-x);
        l += 0.5 * reg * (sq(p.value(), u * factors, factors) + sq(q.value(), i * factors, factors)
                + sq(q.value(), j * factors, factors) + sq(b.value(), i, 1) + sq(b.value(), j, 1));
        if (s >= 0) {
            l += 0.5 * sceneReg * (sq(d.value(), s * factors, factors) + sq(c.value(), s * items + i, 1)
                    + sq(c.value(), s * items + j, 1));
        }
        return l;
    }

    /**
     * Adds {@code scale} times the gradient of {@link #loss} for one triple.
     *
     * @return the loss of the triple
     */
    public double accumulate(int u, int i, int j, int s, float reg, float sceneReg, float scale) {
        double x = score(u, i, s) - score(u, j, s);
        float delta = (float) (-sigmoid(-x)) * scale;
        float[] pv = p.value();
        float[] qv = q.value();
        float[] dv = d.value();
        RowGradient gp = p.rowGradient();
        RowGradient gq = q.rowGradient();
        int su = gp.slot(u) * factors;
        float[] gpv = gp.values();
        int si = gq.slot(i) * factors;
        int sj = gq.slot(j) * factors;
        float[] gqv = gq.values();
        int pu = u * factors;
        int qi = i * factors;
        int qj = j * factors;
        int ds = s * factors;
        float[] gd = s >= 0 ? d.grad() : null;
        for (int f = 0; f < factors; f++) {
            float g = s >= 0 ? 1f + dv[ds + f] : 1f;
            float diff = qv[qi + f] - qv[qj + f];
            gpv[su + f] += delta * g * diff + scale * reg * pv[pu + f];
            gqv[si + f] += delta * g * pv[pu + f] + scale * reg * qv[qi + f];
            gqv[sj + f] += -delta * g * pv[pu + f] + scale * reg * qv[qj + f];
            if (gd != null) {
                gd[ds + f] += delta * pv[pu + f] * diff + scale * sceneReg * dv[ds + f];
            }
        }
        RowGradient gb = b.rowGradient();
        int bi = gb.slot(i);
        int bj = gb.slot(j);
        float[] gbv = gb.values();
        gbv[bi] += delta + scale * reg * b.value()[i];
        gbv[bj] += -delta + scale * reg * b.value()[j];
        if (s >= 0) {
            RowGradient gc = c.rowGradient();
            int ci = gc.slot(s * items + i);
            int cj = gc.slot(s * items + j);
            float[] gcv = gc.values();
            gcv[ci] += delta + scale * sceneReg * c.value()[s * items + i];
            gcv[cj] += -delta + scale * sceneReg * c.value()[s * items + j];
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
        for (int f = 0; f < factors; f++) {
            scratch[f] = s >= 0 ? userVector[uOff + f] * (1f + dv[s * factors + f]) : userVector[uOff + f];
        }
        kernels.scoreRows(q.value(), items, factors, scratch, 0, out, 0);
        float[] bv = b.value();
        float[] cv = c.value();
        for (int i = 0; i < items; i++) {
            out[i] += bv[i] + (s >= 0 ? cv[s * items + i] : 0f);
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
