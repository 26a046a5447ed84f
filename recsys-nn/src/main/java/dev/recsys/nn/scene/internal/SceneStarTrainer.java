package dev.recsys.nn.scene.internal;

import dev.recsys.api.Scene;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.internal.sample.NegativeSampler;
import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.ParameterUpdater;
import dev.recsys.nn.internal.train.BatchOrder;
import dev.recsys.spi.TrainingListener;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a {@link SceneStarNetwork} with BPR on the distinct (user, item, scene) triples of a log:
 * triples in a seeded random order, one sampled negative (an item the user never touched) per
 * triple, mini-batches, Adam.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class SceneStarTrainer {
    /**
     * Hyper-parameters.
     *
     * @param factors   factors
     * @param useScenes whether the scene parts are trained (false = one shared model)
     * @param reg       L2 weight of the shared rows
     * @param sceneReg  L2 weight of the scene parts
     * @param epochs    passes over the triples
     * @param batchSize triples per mini-batch
     * @param seed      random seed
     * @param initStd   standard deviation of the initial factors
     * @param gate      whether scenes have a factor gate {@code D}
     * @param userOffset whether scenes have a user offset {@code G}
     * @param itemOffsets whether scenes have item offsets {@code E}
     * @param itemReg   L2 weight of the item offsets
     * @param finetuneEpochs epochs after {@code epochs} that train only the scene parts, each on its
     *                  own scene's triples, with the shared part frozen; 0 = none
     * @param pretrainShared with fine-tuning: the first {@code epochs} train the shared part exactly as
     *                  the shared model ({@code useScenes = false}) does, instead of all parts jointly
     * @param biasScale whether scenes scale the shared item bias by {@code 1 + A[s]}
     * @param sceneNegatives in the fine-tuning epochs, the share of negatives drawn from the items of the
     *                  triple's own scene (popularity-weighted) instead of uniformly
     * @param attrReg   L2 weight of the scene attribute biases {@code H} (used only when the attributes
     *                  passed to {@link SceneStarTrainer#train} have features)
     * @param mix       whether scenes mix in the other scenes' gates and item biases ({@code M})
     * @param mixReg    L2 weight of the mixing rows
     * @param shrink    after training, each scene's gate, item biases and attribute biases become
     *                  {@code w_s own + (1 - w_s) pooled}, {@code w_s = n_s / (n_s + k)}, pooled = the
     *                  triple-weighted mean of the other scenes' parts, {@code k = shrink} times the
     *                  mean number of triples per scene (0 = no shrinkage)
     *
     * <p>Thread safety: immutable.
     */
    public record Config(int factors, boolean useScenes, float reg, float sceneReg, int epochs, int batchSize,
                         long seed, double initStd, boolean gate, boolean userOffset, boolean itemOffsets,
                         float itemReg, int finetuneEpochs, boolean pretrainShared, boolean biasScale, double sceneNegatives,
                         float attrReg, boolean mix, float mixReg, double shrink) {
        /** Validates the values (the ranges of {@code SceneStar}'s parameters). */
        public Config {
            if (factors < 1) {
                throw new IllegalArgumentException("factors must be >= 1, got " + factors);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (finetuneEpochs < 0) {
                throw new IllegalArgumentException("finetuneEpochs must be >= 0, got " + finetuneEpochs);
            }
            nonNegative("reg", reg);
            nonNegative("sceneReg", sceneReg);
            nonNegative("initStd", initStd);
            nonNegative("itemReg", itemReg);
            nonNegative("attrReg", attrReg);
            nonNegative("mixReg", mixReg);
            nonNegative("shrink", shrink);
            if (!(sceneNegatives >= 0 && sceneNegatives <= 1)) {
                throw new IllegalArgumentException("sceneNegatives must be in [0, 1], got " + sceneNegatives);
            }
        }

        private static void nonNegative(String name, double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
            }
        }
    }

    private SceneStarTrainer() {
    }

    /**
     * Trains, with per-scene biases of the given item attributes ({@code H}) when they have features.
     *
     * @param log        scene-tagged events. Not modified.
     * @param matrix     the users x items matrix of the same log (negative sampling). Not modified.
     * @param options    behaviour weights (events of weight 0 are ignored)
     * @param c          hyper-parameters
     * @param attributes item attributes over the log's item index, or null for none
     * @param optimizer  update rule
     * @param listener   receives stage {@code epoch} with metric {@code loss}
     * @return the trained network and the scene names it learnt parts for
     */
    public static Result train(Interactions log, InteractionMatrix matrix, MatrixOptions options, Config c,
                               ItemAttributes attributes, Optimizer optimizer, TrainingListener listener) {
        List<Scene> sceneList = c.useScenes() ? log.scenes() : List.of();
        int numScenes = sceneList.size();
        int users = Math.max(1, log.users().size());
        int items = Math.max(1, log.items().size());
        float[] w = options.weights();
        Triples triples = Triples.of(log, w, numScenes, items);
        int finetune = numScenes == 0 ? 0 : c.finetuneEpochs();
        boolean pretrain = finetune > 0 && c.pretrainShared();
        // the backbone stage: all parts jointly on the scene triples, or (pretrain) exactly the shared
        // model's training on the distinct (user, item) pairs, same random streams
        Triples first = pretrain ? Triples.of(log, w, 0, items) : triples;
        SplittableRandom root = new SplittableRandom(c.seed());
        SceneStarNetwork net = new SceneStarNetwork(users, items, numScenes, c.factors(), c.gate(), c.userOffset(),
                c.itemOffsets(), c.biasScale(), attributes, c.mix());
        net.init(root.split(), c.initStd());
        int total = c.epochs() + finetune;
        // the mixing weights M learn only in the scene stage (they start at 0, so the joint stage has no mixing)
        List<Parameter> joint = new ArrayList<>(pretrain ? net.sharedParameters() : net.parameters());
        joint.remove(net.mixWeights());
        ParameterUpdater updater = new ParameterUpdater(optimizer, joint);
        BatchOrder order = BatchOrder.range(first.size(), root.nextLong());
        UniformNegatives neg = new UniformNegatives(matrix, root.nextLong());
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            double loss = epoch(net, first, order, neg, null, updater, c, true);
            report(listener, epoch, total, loss);
        }
        updater.finish();
        if (finetune > 0) {
            // the scene stage: only the scene parts learn, each from its own scene's triples
            ParameterUpdater sceneUpdater = new ParameterUpdater(optimizer, net.sceneParameters());
            BatchOrder sceneOrder = BatchOrder.range(triples.size(), root.nextLong());
            SceneNegatives sceneNeg = c.sceneNegatives() > 0
                    ? new SceneNegatives(triples, numScenes, matrix, c.sceneNegatives(), root.nextLong()) : null;
            for (int epoch = 1; epoch <= finetune; epoch++) {
                double loss = epoch(net, triples, sceneOrder, neg, sceneNeg, sceneUpdater, c, false);
                report(listener, c.epochs() + epoch, total, loss);
            }
            sceneUpdater.finish();
        }
        if (c.shrink() > 0 && numScenes > 1) {
            long[] n = new long[numScenes];
            long sceneTriples = 0;
            for (int x = 0; x < triples.size(); x++) {
                if (triples.scenes[x] >= 0) {
                    n[triples.scenes[x]]++;
                    sceneTriples++;
                }
            }
            if (sceneTriples > 0) {
                net.shrinkScenes(n, c.shrink() * sceneTriples / numScenes);
            }
        }
        List<String> names = new ArrayList<>();
        for (Scene s : sceneList) {
            names.add(s.name());
        }
        return new Result(net, names);
    }

    private static double epoch(SceneStarNetwork net, Triples t, BatchOrder order, UniformNegatives neg,
                                SceneNegatives sceneNeg, ParameterUpdater updater, Config c, boolean shared) {
        order.shuffle();
        int[] o = order.order();
        SceneStarNetwork.Penalties pen = new SceneStarNetwork.Penalties(c.reg(), c.sceneReg(), c.itemReg(),
                c.attrReg(), c.mixReg());
        double sum = 0;
        for (int from = 0; from < o.length; from += c.batchSize()) {
            int to = Math.min(o.length, from + c.batchSize());
            net.zeroGrad();
            float scale = 1f / (to - from);
            for (int k = from; k < to; k++) {
                int x = o[k];
                int u = t.users[x];
                int j = sceneNeg == null ? -1 : sceneNeg.sample(u, t.scenes[x]);
                if (j < 0) {
                    j = neg.sample(u);
                }
                sum += net.accumulate(u, t.items[x], j, t.scenes[x], pen, scale, shared);
            }
            updater.step();
        }
        return o.length == 0 ? 0 : sum / o.length;
    }

    private static void report(TrainingListener listener, int epoch, int total, double loss) {
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("scene-star: training diverged at epoch " + epoch
                    + " (loss " + loss + "); lower learning-rate");
        }
        listener.onProgress("epoch", epoch, total, Map.of("loss", loss));
    }

    /** Uniform negatives: an item the user never touched, from the trainer's own random stream. */
    private static final class UniformNegatives {
        final InteractionMatrix m;
        final NegativeSampler sampler;
        final SplittableRandom rnd;

        UniformNegatives(InteractionMatrix m, long seed) {
            this.m = m;
            this.sampler = NegativeSampler.uniform(m.cols());
            this.rnd = new SplittableRandom(seed);
        }

        int sample(int user) {
            return sampler.drawNegative(rnd, m, user);
        }
    }

    /**
     * Draws a negative from a scene's own item distribution: the item of a random triple of the
     * scene, rejected if the user interacted with it (at most {@link #TRIES} draws).
     */
    private static final class SceneNegatives {
        static final int TRIES = 10;
        final NegativeSampler[] itemsOf; // null for a scene without triples
        final InteractionMatrix m;
        final double share;
        final SplittableRandom rnd;

        SceneNegatives(Triples t, int numScenes, InteractionMatrix m, double share, long seed) {
            IntArrayList[] lists = new IntArrayList[numScenes];
            for (int s = 0; s < numScenes; s++) {
                lists[s] = new IntArrayList();
            }
            for (int x = 0; x < t.size(); x++) {
                if (t.scenes[x] >= 0) {
                    lists[t.scenes[x]].add(t.items[x]);
                }
            }
            this.itemsOf = new NegativeSampler[numScenes];
            for (int s = 0; s < numScenes; s++) {
                itemsOf[s] = lists[s].isEmpty() ? null : NegativeSampler.fromPool(lists[s].toIntArray());
            }
            this.m = m;
            this.share = share;
            this.rnd = new SplittableRandom(seed);
        }

        /** A negative from the scene, or -1 (then the caller samples uniformly). */
        int sample(int user, int scene) {
            if (scene < 0 || rnd.nextDouble() >= share) {
                return -1;
            }
            NegativeSampler pool = itemsOf[scene];
            if (pool == null) {
                return -1;
            }
            int[] ptr = m.rowPtr();
            return pool.drawNegative(rnd, m.colIdx(), ptr[user], ptr[user + 1], TRIES);
        }
    }

    /** The distinct positive (user, item, scene) triples of a log, in log order. */
    private static final class Triples {
        final int[] users;
        final int[] items;
        final int[] scenes;

        private Triples(int[] users, int[] items, int[] scenes) {
            this.users = users;
            this.items = items;
            this.scenes = scenes;
        }

        int size() {
            return users.length;
        }

        /** With {@code numScenes = 0} the distinct (user, item) pairs, scene -1. */
        static Triples of(Interactions log, float[] w, int numScenes, int items) {
            LongOpenHashSet seen = new LongOpenHashSet();
            IntArrayList tu = new IntArrayList();
            IntArrayList ti = new IntArrayList();
            IntArrayList ts = new IntArrayList();
            long stride = numScenes + 1L;
            for (int e = 0; e < log.size(); e++) {
                if (w[log.behaviorCode(e)] <= 0) {
                    continue;
                }
                int u = log.user(e);
                int i = log.item(e);
                int s = numScenes == 0 ? -1 : log.sceneCode(e);
                if (s >= numScenes) {
                    s = -1;
                }
                if (seen.add(((long) u * items + i) * stride + (s + 1))) {
                    tu.add(u);
                    ti.add(i);
                    ts.add(s);
                }
            }
            return new Triples(tu.toIntArray(), ti.toIntArray(), ts.toIntArray());
        }
    }

    /**
     * A trained network and the names of its scenes (index = scene part).
     *
     * @param network the network
     * @param scenes  scene names
     *
     * <p>Thread safety: immutable after training.
     */
    public record Result(SceneStarNetwork network, List<String> scenes) {
    }
}
