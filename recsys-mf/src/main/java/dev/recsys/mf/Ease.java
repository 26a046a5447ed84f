package dev.recsys.mf;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.linalg.Spd;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.train.TrainingChecks;
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
 * <p>Catalogue: the items with at least one training interaction. Items without one (known only
 * from test data or metadata) never enter the Gram matrix; the model cannot score them
 * ({@link EaseModel#score} gives them negative infinity, so they are left to cold-start handling).
 *
 * <p>Cost, for m catalogue items: the dense Gram matrix ({@code sum_u n_u^2} updates, split over
 * {@code threads} by blocks of item rows) and its inverse by a blocked Cholesky factorisation,
 * triangular inverse and product on the core gemm kernel ({@code m^3 / 2} multiply-adds, split
 * over {@code threads} by tiles; see {@link Spd#invertInPlace}); identical results for any thread
 * count. Progress: stage {@code gram} (one step per block of item rows), then stage
 * {@code inverse} (three passes over the block rows of the matrix). Memory: {@code 4 m^2} bytes
 * (1.6 GB at 20,000 items), hence the {@code max-items} guard: above it training fails with an
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
    /** Item rows of the Gram matrix per task and progress step. */
    private static final int GRAM_ROWS = 256;

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofDouble("lambda", 300.0, 0, 1e9, "L2 weight added to the Gram matrix diagonal"),
            ParamSpec.ofBoolean("binary", true, "use 1 for every interaction (false: the matrix weights)"),
            ParamSpec.ofInt("max-items", 30000, 1, 46340,
                    "largest catalogue (items with training interactions) accepted (memory 4 n^2 bytes)"),
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
        InteractionMatrix m = data.matrix();
        InteractionMatrix byItem = m.transpose();
        int[] catalogue = trainedItems(byItem);
        int n = catalogue.length;
        int max = params.getInt("max-items");
        if (n > max) {
            throw new IllegalArgumentException("ease: the catalogue has " + n + " items with training interactions, "
                    + "more than max-items=" + max + "; EASE needs a dense " + n + " x " + n + " matrix ("
                    + (4L * n * n >> 20) + " MiB) and an n^3 solve. Raise max-items if that fits, or use ials/bpr "
                    + "for large catalogues");
        }
        boolean binary = params.getBoolean("binary");
        float lambda = params.getFloat("lambda");
        Parallel par = new Parallel(params.getInt(Parallel.THREADS));
        // the Gram matrix, then its inverse in place with NB rows of scratch
        TrainingChecks.requireMemory(NAME + ": the dense " + n + " x " + n + " item matrix",
                TrainingChecks.bytes(4, n, (long) n + Spd.NB + 64),
                "keep fewer items, or train ials or bpr, which need no dense item matrix");
        float[] g = gram(m, byItem, catalogue, binary, lambda, par, l);
        if (!Spd.invertInPlace(g, n, par, l)) {
            throw new IllegalArgumentException("ease: X^T X + lambda I is not positive definite in float precision; "
                    + "raise lambda (now " + lambda + ")");
        }
        // B[i][j] = -P[i][j] / P[j][j], zero diagonal
        float[] scale = new float[n];
        for (int j = 0; j < n; j++) {
            scale[j] = -1f / g[j * n + j];
        }
        par.forRange(n, GRAM_ROWS, (worker, from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    g[row + j] *= scale[j];
                }
                g[row + i] = 0f;
            }
        });
        TrainingChecks.requireFinite(NAME, "raise lambda (now " + lambda + ")", g);
        return new EaseModel(params, data.numItems(), catalogue, binary, g);
    }

    /** The items with at least one training interaction, ascending. */
    private static int[] trainedItems(InteractionMatrix byItem) {
        int count = 0;
        for (int i = 0; i < byItem.rows(); i++) {
            if (byItem.rowLength(i) > 0) {
                count++;
            }
        }
        int[] items = new int[count];
        count = 0;
        for (int i = 0; i < byItem.rows(); i++) {
            if (byItem.rowLength(i) > 0) {
                items[count++] = i;
            }
        }
        return items;
    }

    /**
     * {@code X^T X + lambda I} over the catalogue, row r (item {@code catalogue[r]}) summed over the
     * item's users in the transposed matrix: each task owns a block of rows, so the sums run in the
     * same order whatever the thread count.
     */
    private static float[] gram(InteractionMatrix m, InteractionMatrix byItem, int[] catalogue, boolean binary,
                                float lambda, Parallel par, TrainingListener l) {
        int n = catalogue.length;
        int[] local = new int[m.cols()];
        java.util.Arrays.fill(local, -1);
        for (int r = 0; r < n; r++) {
            local[catalogue[r]] = r;
        }
        float[] g = new float[n * n];
        int[] ptr = m.rowPtr();
        int[] col = m.colIdx();
        float[] val = m.values();
        int[] iPtr = byItem.rowPtr();
        int[] iUser = byItem.colIdx();
        float[] iVal = byItem.values();
        int blocks = (n + GRAM_ROWS - 1) / GRAM_ROWS;
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        par.forEach(blocks, (worker, block) -> {
            int to = Math.min(n, (block + 1) * GRAM_ROWS);
            for (int r = block * GRAM_ROWS; r < to; r++) {
                int item = catalogue[r];
                int row = r * n;
                for (int e = iPtr[item]; e < iPtr[item + 1]; e++) {
                    int u = iUser[e];
                    float xa = binary ? 1f : iVal[e];
                    for (int b = ptr[u]; b < ptr[u + 1]; b++) {
                        g[row + local[col[b]]] += xa * (binary ? 1f : val[b]);
                    }
                }
                g[row + r] += lambda;
            }
            l.onProgress("gram", done.incrementAndGet(), blocks, Map.of());
        });
        return g;
    }

    @Override
    public TrainedModel load(ModelInput in, Params params) throws IOException {
        return EaseModel.read(in, params);
    }
}
