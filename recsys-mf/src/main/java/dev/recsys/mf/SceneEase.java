package dev.recsys.mf;

import dev.recsys.api.Scene;
import dev.recsys.data.DataField;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.linalg.Spd;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.mf.internal.ItemItem;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code scene-ease}: a scene-aware EASE (after Steck 2019, in the shared-plus-specific spirit of
 * STAR, Sheng et al. 2021). A shared item-item matrix {@code B} (plain EASE on every training
 * event) plus, for each scene s of the training events, its own matrix {@code B_s} shrunk towards
 * it:
 *
 * <pre>
 *   B_s = argmin  alpha ||X - X B_s||^2 + w ||Y_s - X_s B_s||^2 + lambda ||B_s||^2 + mu ||B_s - B||^2,
 *         diag(B_s) = 0
 * </pre>
 *
 * where X is every user's history (all scenes), {@code X_s} the histories of the users with
 * events in scene s and {@code Y_s} their scene-s items: {@code B_s} maps a whole history to what
 * the user takes in scene s. Closed form, with {@code A_s = alpha G + w X_s^T X_s + (lambda + mu) I}
 * and {@code P_s = A_s^-1}:
 * {@code C = I - (lambda + mu) P_s + P_s (w X_s^T (Y_s - X_s) + mu B)},
 * {@code B_s = C - P_s diag(C_jj / P_s[j][j])} (the diagonal constraint by Lagrange multipliers, the
 * EASE trick). {@code alpha = shared-weight}, {@code w = scene-weight}, {@code mu = mu}. When the
 * scene's users do all of their events in it (MovieLens age groups) and {@code mu = 0} this is
 * EASE on the Gram matrix {@code G + w G_s}; a large {@code mu} gives back {@code B}.
 *
 * <p>A query scores with the matrix of its scene; a query without a scene, or in a scene with
 * fewer than {@code min-scene-events} training events, uses {@code B}. A data set with no scene
 * column trains the shared matrix only, i.e. plain EASE.
 *
 * <p>Cost: one {@code n^3} inverse per scene plus the shared one, and an {@code n^3} product per
 * scene when {@code mu > 0} or the scene's users also act elsewhere. Memory: {@code 4 n^2} bytes per
 * scene and for {@code B}, plus three such matrices while training; {@code max-items} guards it.
 * Identical results for any thread count (every row of every product is computed by one thread in
 * a fixed order).
 *
 * <p>Thread safety: stateless; safe to use from several threads.
 */
public final class SceneEase implements Algorithm {
    /** Progress stage: one step for the shared matrix, then one per scene matrix. */
    public static final String STAGE = "matrices";

    /** The CLI name. */
    public static final String NAME = "scene-ease";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofDouble("lambda", 300.0, 0, 1e9, "L2 weight of the shared matrix and of every scene matrix"),
            ParamSpec.ofDouble("mu", 300.0, 0, 1e9, "weight pulling every scene matrix towards the shared one"),
            ParamSpec.ofDouble("scene-weight", 1.0, 0, 1e6,
                    "weight of the scene's own targets (its users' scene items) in its matrix's fit"),
            ParamSpec.ofDouble("shared-weight", 0.0, 0, 1e6,
                    "weight of all users' whole histories as targets in every scene matrix's fit"),
            ParamSpec.ofDouble("scene-bias", 0.0, 0, 1e3,
                    "weight of each scene's item intercepts: the mean residual of its users' scene items under "
                    + "the scene matrix (0 = none)"),
            ParamSpec.ofDouble("bias-shrink", 100.0, 0, 1e9,
                    "pseudo-users shrinking the scene item intercepts towards 0"),
            ParamSpec.ofInt("min-scene-events", 50, 1, Integer.MAX_VALUE,
                    "scenes with fewer training events get no matrix of their own (they use the shared one)"),
            ParamSpec.ofBoolean("binary", true, "use 1 for every interaction (false: the matrix weights)"),
            ParamSpec.ofInt("max-items", 20000, 1, 46340, "largest catalogue accepted (memory 4 n^2 bytes per matrix)"),
            Parallel.threadsParam("training"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "scene-aware EASE: a shared item-item matrix plus per-scene matrices shrunk towards it";
    }

