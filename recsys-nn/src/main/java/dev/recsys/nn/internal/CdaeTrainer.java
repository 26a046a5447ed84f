package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.ParameterUpdater;
import dev.recsys.nn.internal.loss.SampledBinaryCrossEntropy;
import dev.recsys.nn.internal.train.BatchOrder;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link CdaeNetwork}: users with items in a seeded random order, mini-batches of users,
 * dropout corruption of the input, binary cross-entropy on positives and sampled negatives, Adam.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class CdaeTrainer implements EpochTrainer {
    /**
     * Hyper-parameters.
     *
     * @param sampledAbove catalogue size above which the output layer is evaluated on the sampled
     *                     positions only ({@link CdaeNetwork#sampledOutput}); 0: never
     *
     * <p>Thread safety: immutable.
     */
    public record Config(int hidden, String activation, float corruption, int negatives, int batchSize, long seed,
                         int sampledAbove) {
        /** Without the sampled output path. */
        public Config(int hidden, String activation, float corruption, int negatives, int batchSize, long seed) {
            this(hidden, activation, corruption, negatives, batchSize, seed, 0);
        }
    }

    private final InteractionMatrix m;
    private final Config c;
    private final CdaeNetwork net;
    private final ParameterUpdater updater;
    private final BatchOrder order;
    private final SplittableRandom noise;
    private final SampledBinaryCrossEntropy loss;
    private final int[] scratch;
    /** Whether the decoder lags behind its item-major training table (sampled output). */
    private boolean stale;

    /**
     * @param m         users x items. Not modified.
     * @param c         hyper-parameters
     * @param optimizer the update rule
     * @param par       the threads for the products and parameter updates (the model does not depend on them)
     */
    public CdaeTrainer(InteractionMatrix m, Config c, Optimizer optimizer, Parallel par) {
        this.m = m;
        this.c = c;
        SplittableRandom root = new SplittableRandom(c.seed());
        this.net = new CdaeNetwork(m.rows(), m.cols(), c.hidden(), c.activation(), par);
        net.init(root.split());
        if (c.sampledAbove() > 0 && m.cols() > c.sampledAbove()) {
            net.sampledOutput(par);
        }
        this.updater = new ParameterUpdater(optimizer, net.trainableParameters(), par);
        IntArrayList users = new IntArrayList();
        for (int u = 0; u < m.rows(); u++) {
            if (m.rowLength(u) > 0) {
                users.add(u);
            }
        }
        this.order = new BatchOrder(users.toIntArray(), root.nextLong());
        this.noise = root.split();
        this.loss = new SampledBinaryCrossEntropy(m.cols(), c.negatives());
        this.scratch = new int[m.cols()];
    }

    @Override
    public double epoch(int epoch) {
        order.shuffle();
        int[] users = order.order();
        double sum = 0;
        for (int from = 0; from < users.length; from += c.batchSize()) {
            int to = Math.min(users.length, from + c.batchSize());
            sum += net.trainBatch(m, users, from, to, c.corruption(), loss, noise) * (to - from);
            updater.step();
        }
        stale = net.isSampled();
        return users.length == 0 ? 0 : sum / users.length;
    }

    @Override
    public List<Parameter> parameters() {
        return net.trainableParameters();
    }

    @Override
    public void scoreUser(int user, float[] out) {
        if (stale) {
            net.syncOutput();
            stale = false;
        }
        int k = 0;
        for (int q = m.rowPtr()[user]; q < m.rowPtr()[user + 1]; q++) {
            scratch[k++] = m.colIdx()[q];
        }
        net.score(user, scratch, k, out);
    }

    @Override
    public void finish() {
        updater.finish();
        net.syncOutput();
        stale = false;
    }

    /** The trained network. */
    public CdaeNetwork network() {
        return net;
    }
}
