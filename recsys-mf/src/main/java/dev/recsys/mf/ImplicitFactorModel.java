package dev.recsys.mf;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.Gram;
import dev.recsys.mf.internal.History;
import dev.recsys.mf.internal.ImplicitAlsSolver;
import dev.recsys.mf.internal.ModelIo;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
import java.io.IOException;

/**
 * An implicit-feedback factor model trained by {@code ials}: the score of item i for user u is
 * {@code x_u . y_i}.
 *
 * <p>Fold-in is closed form: for the query's events (weights {@code w_j}, duplicates summed) the
 * user vector is the exact least-squares solve of implicit ALS against the fixed item factors,
 * {@code (Y^T Y + reg I + sum_j alpha w_j y_j y_j^T) x = sum_j (1 + alpha w_j) y_j}, by Cholesky
 * ({@code n k^2 + k^3/6} multiply-adds). For a user trained with {@code solver=cholesky} it
 * reproduces the trained vector (training ends with a user pass against the final item factors);
 * with conjugate gradient training the trained vector is the CG approximation of the same solve.
 * A known user whose query history is exactly their training row uses the trained vector;
 * otherwise (unknown user, new items, changed weights) the user is folded in. A query with no
 * usable history folds in the current item and cart with weight 1.
 *
 * <p>Thread safety: immutable; all methods are safe for concurrent use.
 */
public final class ImplicitFactorModel implements TrainedModel, FactorModel {
    private static final String TAG = "implicit-factors";
    private static final int VERSION = 1;

    private final String algorithm;
    private final Params params;
    private final int k;
    private final int numUsers;
    private final int numItems;
    private final float alpha;
    private final float reg;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final float[] gram;
    private final Fingerprints fingerprints;

    ImplicitFactorModel(String algorithm, Params params, int k, float alpha, float reg, float[] userFactors,
                        float[] itemFactors, Fingerprints fingerprints) {
        this.algorithm = algorithm;
        this.params = params;
        this.k = k;
        this.numUsers = userFactors.length / k;
        this.numItems = itemFactors.length / k;
        this.alpha = alpha;
        this.reg = reg;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.gram = Gram.of(itemFactors, numItems, k, reg, null);
        this.fingerprints = fingerprints;
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    @Override
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int factors() {
        return k;
    }

    @Override
    public float[] itemFactors() {
        return itemFactors;
    }

    @Override
    public float[] userVector(int user) {
        return QueryUser.vector(userFactors, user, numUsers, k);
    }

    /**
     * The exact implicit-ALS solve for these events against the fixed item factors (see the class
     * comment); duplicate items have their weights summed.
     */
    @Override
    public float[] foldIn(int[] items, float[] weights) {
        return fold(History.strict(items, weights, numItems, true));
    }

    private float[] fold(History h) {
        float[] out = new float[k];
        new ImplicitAlsSolver(k).exact(itemFactors, gram, h.items(), h.weights(), 0, h.size(), alpha, out, 0);
        return out;
    }

    @Override
    public boolean score(Query query, float[] out) {
        float[] x = QueryUser.row(query, numUsers, fingerprints, u -> QueryUser.vector(userFactors, u, numUsers, k),
                () -> History.lenient(query, numItems, true, 1f), this::fold);
        if (x == null) {
            return false;
        }
        Kernels.get().scoreRows(itemFactors, numItems, k, x, 0, out, 0);
        return true;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        ModelIo.writeHeader(out, TAG, VERSION);
        out.writeInt(k);
        out.writeInt(numUsers);
        out.writeInt(numItems);
        out.writeFloat(alpha);
        out.writeFloat(reg);
        out.writeFloats(userFactors);
        out.writeFloats(itemFactors);
        fingerprints.write(out);
    }

    /** Reads what {@link #save} wrote. */
    static ImplicitFactorModel read(ModelInput in, String algorithm, Params params) throws IOException {
        ModelIo.readHeader(in, TAG, VERSION);
        int k = ModelIo.count(in, "factors", 1 << 16);
        if (k == 0) {
            throw new IOException("factors must be > 0");
        }
        int users = ModelIo.count(in, "users", Integer.MAX_VALUE);
        int items = ModelIo.count(in, "items", Integer.MAX_VALUE);
        float alpha = in.readFloat();
        float reg = in.readFloat();
        float[] x = ModelIo.floats(in, (long) users * k, "user factors");
        float[] y = ModelIo.floats(in, (long) items * k, "item factors");
        Fingerprints fp = Fingerprints.read(in, users);
        return new ImplicitFactorModel(algorithm, params, k, alpha, reg, x, y, fp);
    }
}
