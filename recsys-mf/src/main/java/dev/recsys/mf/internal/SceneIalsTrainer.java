package dev.recsys.mf.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.spi.TrainingListener;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scene-aware implicit ALS ({@code scene-ials}): shared user vectors {@code p_u}, shared item
 * vectors {@code q_i} and per-scene item offsets {@code e_si}, with user u scored against
 * {@code q_i + sum_s z_us e_si} ({@code z_us} the share of u's training events in scene s; a query
 * in scene s uses {@code q_i + e_si}). Minimises
 * {@code sum_ui c_ui (pref_ui - p_u . (q_i + sum_s z_us e_si))^2 + reg (|P|^2 + |Q|^2) + sceneReg |E|^2}
 * by alternating least squares with the row solvers of implicit ALS ({@link ImplicitAlsSolver}):
 *
 * <ul>
 *   <li>item pass: every item's stacked vector {@code [q_i, e_1i .. e_Si]} (k (S + 1) values) is one
 *       implicit-ALS row against the stacked user vectors {@code [p_u, z_u1 p_u .. z_uS p_u]}, whose
 *       Gram matrix ({@link Gram}) gets {@code sceneReg} instead of {@code reg} on the offsets'
 *       diagonal;</li>
 *   <li>user pass: every user is one k-dimensional row against their effective item vectors; the
 *       Gram matrix of those is {@code sum_st w_s w_t B_st + reg I} with {@code w = [1, z_u]} and
 *       {@code B} the blocks of the stacked item vectors' Gram matrix (computed once per pass).</li>
 * </ul>
 *
 * With no scenes (S = 0) it is implicit ALS, bit for bit ({@link ImplicitAlsTrainer}, same seed).
 *
 * <p>Threads: rows are solved in parallel in fixed chunks, each from fixed inputs, so results are
 * identical for any thread count.
 *
 * <p>Memory: the CSR matrix and its transpose, the stacked factors {@code 4 k (S + 1) (users + items)}
 * bytes, and per thread {@code O(k^2 (S + 1)^2)} plus the longest user row's {@code k} floats per entry.
 *
 * <p>Thread safety: not thread-safe; one training at a time per instance.
 */
public final class SceneIalsTrainer {
    private static final int CHUNK = 128;

    private final InteractionMatrix byUser;
    private final InteractionMatrix byItem;
    private final ImplicitAlsTrainer.Config c;
    private final float sceneReg;
    private final int scenes;
    private final int k;
    private final int dim;
    private final float[] z;
    private final Parallel par;
    private final float[] p;
    private final float[] y;
    private final float[] stackedUsers;
    private final ImplicitAlsSolver[] itemSolvers;
    private final ImplicitAlsSolver[] userSolvers;
    private final Scratch[] scratch;

    /**
     * Prepares training (transpose, initial factors: users then items drawn as in implicit ALS,
     * offsets 0).
     *
     * @param userItem users x items confidence weights. Not modified.
     * @param shares   row-major users x scenes: each user's share of events per scene. Not modified.
     * @param scenes   number of scenes S, >= 0
     * @param sceneReg L2 weight of the offsets
     */
    public SceneIalsTrainer(InteractionMatrix userItem, ImplicitAlsTrainer.Config c, float[] shares, int scenes,
                            float sceneReg) {
        if (scenes < 0 || shares == null || shares.length != userItem.rows() * scenes) {
            throw new IllegalArgumentException("shares must hold users x scenes values, scenes " + scenes);
        }
        this.byUser = userItem;
        this.byItem = userItem.transpose();
        this.c = c;
        this.sceneReg = sceneReg;
        this.scenes = scenes;
        this.k = c.factors();
        this.dim = k * (scenes + 1);
        this.z = shares;
        this.par = new Parallel(c.threads());
        itemSolvers = new ImplicitAlsSolver[par.threads()];
        userSolvers = new ImplicitAlsSolver[par.threads()];
        scratch = new Scratch[par.threads()];
        for (int w = 0; w < itemSolvers.length; w++) {
            itemSolvers[w] = new ImplicitAlsSolver(dim);
            userSolvers[w] = new ImplicitAlsSolver(k);
            scratch[w] = new Scratch();
        }
        SplittableRandom rng = new SplittableRandom(c.seed());
        int users = userItem.rows();
        int items = userItem.cols();
        p = new float[users * k];
        y = new float[items * dim];
        for (int q = 0; q < p.length; q++) {
            p[q] = (float) (rng.nextGaussian() * c.initStd());
        }
        for (int i = 0; i < items; i++) {
            for (int q = 0; q < k; q++) {
                y[i * dim + q] = (float) (rng.nextGaussian() * c.initStd());
            }
        }
        stackedUsers = scenes == 0 ? p : new float[users * dim];
    }

    /** User vectors, row-major users x k; live array. */
    public float[] userFactors() {
        return p;
    }

