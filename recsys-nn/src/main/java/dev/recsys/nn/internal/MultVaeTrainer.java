package dev.recsys.nn.internal;

import dev.recsys.data.InteractionMatrix;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.ParameterUpdater;
import dev.recsys.nn.internal.loss.KlAnnealing;
import dev.recsys.nn.internal.train.BatchOrder;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link MultVaeNetwork} on a users x items matrix: users with at least one item, in a
 * seeded random order each epoch, Adam updates (lazy row updates for the sparse input layer), and
 * linear KL annealing.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class MultVaeTrainer implements EpochTrainer {
    /** Hyper-parameters. Thread safety: immutable. */
    public record Config(int hidden, int latent, int batchSize, float dropout, float annealCap, long annealSteps,
                         boolean binary, long seed, boolean klPerItems, int sampledAbove, int samples) {
        /** Full softmax at every catalogue size. */
        public Config(int hidden, int latent, int batchSize, float dropout, float annealCap, long annealSteps,
                      boolean binary, long seed, boolean klPerItems) {
            this(hidden, latent, batchSize, dropout, annealCap, annealSteps, binary, seed, klPerItems, 0, 0);
        }

        /** Whether a catalogue of {@code items} trains through the sampled softmax. */
        public boolean sampled(int items) {
            return sampledAbove > 0 && samples > 0 && items > sampledAbove;
        }

        /** Without per-user KL scaling. */
        public Config(int hidden, int latent, int batchSize, float dropout, float annealCap, long annealSteps,
                      boolean binary, long seed) {
            this(hidden, latent, batchSize, dropout, annealCap, annealSteps, binary, seed, false);
        }
    }

    /** Popularity exponent of the sampled softmax's proposal (as word2vec's negative sampling). */
    static final double PROPOSAL_EXPONENT = 0.75;

    private final InteractionMatrix m;
    private final Config c;
    private final MultVaeNetwork net;
    private final ParameterUpdater updater;
    private final BatchOrder order;
    private final SplittableRandom noise;
    private final KlAnnealing annealing;
    private final int[] validItems;
    private final float[] validValues;
    /** Whether the output layer lags behind its item-major training table (sampled softmax). */
    private boolean stale;

    /**
     * @param m         users x items. Not modified.
     * @param c         hyper-parameters
     * @param optimizer the update rule
     * @param epochs    planned epochs (for an automatic annealing ramp)
     * @param par       the threads for the products and parameter updates (the model does not depend on them)
     */
    public MultVaeTrainer(InteractionMatrix m, Config c, Optimizer optimizer, int epochs, Parallel par) {
        this.m = m;
        this.c = c;
        SplittableRandom root = new SplittableRandom(c.seed());
        this.net = new MultVaeNetwork(m.cols(), c.hidden(), c.latent(), par);
        net.init(root.split());
        net.klScaledByItems(c.klPerItems());
        if (c.sampled(m.cols())) {
            int[] counts = new int[m.cols()];
            for (int q = 0; q < m.nnz(); q++) {
                counts[m.colIdx()[q]]++;
            }
            net.sampledSoftmax(counts, PROPOSAL_EXPONENT, c.samples(), par);
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
        long perEpoch = order.batches(c.batchSize());
        long ramp = c.annealSteps() > 0 ? c.annealSteps() : Math.max(1, perEpoch * epochs);
        this.annealing = new KlAnnealing(c.annealCap(), ramp);
        this.validItems = new int[m.cols()];
        this.validValues = new float[m.cols()];
    }

    @Override
    public double epoch(int epoch) {
        order.shuffle();
        int[] users = order.order();
        double sum = 0;
        int n = users.length;
        for (int from = 0; from < n; from += c.batchSize()) {
            int to = Math.min(n, from + c.batchSize());
            float beta = annealing.beta(updater.steps() + 1);
            double loss = net.trainBatch(m, users, from, to, c.binary(), c.dropout(), beta, noise);
            updater.step();
            sum += loss * (to - from);
        }
        stale = net.isSampled();
        return n == 0 ? 0 : sum / n;
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
            validItems[k] = m.colIdx()[q];
            validValues[k++] = c.binary() ? 1f : m.values()[q];
        }
        net.score(validItems, validValues, k, out);
    }

    @Override
    public void finish() {
        updater.finish();
        net.syncOutput();
        stale = false;
    }

    /** The trained network. */
    public MultVaeNetwork network() {
        return net;
    }
}
