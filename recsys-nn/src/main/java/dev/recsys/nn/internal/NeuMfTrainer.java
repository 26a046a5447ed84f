package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.internal.sample.Shuffle;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.ParameterUpdater;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains {@link NeuMfNetwork} as in the NCF paper's code: each epoch, every observed (user, item)
 * pair with label 1 plus {@code negatives} unobserved items of the same user with label 0, all
 * shuffled together and cut into mini-batches of samples; binary cross-entropy; Adam (lazy row
 * updates for the embedding tables).
 *
 * <p>Thread safety: not thread-safe.
 */
public final class NeuMfTrainer implements EpochTrainer {
    /** Hyper-parameters. Thread safety: immutable. */
    public record Config(int factors, int mlpLayers, int negatives, int batchSize, long seed) {
    }

    private final InteractionMatrix m;
    private final Config c;
    private final NeuMfNetwork net;
    private final ParameterUpdater updater;
    private final NegativeSampler sampler;
    private final SplittableRandom negatives;
    private final SplittableRandom shuffle;
    private final int[] su;
    private final int[] si;
    private final float[] sl;
    private float[] projection;

    /**
     * @param m         users x items. Not modified.
     * @param c         hyper-parameters
     * @param optimizer the update rule
     * @param par       the threads for the products and parameter updates (the model does not depend on them)
     */
    public NeuMfTrainer(InteractionMatrix m, Config c, Optimizer optimizer, Parallel par) {
        this.m = m;
        this.c = c;
        SplittableRandom root = new SplittableRandom(c.seed());
        this.net = new NeuMfNetwork(m.rows(), m.cols(), c.factors(), c.mlpLayers(), par);
        net.init(root.split());
        this.updater = new ParameterUpdater(optimizer, net.parameters(), par);
        this.sampler = NegativeSampler.uniform(m.cols());
        this.negatives = new SplittableRandom(root.nextLong());
        this.shuffle = root.split();
        long n = (long) m.nnz() * (1 + c.negatives());
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many samples per epoch: " + n);
        }
        this.su = new int[(int) n];
        this.si = new int[(int) n];
        this.sl = new float[(int) n];
    }

    /** Number of samples per epoch (positives x (1 + negatives)). */
    public int samplesPerEpoch() {
        return su.length;
    }

    @Override
    public double epoch(int epoch) {
        projection = null;
        int p = 0;
        int[] ptr = m.rowPtr();
        int[] ci = m.colIdx();
        for (int u = 0; u < m.rows(); u++) {
            for (int q = ptr[u]; q < ptr[u + 1]; q++) {
                su[p] = u;
                si[p] = ci[q];
                sl[p++] = 1f;
                for (int k = 0; k < c.negatives(); k++) {
                    su[p] = u;
                    si[p] = sampler.drawNegative(negatives, m, u);
                    sl[p++] = 0f;
                }
            }
        }
        Shuffle.triples(su, si, sl, 0, p, shuffle);
        double sum = 0;
        for (int from = 0; from < p; from += c.batchSize()) {
            int n = Math.min(c.batchSize(), p - from);
            sum += net.trainBatch(su, si, sl, from, n) * n;
            updater.step();
        }
        return p == 0 ? 0 : sum / p;
    }

    @Override
    public List<Parameter> parameters() {
        return net.parameters();
    }

    @Override
    public void scoreUser(int user, float[] out) {
        if (projection == null) {
            projection = net.itemProjection();
        }
        net.scoreAll(user, projection, out);
    }

    @Override
    public void finish() {
        updater.finish();
        projection = null;
    }

    /** The trained network. */
    public NeuMfNetwork network() {
        return net;
    }
}
