package dev.recsys.mf;

import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.internal.rows.FactorRows;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.Gram;
import dev.recsys.mf.internal.History;
import dev.recsys.mf.internal.ImplicitAlsSolver;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import java.io.IOException;

/**
 * An implicit-feedback factor model trained by {@code ials}: the score of item i for user u is
 * {@code x_u . y_i}.
 *
 * <p>Fold-in is closed form: for the query's events (weights {@code w_j}, duplicates summed) the
 * user vector is the exact least-squares solve of implicit ALS against the fixed item factors,
 * {@code (Y^T Y + reg I + sum_j alpha w_j y_j y_j^T) x = sum_j (1 + alpha w_j) y_j} ({@code reg-mode=count}:
 * {@code reg} times the number of positive events instead of {@code reg}), by Cholesky
 * ({@code n k^2 + k^3/6} multiply-adds). For a user trained with {@code solver=cholesky} it
 * reproduces the trained vector (training ends with a user pass against the final item factors);
 * with conjugate gradient training the trained vector is the CG approximation of the same solve.
 * A known user whose query history is exactly their training row uses the trained vector;
 * otherwise (unknown user, new items, changed weights) the user is folded in. A query with no
 * usable history folds in the current item and cart with weight 1.
 *
 * <p>Held quantised (see {@code FactorModelBase}), the Gram matrix {@code Y^T Y} is that of the
 * stored rows, so a saved and loaded model folds in exactly as the one that was saved.
 *
 * <p>User factors may be memory-mapped (a model bundle loaded by {@code ModelFiles.load}, see
 * {@code ModelBundles.LoadOptions}): a known user's row is then copied out of the mapping per request.
 *
 * <p>Thread safety: immutable; all methods are safe for concurrent use.
 */
public final class ImplicitFactorModel extends FactorModelBase {
    private static final String TAG = "implicit-factors";
    private static final int VERSION = 1;

    private final float alpha;
    private final float reg;
    /** {@code reg-mode=count}: the Gram matrix holds no reg, the fold-in adds reg per positive event. */
    private final boolean countReg;
    private final float[] gram;

    ImplicitFactorModel(String algorithm, Params params, int k, float alpha, float reg, boolean countReg,
                        float[] userFactors, float[] itemFactors, Fingerprints fingerprints) {
        super(algorithm, params, k, userFactors.length / k, itemFactors.length / k, userFactors, itemFactors, null,
                null, fingerprints);
        this.alpha = alpha;
        this.reg = reg;
        this.countReg = countReg;
        this.gram = Gram.of(itemFactors, numItems, k, gramReg(), null);
    }

    private ImplicitFactorModel(String algorithm, Params params, int k, float alpha, float reg, boolean countReg,
                                FactorRows userFactors, QuantizedFactors items, Fingerprints fingerprints) {
        super(algorithm, params, k, userFactors, items, null, fingerprints);
        this.alpha = alpha;
        this.reg = reg;
        this.countReg = countReg;
        this.gram = items.floats() != null ? Gram.of(items.floats(), numItems, k, gramReg(), null)
                : Gram.of(items, gramReg());
    }

    private ImplicitFactorModel(ImplicitFactorModel from, QuantizedFactors items) {
        super(from, items);
        this.alpha = from.alpha;
        this.reg = from.reg;
        this.countReg = from.countReg;
        this.gram = items.floats() != null ? Gram.of(items.floats(), numItems, k, gramReg(), null)
                : Gram.of(items, gramReg());
    }

    private float gramReg() {
        return countReg ? 0f : reg;
    }

    @Override
    ImplicitFactorModel copyOnto(QuantizedFactors store) {
        return new ImplicitFactorModel(this, store);
    }

    /**
     * The exact implicit-ALS solve for these events against the fixed item factors (see the class
     * comment); duplicate items have their weights summed.
     */
    @Override
    public float[] foldIn(int[] items, float[] weights) {
        return fold(History.strict(items, weights, numItems, true));
    }

    @Override
    float[] fold(History h) {
        float[] out = new float[k];
        FoldRows f = foldRows(h);
        new ImplicitAlsSolver(k).exact(f.f(), gram, f.idx(), h.weights(), 0, h.size(), alpha, countReg ? reg : 0f,
                out, 0);
        return out;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        writeShape(out, TAG, VERSION);
        out.writeFloat(alpha);
        out.writeFloat(reg);
        userRows.write(out);
        writeItems(out, items);
        fingerprints.write(out);
    }

    /** Reads what {@link #save} wrote. */
    static ImplicitFactorModel read(ModelInput in, String algorithm, Params params) throws IOException {
        Shape s = readShape(in, TAG, VERSION);
        float alpha = in.readFloat();
        float reg = in.readFloat();
        FactorRows x = s.userFactorRows(in, "user factors");
        QuantizedFactors y = s.itemStore(in, "item factors");
        Fingerprints fp = Fingerprints.read(in, s.users());
        return new ImplicitFactorModel(algorithm, params, s.k(), alpha, reg, ImplicitAls.countReg(params), x, y, fp);
    }
}
