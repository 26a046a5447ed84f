package dev.recsys.bench.ann;

import dev.recsys.internal.ann.HnswIndex;
import dev.recsys.internal.ann.ItemSearch;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.modelfile.ModelFiles;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.RecommenderModel;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.FactorModel;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Recall@10 of the HNSW index on a trained model's own item factors, for the model's real users
 * and for random queries of the same mean norm (a plain main, not timed):
 * {@code java -Xmx3g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.recsys.bench.ann.AnnRecallModel MODEL_FILE [M] [beam] [users]}. It shows which synthetic
 * queries of {@link AnnRecall} (users from the items' clusters or from unrelated directions)
 * behave like a trained model's users.
 *
 * <p>Thread safety: a main.
 */
public final class AnnRecallModel {
    private AnnRecallModel() {
    }

    /**
     * {@code count} of the model's users (evenly spaced) and {@code count} random directions
     * (seed 3) scaled to the users' mean norm: {users, random}.
     */
    static float[][][] usersAndRandom(FactorModel m, int count) {
        int k = m.factors();
        float[][] users = new float[count][];
        SplittableRandom r = new SplittableRandom(3);
        double norm = 0;
        for (int i = 0; i < count; i++) {
            users[i] = m.userVector((int) ((long) i * m.numUsers() / count));
            double s = 0;
            for (float x : users[i]) {
                s += (double) x * x;
            }
            norm += Math.sqrt(s) / count;
        }
        float[][] random = new float[count][k];
        for (float[] x : random) {
            double s = 0;
            for (int d = 0; d < k; d++) {
                x[d] = (float) r.nextGaussian();
                s += (double) x[d] * x[d];
            }
            for (int d = 0; d < k; d++) {
                x[d] *= (float) (norm / Math.sqrt(s));
            }
        }
        return new float[][][] {users, random};
    }

    /**
     * Runs the measurement.
     *
     * @param args model file, M (16), beam (100), number of users (2000)
     * @throws Exception if the model cannot be read
     */
    public static void main(String[] args) throws Exception {
        RecommenderModel rm = ModelFiles.load(Path.of(args[0]));
        if (!(rm.model() instanceof FactorModel m)) {
            throw new IllegalArgumentException(args[0] + ": not a factor model (" + rm.model().getClass().getSimpleName() + ")");
        }
        int maxConn = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int beam = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int count = Math.min(m.numUsers(), args.length > 3 ? Integer.parseInt(args[3]) : 2000);
        int k = m.factors();
        float[][][] queries = usersAndRandom(m, count);
        float[][] users = queries[0];
        float[][] random = queries[1];
        ServingOptions o = new ServingOptions(FactorStorage.FLOAT, true, maxConn, beam, 100);
        QuantizedFactors q = QuantizedFactors.of(FactorStorage.FLOAT, m.itemFactors(), m.numItems(), k, m.itemBiases());
        long t0 = System.nanoTime();
        ItemSearch s = ItemSearch.of(m, o, q, HnswIndex.build(q, maxConn, beam, 42, null));
        System.out.printf("%s: %d items x %d, %d users sampled; HNSW M %d, beam %d: build %.1f s, %.1f links per node%n",
                args[0], m.numItems(), k, count, maxConn, beam, (System.nanoTime() - t0) / 1e9,
                s.index().baseLinks() / (double) m.numItems());
        for (int ef : new int[] {100, 200, 400}) {
            ItemSearch e = ItemSearch.of(m, s.options().withEfSearch(ef), s.stored(), s.index());
            System.out.printf("  ef %3d: recall@10 model's users %.4f, random queries of the same norm %.4f%n", ef,
                    AnnRecall.recall(e, m, users, count), AnnRecall.recall(e, m, random, count));
        }
    }
}