    /** Scene-aware: reads the scene of events. */
    @Override
    public Set<DataField> reads(Params params) {
        return Set.of(DataField.SCENE);
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public SceneEaseModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        int n = data.numItems();
        int max = params.getInt("max-items");
        if (n > max) {
            throw new IllegalArgumentException(NAME + ": the catalogue has " + n + " items, more than max-items=" + max
                    + "; it needs dense " + n + " x " + n + " matrices (" + (4L * n * n >> 20)
                    + " MiB each) and n^3 solves. Raise max-items if that fits, or use ials/bpr for large catalogues");
        }
        boolean binary = params.getBoolean("binary");
        float lambda = params.getFloat("lambda");
        float mu = params.getFloat("mu");
        float w = params.getFloat("scene-weight");
        float alpha = params.getFloat("shared-weight");
        int minEvents = params.getInt("min-scene-events");
        float biasWeight = params.getFloat("scene-bias");
        float biasShrink = params.getFloat("bias-shrink");
        if (!(lambda + mu > 0)) {
            throw new IllegalArgumentException(NAME + ": lambda + mu must be positive, got lambda " + lambda + ", mu " + mu);
        }
        Parallel par = new Parallel(params.getInt(Parallel.THREADS));
        InteractionMatrix m = data.matrix();
        Interactions log = data.dataset().interactions();
        List<Scene> logScenes = log.scenes();
        int[] sceneEvents = new int[logScenes.size()];
        for (int e = 0; e < log.size(); e++) {
            int s = log.sceneCode(e);
            if (s >= 0 && log.user(e) < m.rows() && log.item(e) < n) {
                sceneEvents[s]++;
            }
        }
        List<Integer> trained = new ArrayList<>();
        for (int s = 0; s < logScenes.size(); s++) {
            if (sceneEvents[s] >= minEvents) {
                trained.add(s);
            }
        }
        TrainingChecks.requireMemory(NAME + ": " + (trained.size() + 4) + " dense " + n + " x " + n + " item matrices",
                TrainingChecks.bytes(4, n, n, trained.size() + 4L),
                "keep fewer items or scenes (raise min-scene-events), or train ease");
        int steps = 1 + trained.size();
        float[] g = new float[n * n];
        ItemItem.addGram(m, binary, null, 1f, g, n);
        float[] shared = g.clone();
        solve(shared, null, n, lambda, par);
        TrainingChecks.requireFinite(NAME, "raise lambda (now " + lambda + ")", shared);
        l.onProgress(STAGE, 1, steps, Map.of());
        List<String> names = new ArrayList<>();
        List<float[]> mats = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        int step = 1;
        for (int s : trained) {
            SceneRows rows = SceneRows.of(log, m, s, binary);
            float[] a = new float[n * n];
            if (alpha != 0f) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = alpha * g[i];
                }
            }
            ItemItem.addGram(m, binary, rows.users, w, a, n);
            // d = w X_s^T (Y_s - X_s) + mu B
            float[] d = new float[n * n];
            boolean any = rows.crossTerms(m, binary, w, d, n);
            if (mu != 0f) {
                FloatKernels kern = Kernels.get();
                kern.axpy(n * n, mu, shared, 0, d, 0);
                any = true;
            }
            solve(a, any ? d : null, n, lambda + mu, par);
            TrainingChecks.requireFinite(NAME, "raise lambda (now " + lambda + ") or mu (now " + mu + ")", a);
            names.add(logScenes.get(s).name());
            mats.add(a);
            biases.add(biasWeight == 0f ? new float[n] : rows.residualMeans(m, binary, a, n, biasWeight, biasShrink));
            l.onProgress(STAGE, ++step, steps, Map.of());
        }
        return new SceneEaseModel(params, n, binary, shared, names, mats, biases);
    }

    /**
     * Replaces {@code a} (= the Gram part of A, Modified) by the scene matrix: A = a + reg I,
     * P = A^-1, C = I - reg P + P d (d null = 0; Not modified), result C - P diag(C_jj / P_jj).
     */
    private static void solve(float[] a, float[] d, int n, float reg, Parallel par) {
        for (int i = 0; i < n; i++) {
            a[i * n + i] += reg;
        }
        if (!Spd.invertInPlace(a, n, par, null)) {
            throw new IllegalArgumentException(NAME + ": a scene Gram matrix plus (lambda + mu) I is not positive "
                    + "definite in float precision; raise lambda");
        }
        float[] p = a;
        float[] c;
        if (d == null) {
            c = new float[n * n];
            for (int i = 0; i < c.length; i++) {
                c[i] = -reg * p[i];
            }
        } else {
            float[] out = new float[n * n];
            // several gemm calls at once on one output array: a Java kernel (jblas copies arrays whole)
            FloatKernels kern = Kernels.bestJava();
            par.forRange(n, 16, (worker, from, to) ->
                    kern.gemm(false, false, to - from, n, n, 1f, p, from * n, n, d, 0, n, 0f, out, from * n, n));
            for (int i = 0; i < out.length; i++) {
                out[i] -= reg * p[i];
            }
            c = out;
        }
        for (int i = 0; i < n; i++) {
            c[i * n + i] += 1f;
        }
        float[] gamma = new float[n];
        for (int j = 0; j < n; j++) {
            gamma[j] = c[j * n + j] / p[j * n + j];
        }
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                c[row + j] -= p[row + j] * gamma[j];
            }
            c[row + i] = 0f;
        }
        System.arraycopy(c, 0, a, 0, a.length);
    }

    /** The users with events in one scene and, per user, their distinct scene items (sorted). */
    private static final class SceneRows {
        final int[] users;
        final int[][] items;
        final float[][] values;

        private SceneRows(int[] users, int[][] items, float[][] values) {
            this.users = users;
            this.items = items;
            this.values = values;
        }

        static SceneRows of(Interactions log, InteractionMatrix m, int scene, boolean binary) {
            int rows = m.rows();
            int n = m.cols();
            long[] keys = new long[16];
            int k = 0;
            for (int e = 0; e < log.size(); e++) {
                if (log.sceneCode(e) == scene && log.user(e) < rows && log.item(e) < n) {
                    if (k == keys.length) {
                        keys = Arrays.copyOf(keys, k * 2);
                    }
                    keys[k++] = ((long) log.user(e) << 32) | log.item(e);
                }
            }
            Arrays.sort(keys, 0, k);
            List<int[]> its = new ArrayList<>();
            List<float[]> vals = new ArrayList<>();
            int[] users = new int[k];
            int nu = 0;
            int i = 0;
            while (i < k) {
                int u = (int) (keys[i] >>> 32);
                int j = i;
                int[] buf = new int[16];
                int c = 0;
                while (j < k && (int) (keys[j] >>> 32) == u) {
                    int item = (int) keys[j];
                    if (c == 0 || buf[c - 1] != item) {
                        if (c == buf.length) {
                            buf = Arrays.copyOf(buf, c * 2);
                        }
                        buf[c++] = item;
                    }
                    j++;
                }
                int[] row = Arrays.copyOf(buf, c);
                float[] v = new float[c];
                int[] ptr = m.rowPtr();
                for (int t = 0; t < c; t++) {
                    // the target value is the matrix value of (u, item): 1 when binary
                    int pos = Arrays.binarySearch(m.colIdx(), ptr[u], ptr[u + 1], row[t]);
                    v[t] = binary || pos < 0 ? 1f : m.values()[pos];
                }
                users[nu++] = u;
                its.add(row);
                vals.add(v);
                i = j;
            }
            return new SceneRows(Arrays.copyOf(users, nu), its.toArray(new int[0][]), vals.toArray(new float[0][]));
        }

        /**
         * The scene's item intercepts {@code weight * sum_u (y_u - x_u B_s) / (|U_s| + shrink)} over
         * its users u: what the scene matrix under-predicts in the scene on average.
         */
        float[] residualMeans(InteractionMatrix m, boolean binary, float[] bs, int n, float weight, float shrink) {
            int[] ptr = m.rowPtr();
            int[] col = m.colIdx();
            float[] val = m.values();
            double[] sum = new double[n];
            float[] pred = new float[n];
            FloatKernels kern = Kernels.get();
            for (int k = 0; k < users.length; k++) {
                int u = users[k];
                Arrays.fill(pred, 0f);
                for (int a = ptr[u]; a < ptr[u + 1]; a++) {
                    kern.axpy(n, binary ? 1f : val[a], bs, col[a] * n, pred, 0);
                }
                for (int i = 0; i < n; i++) {
                    sum[i] -= pred[i];
                }
                for (int t = 0; t < items[k].length; t++) {
                    sum[items[k][t]] += values[k][t];
                }
            }
            float[] out = new float[n];
            double denom = users.length + (double) shrink;
            for (int i = 0; i < n; i++) {
                out[i] = denom > 0 ? (float) (weight * sum[i] / denom) : 0f;
            }
            return out;
        }

        /**
         * Adds {@code w X_s^T (Y_s - X_s)} to d; returns whether it is not all zero (false when the
         * scene's users do all of their events in it).
         */
        boolean crossTerms(InteractionMatrix m, boolean binary, float w, float[] d, int n) {
            if (w == 0f) {
                return false;
            }
            int[] ptr = m.rowPtr();
            int[] col = m.colIdx();
            float[] val = m.values();
            boolean any = false;
            for (int k = 0; k < users.length; k++) {
                int u = users[k];
                int len = ptr[u + 1] - ptr[u];
                if (items[k].length == len) {
                    continue; // Y_s row = X row: no contribution
                }
                any = true;
                // y - x as a sparse row: scene items minus the whole history
                for (int a = ptr[u]; a < ptr[u + 1]; a++) {
                    float xa = w * (binary ? 1f : val[a]);
                    int row = col[a] * n;
                    for (int t = 0; t < items[k].length; t++) {
                        d[row + items[k][t]] += xa * values[k][t];
                    }
                    for (int b = ptr[u]; b < ptr[u + 1]; b++) {
                        d[row + col[b]] -= xa * (binary ? 1f : val[b]);
                    }
                }
            }
            return any;
        }
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return SceneEaseModel.read(in, params);
    }
}