    /** Stacked item vectors {@code [q_i, e_1i .. e_Si]}, row-major items x k (S + 1); live array. */
    public float[] itemRows() {
        return y;
    }

    /** Runs all iterations, one progress report ({@code iteration}) each. */
    public void train(TrainingListener listener) {
        for (int it = 0; it < c.iterations(); it++) {
            itemPass();
            userPass();
            listener.onProgress("iteration", it + 1, c.iterations(), Map.of());
        }
    }

    private void itemPass() {
        int users = byUser.rows();
        if (scenes > 0) {
            for (int u = 0; u < users; u++) {
                System.arraycopy(p, u * k, stackedUsers, u * dim, k);
                for (int s = 0; s < scenes; s++) {
                    float zs = z[u * scenes + s];
                    int off = u * dim + (s + 1) * k;
                    for (int q = 0; q < k; q++) {
                        stackedUsers[off + q] = zs * p[u * k + q];
                    }
                }
            }
        }
        float[] g = Gram.of(stackedUsers, users, dim, c.reg(), par);
        for (int q = k; q < dim; q++) {
            g[q * dim + q] += sceneReg - c.reg();
        }
        int[] ptr = byItem.rowPtr();
        int[] idx = byItem.colIdx();
        float[] val = byItem.values();
        par.forRange(byItem.rows(), CHUNK, (worker, from, to) -> {
            ImplicitAlsSolver s = itemSolvers[worker];
            for (int row = from; row < to; row++) {
                if (c.cg()) {
                    s.conjugateGradient(stackedUsers, g, idx, val, ptr[row], ptr[row + 1], c.alpha(), y, row * dim,
                            c.cgSteps());
                } else {
                    s.exact(stackedUsers, g, idx, val, ptr[row], ptr[row + 1], c.alpha(), y, row * dim);
                }
            }
        });
    }

    private void userPass() {
        int items = byUser.cols();
        float[] blocks = Gram.of(y, items, dim, 0f, par);
        int[] ptr = byUser.rowPtr();
        int[] idx = byUser.colIdx();
        float[] val = byUser.values();
        par.forRange(byUser.rows(), CHUNK, (worker, from, to) -> {
            ImplicitAlsSolver s = userSolvers[worker];
            Scratch sc = scratch[worker];
            for (int u = from; u < to; u++) {
                int n = ptr[u + 1] - ptr[u];
                sc.ensure(n);
                userGram(blocks, u, sc.g);
                for (int j = 0; j < n; j++) {
                    effectiveRow(idx[ptr[u] + j], u, sc.rows, j * k);
                    sc.w[j] = val[ptr[u] + j];
                }
                if (c.cg()) {
                    s.conjugateGradient(sc.rows, sc.g, sc.ident, sc.w, 0, n, c.alpha(), p, u * k, c.cgSteps());
                } else {
                    s.exact(sc.rows, sc.g, sc.ident, sc.w, 0, n, c.alpha(), p, u * k);
                }
            }
        });
    }

    /** {@code sum_st w_s w_t B_st + reg I} for user u into out (k x k). */
    private void userGram(float[] blocks, int u, float[] out) {
        Arrays.fill(out, 0f);
        for (int s = 0; s <= scenes; s++) {
            float ws = s == 0 ? 1f : z[u * scenes + s - 1];
            if (ws == 0f) {
                continue;
            }
            for (int t = 0; t <= scenes; t++) {
                float wt = t == 0 ? 1f : z[u * scenes + t - 1];
                if (wt == 0f) {
                    continue;
                }
                float w = ws * wt;
                for (int a = 0; a < k; a++) {
                    int src = (s * k + a) * dim + t * k;
                    int dst = a * k;
                    for (int b = 0; b < k; b++) {
                        out[dst + b] += w * blocks[src + b];
                    }
                }
            }
        }
        for (int a = 0; a < k; a++) {
            out[a * k + a] += c.reg();
        }
    }

    /** {@code q_i + sum_s z_us e_si} into out[off .. off + k). */
    private void effectiveRow(int item, int u, float[] out, int off) {
        System.arraycopy(y, item * dim, out, off, k);
        for (int s = 0; s < scenes; s++) {
            float zs = z[u * scenes + s];
            if (zs != 0f) {
                int src = item * dim + (s + 1) * k;
                for (int q = 0; q < k; q++) {
                    out[off + q] += zs * y[src + q];
                }
            }
        }
    }

    /** Per-thread buffers of the user pass. */
    private final class Scratch {
        final float[] g = new float[k * k];
        float[] rows = new float[0];
        float[] w = new float[0];
        int[] ident = new int[0];

        void ensure(int n) {
            if (ident.length < n) {
                int len = Math.max(n, ident.length * 2);
                rows = new float[len * k];
                w = new float[len];
                ident = new int[len];
                for (int j = 0; j < len; j++) {
                    ident[j] = j;
                }
            }
        }
    }
}
