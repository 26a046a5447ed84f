package dev.recsys.mf;

import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.internal.rows.FactorRows;
import dev.recsys.mf.internal.BprTrainer;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.History;
import dev.recsys.mf.internal.ModelIo;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import java.io.IOException;

/**
 * A pairwise-ranking factor model trained by {@code bpr}: the score of item i for user u is
 * {@code b_i + p_u . q_i}.
 *
 * <p>Fold-in: {@code fold-in-epochs} passes of BPR SGD on the user vector alone, starting from
 * zero, each positive paired with a negative drawn as in training (history items rejected), with
 * the training learning rate and L2; the random generator is seeded from the model seed and the
 * history, so the same events always give the same vector. A known user whose query history is
 * exactly their training row uses the trained vector; otherwise the user is folded in. A query
 * with no usable history folds in the current item and cart.
 *
 * <p>Thread safety: immutable; all methods are safe for concurrent use.
 */
public final class BprModel extends FactorModelBase {
    private static final String TAG = "bpr";
    private static final int VERSION = 1;

    private final int[] itemCounts;
    private final NegativeSampler sampler;
    private final int foldInEpochs;
    private final float lr;
    private final float reg;
    private final long seed;

    BprModel(Params params, int k, float[] userFactors, float[] itemFactors, float[] itemBias, int[] itemCounts,
             Fingerprints fingerprints) {
        this(params, k, FactorRows.of(userFactors, userFactors.length / k, k), QuantizedFactors.of(dev.recsys.serving.FactorStorage.FLOAT, itemFactors,
                itemFactors.length / k, k, itemBias), itemCounts, fingerprints);
    }

    private BprModel(Params params, int k, FactorRows userFactors, QuantizedFactors items, int[] itemCounts,
                     Fingerprints fingerprints) {
        super(Bpr.NAME, params, k, userFactors, items, null, fingerprints);
        this.itemCounts = itemCounts;
        this.sampler = BprTrainer.sampler(params.getChoice("sampling").equals("popularity"),
                params.getDouble("popularity-exponent"), itemCounts);
        this.foldInEpochs = params.getInt("fold-in-epochs");
        this.lr = params.getFloat("learning-rate");
        this.reg = params.getFloat("reg");
        this.seed = params.getLong("seed");
    }

    private BprModel(BprModel from, QuantizedFactors items) {
        super(from, items);
        this.itemCounts = from.itemCounts;
        this.sampler = from.sampler;
        this.foldInEpochs = from.foldInEpochs;
        this.lr = from.lr;
        this.reg = from.reg;
        this.seed = from.seed;
    }

    @Override
    BprModel copyOnto(QuantizedFactors store) {
        return new BprModel(this, store);
    }

    /** Seeded SGD fold-in (see the class comment); weights only select the items (BPR is binary). */
    @Override
    public float[] foldIn(int[] items, float[] weights) {
        return fold(History.strict(items, weights, numItems, true));
    }

    @Override
    float[] fold(History h) {
        long s = seed ^ Fingerprints.hash(h.items(), new float[h.size()], 0, h.size());
        if (itemFactors != null) {
            return BprTrainer.foldIn(itemFactors, itemBias, k, h.items(), sampler, foldInEpochs, lr, reg, s);
        }
        return BprTrainer.foldIn((item, dst) -> items.row(item, dst, 0), itemBias, k, h.items(), sampler, foldInEpochs,
                lr, reg, s);
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        writeShape(out, TAG, VERSION);
        userRows.write(out);
        writeItems(out, items);
        out.writeFloats(itemBias);
        out.writeInts(itemCounts);
        fingerprints.write(out);
    }

    /** Reads what {@link #save} wrote. */
    static BprModel read(ModelInput in, Params params) throws IOException {
        Shape s = readShape(in, TAG, VERSION);
        FactorRows p = s.userFactorRows(in, "user factors");
        QuantizedFactors q = s.itemStore(in, "item factors");
        float[] b = ModelIo.floats(in, s.items(), "item biases");
        int[] counts = ModelIo.ints(in, s.items(), "item counts");
        Fingerprints fp = Fingerprints.read(in, s.users());
        return new BprModel(params, s.k(), p, q.withBiases(b), counts, fp);
    }
}
