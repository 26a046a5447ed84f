package dev.recsys.mf;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.internal.rows.FactorRows;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.History;
import dev.recsys.mf.internal.RidgeFoldIn;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import java.io.IOException;
import java.util.Arrays;

/**
 * An SVD++ model trained by {@code svdpp}:
 * {@code r(u, i) = mu + b_u + b_i + q_i . z_u} with the effective user vector
 * {@code z_u = p_u + |N(u)|^-1/2 sum_{j in N(u)} y_j} (N(u): the items u rated).
 * {@link #userVector} returns {@code z_u}.
 *
 * <p>Fold-in (closed form): for the query's rated items N, {@code s = |N|^-1/2 sum_{j in N} y_j};
 * the bias b and vector p then solve the per-user ridge problem
 * {@code min sum_j (r_j - mu - b_j - q_j . s - b - p . q_j)^2 + n (regBias b^2 + reg |p|^2)} with
 * every item parameter fixed, and the vector is {@code z = p + s}. A known user whose query history
 * is exactly their training row uses the trained parameters; otherwise the user is folded in.
 *
 * <p>Thread safety: immutable; all methods are safe for concurrent use.
 */
public final class SvdPlusPlusModel extends FactorModelBase {
    private static final String TAG = "svdpp";
    private static final int VERSION = 1;

    /** The implicit factors {@code y} (row-major items x k), held like the item factors (no biases). */
    private final QuantizedFactors implicitFactors;

    SvdPlusPlusModel(Params params, int k, float mu, float minRating, float maxRating, float reg, float regBias,
                     float[] userBias, float[] itemBias, float[] userVectors, float[] itemFactors,
                     float[] implicitFactors, Fingerprints fingerprints) {
        this(params, k, new RatingTerms(mu, minRating, maxRating, reg, regBias, userBias), itemBias, userVectors,
                itemFactors, implicitFactors, fingerprints);
    }

    private SvdPlusPlusModel(Params params, int k, RatingTerms ratings, float[] itemBias, float[] userVectors,
                             float[] itemFactors, float[] implicitFactors, Fingerprints fingerprints) {
        super(SvdPlusPlus.NAME, params, k, ratings.userBias().length, itemBias.length, userVectors, itemFactors,
                itemBias, ratings, fingerprints);
        this.implicitFactors = QuantizedFactors.of(dev.recsys.serving.FactorStorage.FLOAT, implicitFactors,
                itemBias.length, k, null);
    }

    private SvdPlusPlusModel(Params params, int k, RatingTerms ratings, FactorRows userVectors, QuantizedFactors items,
                             QuantizedFactors implicitFactors, Fingerprints fingerprints) {
        super(SvdPlusPlus.NAME, params, k, userVectors, items, ratings, fingerprints);
        if (implicitFactors.numItems() != numItems || implicitFactors.dim() != k) {
            throw new IllegalArgumentException(implicitFactors.numItems() + " x " + implicitFactors.dim()
                    + " implicit factors for " + numItems + " items x " + k);
        }
        this.implicitFactors = implicitFactors;
    }

    /** Over another item store; the implicit factors are stored the same way. */
    private SvdPlusPlusModel(SvdPlusPlusModel from, QuantizedFactors items) {
        super(from, items);
        this.implicitFactors = from.implicitFactors.to(items.storage());
    }

    @Override
    SvdPlusPlusModel copyOnto(QuantizedFactors store) {
        return new SvdPlusPlusModel(this, store);
    }

    /** The effective vector {@code z_u = p_u + |N(u)|^-1/2 sum y_j} of a known user (a copy). */
    @Override
    public float[] userVector(int user) {
        return super.userVector(user);
    }

    /**
     * The effective vector {@code z = p + s} of a user with these ratings (see the class comment);
     * duplicate items: the last rating counts.
     */
    @Override
    public float[] foldIn(int[] items, float[] weights) {
        float[] bz = fold(History.strict(items, weights, numItems, false));
        return Arrays.copyOfRange(bz, 1, k + 1);
    }

    /** {@code [b, z_1..z_k]}. */
    @Override
    float[] fold(History h) {
        int n = h.size();
        if (n == 0) {
            return new float[k + 1];
        }
        FloatKernels kern = Kernels.get();
        FoldRows y = foldRows(implicitFactors, h);
        FoldRows q = foldRows(h);
        float[] s = new float[k];
        float norm = (float) (1.0 / Math.sqrt(n));
        for (int j = 0; j < n; j++) {
            kern.axpy(k, norm, y.f(), y.idx()[j] * k, s, 0);
        }
        float[] t = new float[n];
        for (int j = 0; j < n; j++) {
            int i = h.items()[j];
            t[j] = h.weights()[j] - ratings.mu() - itemBias[i] - kern.dot(q.f(), q.idx()[j] * k, s, 0, k);
        }
        float[] bp = RidgeFoldIn.solve(q.f(), k, q.idx(), t, n, ratings.reg(), ratings.regBias());
        kern.axpy(k, 1f, s, 0, bp, 1);
        return bp;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        writeRatingFactors(out, TAG, VERSION);
        writeItems(out, implicitFactors);
        fingerprints.write(out);
    }

    /** Reads what {@link #save} wrote. */
    static SvdPlusPlusModel read(ModelInput in, Params params) throws IOException {
        RatingFactors f = RatingFactors.read(in, TAG, VERSION, "user vectors");
        QuantizedFactors y = f.shape().itemStore(in, "implicit item factors");
        Fingerprints fp = Fingerprints.read(in, f.shape().users());
        return new SvdPlusPlusModel(params, f.shape().k(), f.ratings(), f.userRows(), f.items(), y, fp);
    }
}
