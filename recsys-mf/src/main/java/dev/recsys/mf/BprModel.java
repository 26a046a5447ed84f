package dev.recsys.mf;

import dev.recsys.internal.kernel.Kernels;
import dev.recsys.mf.internal.BprTrainer;
import dev.recsys.mf.internal.Fingerprints;
import dev.recsys.mf.internal.History;
import dev.recsys.mf.internal.ModelIo;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.spi.FactorModel;
import dev.recsys.spi.ModelInput;
import dev.recsys.spi.ModelOutput;
import dev.recsys.spi.Params;
import dev.recsys.spi.Query;
import dev.recsys.spi.TrainedModel;
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
public final class BprModel implements TrainedModel, FactorModel {
    private static final String TAG = "bpr";
    private static final int VERSION = 1;

    private final Params params;
    private final int k;
    private final int numUsers;
    private final int numItems;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final float[] itemBias;
    private final int[] itemCounts;
    private final Fingerprints fingerprints;
    private final NegativeSampler sampler;
    private final int foldInEpochs;
    private final float lr;
    private final float reg;
    private final long seed;

    BprModel(Params params, int k, float[] userFactors, float[] itemFactors, float[] itemBias, int[] itemCounts,
             Fingerprints fingerprints) {
        this.params = params;
        this.k = k;
        this.numUsers = userFactors.length / k;
        this.numItems = itemFactors.length / k;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.itemBias = itemBias;
        this.itemCounts = itemCounts;
        this.fingerprints = fingerprints;
        this.sampler = BprTrainer.sampler(params.getChoice("sampling").equals("popularity"),
                params.getDouble("popularity-exponent"), itemCounts);
        this.foldInEpochs = params.getInt("fold-in-epochs");
        this.lr = params.getFloat("learning-rate");
        this.reg = params.getFloat("reg");
        this.seed = params.getLong("seed");
    }

    @Override
    public String algorithm() {
        return Bpr.NAME;
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
    public float[] itemBiases() {
        return itemBias;
    }

    @Override
    public float[] userVector(int user) {
        return QueryUser.vector(userFactors, user, numUsers, k);
    }

    /** Seeded SGD fold-in (see the class comment); weights only select the items (BPR is binary). */
    @Override
    public float[] foldIn(int[] items, float[] weights) {
        return fold(History.strict(items, weights, numItems, true));
    }

    private float[] fold(History h) {
        long s = seed ^ Fingerprints.hash(h.items(), new float[h.size()], 0, h.size());
        return BprTrainer.foldIn(itemFactors, itemBias, k, h.items(), sampler, foldInEpochs, lr, reg, s);
    }

    @Override
    public boolean score(Query query, float[] out) {
        float[] x = QueryUser.row(query, numUsers, fingerprints, u -> QueryUser.vector(userFactors, u, numUsers, k),
                () -> History.lenient(query, numItems, true, 1f), this::fold);
        if (x == null) {
            return false;
        }
        Kernels.get().scoreRows(itemFactors, numItems, k, x, 0, out, 0);
        for (int i = 0; i < numItems; i++) {
            out[i] += itemBias[i];
        }
        return true;
    }

    @Override
    public void save(ModelOutput out) throws IOException {
        ModelIo.writeHeader(out, TAG, VERSION);
        out.writeInt(k);
        out.writeInt(numUsers);
        out.writeInt(numItems);
        out.writeFloats(userFactors);
        out.writeFloats(itemFactors);
        out.writeFloats(itemBias);
        out.writeInts(itemCounts);
        fingerprints.write(out);
    }

    /** Reads what {@link #save} wrote. */
    static BprModel read(ModelInput in, Params params) throws IOException {
        ModelIo.readHeader(in, TAG, VERSION);
        int k = ModelIo.count(in, "factors", 1 << 16);
        if (k == 0) {
            throw new IOException("factors must be > 0");
        }
        int users = ModelIo.count(in, "users", Integer.MAX_VALUE);
        int items = ModelIo.count(in, "items", Integer.MAX_VALUE);
        float[] p = ModelIo.floats(in, (long) users * k, "user factors");
        float[] q = ModelIo.floats(in, (long) items * k, "item factors");
        float[] b = ModelIo.floats(in, items, "item biases");
        int[] counts = ModelIo.ints(in, items, "item counts");
        Fingerprints fp = Fingerprints.read(in, users);
        return new BprModel(params, k, p, q, b, counts, fp);
    }
}
