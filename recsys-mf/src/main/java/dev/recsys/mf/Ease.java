package dev.recsys.mf;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.train.TrainingChecks;
import dev.recsys.mf.internal.SpdInverse;
import dev.recsys.spi.Algorithm;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;
import dev.recsys.spi.TrainedModel;
import dev.recsys.spi.TrainingData;
import dev.recsys.spi.TrainingListener;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code ease}: Embarrassingly Shallow Autoencoder (Steck 2019), the strong item-item baseline:
 * {@code P = (X^T X + lambda I)^-1}, {@code B = I - P diag(1 / diag(P))}, i.e.
 * {@code B[i][j] = -P[i][j] / P[j][j]} off the diagonal and 0 on it. X is the binary interaction
 * matrix ({@code binary=true}, default) or its weights.
 *
 * <p>Cost: the dense Gram matrix ({@code sum_u n_u^2} updates) and its inverse by blocked
 * Gauss-Jordan ({@code n^3} multiply-adds, rows of the rank-64 updates split over {@code threads};
 * identical results for any thread count). Memory: {@code 4 n^2} bytes for n items (1.6 GB at
 * 20,000 items), hence the {@code max-items} guard: above it training fails with an
 * {@link IllegalArgumentException} naming the size and the memory it would take.
 *
 * <p>Checks: besides {@code max-items}, the item matrix is checked against the free heap before
 * it is allocated (an {@link IllegalStateException} giving its bytes and the {@code -Xmx} it
 * needs); after the solve every weight must be finite, else training fails naming {@code lambda}.
 *
 * <p>Defaults were chosen on validation splits of the MovieLens 100K training folds
 * ({@code recsys-mf/TUNING.md}).
 *
 * <p>Thread safety: stateless; safe to use from several threads.
 */
public final class Ease implements Algorithm {
    /** The CLI name. */
    public static final String NAME = "ease";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofDouble("lambda", 300.0, 0, 1e9, "L2 weight added to the Gram matrix diagonal"),
            ParamSpec.ofBoolean("binary", true, "use 1 for every interaction (false: the matrix weights)"),
            ParamSpec.ofInt("max-items", 20000, 1, 46340, "largest catalogue accepted (memory 4 n^2 bytes)"),
            Parallel.threadsParam("training"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "EASE item-item model (Steck 2019), dense solve for catalogues up to max-items";
    }

    @Override
    public List<ParamSpec> params() {
        return PARAMS;
    }

    @Override
    public EaseModel train(TrainingData data, Params params, TrainingListener listener) {
        if (data == null || params == null) {
            throw new IllegalArgumentException("data and params must not be null");
        }
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        int n = data.numItems();
        int max = params.getInt("max-items");
        if (n > max) {
            throw new IllegalArgumentException("ease: the catalogue has " + n + " items, more than max-items=" + max
                    + "; EASE needs a dense " + n + " x " + n + " matrix (" + (4L * n * n >> 20)
                    + " MiB) and an n^3 solve. Raise max-items if that fits, or use ials/bpr for large catalogues");
        }
        boolean binary = params.getBoolean("binary");
        float lambda = params.getFloat("lambda");
        InteractionMatrix m = data.matrix();
        // the Gram matrix, then its inverse in place with 2 n 64 floats of scratch
        TrainingChecks.requireMemory(NAME + ": the dense " + n + " x " + n + " item matrix",
                TrainingChecks.bytes(4, n, (long) n + 128),
                "keep fewer items, or train ials or bpr, which need no dense item matrix");
        float[] g = new float[n * n];
        int[] ptr = m.rowPtr();
        int[] col = m.colIdx();
        float[] val = m.values();
        for (int u = 0; u < m.rows(); u++) {
            for (int a = ptr[u]; a < ptr[u + 1]; a++) {
                float xa = binary ? 1f : val[a];
                int row = col[a] * n;
                for (int b = ptr[u]; b < ptr[u + 1]; b++) {
                    g[row + col[b]] += xa * (binary ? 1f : val[b]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        l.onProgress("gram", 1, 2, Map.of());
        boolean ok;
        ok = SpdInverse.invert(g, n, new Parallel(params.getInt(Parallel.THREADS)));
        if (!ok) {
            throw new IllegalArgumentException("ease: X^T X + lambda I is not positive definite in float precision; "
                    + "raise lambda (now " + lambda + ")");
        }
        for (int j = 0; j < n; j++) {
            float d = g[j * n + j];
            float inv = -1f / d;
            for (int i = 0; i < n; i++) {
                g[i * n + j] *= inv;
            }
            g[j * n + j] = 0f;
        }
        TrainingChecks.requireFinite(NAME, "raise lambda (now " + lambda + ")", g);
        l.onProgress("inverse", 2, 2, Map.of());
        return new EaseModel(params, n, binary, g);
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return EaseModel.read(in, params);
    }
}
