package dev.recsys.mf;

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
 * A biased factor model of explicit ratings, {@code r(u, i) = mu + b_u + b_i + p_u . q_i}, as
 * trained by {@code biased-mf} (SGD or Adam) and {@code als} (weighted-lambda ALS).
 *
 * <p>Scoring: {@link #score} fills the predicted rating of every item (not clamped, so that the
 * order among top items is kept); {@link #predict} clamps to the training rating range. A known
 * user whose query history is exactly their training row (same items and ratings) uses the
 * trained vector; otherwise (an unknown user, new items or changed ratings) the user is folded in
 * from the query: the user bias and vector solve the model's own per-user ridge problem
 * {@code min sum_j (r_j - mu - b_j - b - p . q_j)^2 + n (regBias b^2 + reg |p|^2)} with the item
 * parameters fixed (see {@link #foldIn}). A query with no usable history but a current item or cart
 * folds those in as ratings equal to the largest training rating.
 *
 * <p>Thread safety: immutable; all methods are safe for concurrent use.
 */
public final class BiasedFactorModel extends FactorModelBase {
    private static final String TAG = "biased-factors";
    private static final int VERSION = 1;

    BiasedFactorModel(String algorithm, Params params, int k, float mu, float minRating, float maxRating,
                      float reg, float regBias, float[] userBias, float[] itemBias, float[] userFactors,
                      float[] itemFactors, Fingerprints fingerprints) {
        this(algorithm, params, k, new RatingTerms(mu, minRating, maxRating, reg, regBias, userBias), itemBias,
                userFactors, itemFactors, fingerprints);
    }

    private BiasedFactorModel(String algorithm, Params params, int k, RatingTerms ratings, float[] itemBias,
                              float[] userFactors, float[] itemFactors, Fingerprints fingerprints) {
        super(algorithm, params, k, ratings.userBias().length, itemBias.length, userFactors, itemFactors, itemBias,
                ratings, fingerprints);
    }

    private BiasedFactorModel(String algorithm, Params params, int k, RatingTerms ratings, FactorRows userFactors,
                              QuantizedFactors items, Fingerprints fingerprints) {
        super(algorithm, params, k, userFactors, items, ratings, fingerprints);
    }

    private BiasedFactorModel(BiasedFactorModel from, QuantizedFactors items) {
        super(from, items);
    }

    @Override
    BiasedFactorModel copyOnto(QuantizedFactors store) {
        return new BiasedFactorModel(this, store);
    }

    /** The global mean rating {@code mu}. */
    public float globalMean() {
        return ratings.mu();
    }

    /** The bias of a known user. */
    public float userBias(int user) {
        checkUser(user);
        return ratings.userBias()[user];
    }

    /**
     * Folds a user in from ratings: solves the per-user ridge problem of the class comment for the
     * user bias and vector with the item parameters fixed (one (k+1) x (k+1) Cholesky solve).
     * Duplicate items: the last rating counts. Returns the vector p (the bias shifts every score
     * equally and is left out; {@link #score} uses it).
     */
    @Override
    public float[] foldIn(int[] items, float[] weights) {
        History h = History.strict(items, weights, numItems, false);
        float[] bp = fold(h);
        return Arrays.copyOfRange(bp, 1, k + 1);
    }

    @Override
    float[] fold(History h) {
        int n = h.size();
        float[] out = new float[k + 1];
        FoldRows f = foldRows(h);
        new RidgeFoldIn(k).solveRow(f.f(), f.bias(), f.idx(), h.weights(), 0, n, ratings.mu(), ratings.reg(),
                ratings.regBias(), out, 0, out, 1);
        return out;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        writeRatingFactors(out, TAG, VERSION);
        fingerprints.write(out);
    }

    /** Reads what {@link #save} wrote. */
    static BiasedFactorModel read(ModelInput in, String algorithm, Params params) throws IOException {
        RatingFactors f = RatingFactors.read(in, TAG, VERSION, "user factors");
        Fingerprints fp = Fingerprints.read(in, f.shape().users());
        return new BiasedFactorModel(algorithm, params, f.shape().k(), f.ratings(), f.userRows(), f.items(), fp);
    }
}
