package dev.recsys.nn.scene.internal;

import dev.recsys.api.Scene;
import dev.recsys.data.InteractionMatrix;
import dev.recsys.data.Interactions;
import dev.recsys.data.MatrixOptions;
import dev.recsys.internal.optim.Optimizer;
import dev.recsys.nn.internal.NegativeSampler;
import dev.recsys.nn.layers.ParameterUpdater;
import dev.recsys.nn.train.BatchOrder;
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
     *
     * <p>Thread safety: immutable.
     */
    public record Config(int factors, boolean useScenes, float reg, float sceneReg, int epochs, int batchSize,
                         long seed, double initStd) {
    }

    private SceneStarTrainer() {
    }

    /**
     * Trains.
     *
     * @param log       scene-tagged events. Not modified.
     * @param matrix    the users x items matrix of the same log (negative sampling). Not modified.
     * @param options   behaviour weights (events of weight 0 are ignored)
     * @param c         hyper-parameters
     * @param optimizer update rule
     * @param listener  receives stage {@code epoch} with metric {@code loss}
     * @return the trained network and the scene names it learnt parts for
     */
    public static Result train(Interactions log, InteractionMatrix matrix, MatrixOptions options, Config c,
                               Optimizer optimizer, TrainingListener listener) {
        List<Scene> sceneList = c.useScenes() ? log.scenes() : List.of();
        int numScenes = sceneList.size();
        int users = Math.max(1, log.users().size());
        int items = Math.max(1, log.items().size());
        LongOpenHashSet seen = new LongOpenHashSet();
        IntArrayList tu = new IntArrayList();
        IntArrayList ti = new IntArrayList();
        IntArrayList ts = new IntArrayList();
        float[] w = options.weights();
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
        SplittableRandom root = new SplittableRandom(c.seed());
        SceneStarNetwork net = new SceneStarNetwork(users, items, numScenes, c.factors());
        net.init(root.split(), c.initStd());
        ParameterUpdater updater = new ParameterUpdater(optimizer, net.parameters());
        BatchOrder order = BatchOrder.range(tu.size(), root.nextLong());
        NegativeSampler neg = new NegativeSampler(matrix, root.nextLong());
        int[] us = tu.elements();
        int[] is = ti.elements();
        int[] ss = ts.elements();
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            order.shuffle();
            int[] o = order.order();
            double sum = 0;
            for (int from = 0; from < o.length; from += c.batchSize()) {
                int to = Math.min(o.length, from + c.batchSize());
                net.zeroGrad();
                float scale = 1f / (to - from);
                for (int k = from; k < to; k++) {
                    int t = o[k];
                    int j = neg.sample(us[t]);
                    sum += net.accumulate(us[t], is[t], j, ss[t], c.reg(), c.sceneReg(), scale);
                }
                updater.step();
            }
            double loss = o.length == 0 ? 0 : sum / o.length;
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("scene-star: training diverged at epoch " + epoch
                        + " (loss " + loss + "); lower the learning rate");
            }
            listener.onProgress("epoch", epoch, c.epochs(), Map.of("loss", loss));
        }
        updater.finish();
        List<String> names = new ArrayList<>();
        for (Scene s : sceneList) {
            names.add(s.name());
        }
        return new Result(net, names);
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
