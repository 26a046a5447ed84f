package dev.recsys.bench.ann;

import dev.recsys.internal.ann.ItemSearch;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.FactorModel;

/**
 * Recall and memory at catalogue scale, a plain main (not timed):
 * {@code java -Xmx3g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.recsys.bench.ann.AnnRecall 100000 1000000}. For each size: index build time, graph size,
 * recall@10 of 200 users against exact float search at ef 100, 200, 400, 800 (float and int8 re-scoring),
 * recall@10 of exact int8 and bf16 scans, and the bytes of each storage against float.
 *
 * <p>Thread safety: a main.
 */
public final class AnnRecall {
    private AnnRecall() {
    }

    /** Mean recall@10 of {@code search.topK} against exact float search over {@code count} users. */
    static double recall(ItemSearch search, FactorModel m, float[][] users, int count) {
        QuantizedFactors exact = QuantizedFactors.of(FactorStorage.FLOAT, m.itemFactors(), m.numItems(), m.factors(),
                m.itemBiases());
        double sum = 0;
        int[] a = new int[10];
        int[] b = new int[10];
        float[] s = new float[10];
        for (int u = 0; u < count; u++) {
            int ga = exact.topK(users[u], 0, 10, null, a, s);
            int gb = search.topK(users[u], 0, 10, null, b, s);
            int hit = 0;
            for (int i = 0; i < ga; i++) {
                for (int j = 0; j < gb; j++) {
                    if (a[i] == b[j]) {
                        hit++;
                        break;
                    }
                }
            }
            sum += hit / 10.0;
        }
        return sum / count;
    }

    /**
     * Runs the measurements.
     *
     * @param args item counts (default 100000)
     */
    public static void main(String[] args) {
        String[] sizes = args.length == 0 ? new String[] {"100000"} : args;
        for (String arg : sizes) {
            int n = Integer.parseInt(arg);
            ItemModel m = new ItemModel(n, AnnData.items(n, 1));
            float[][] users = AnnData.users(200, 7);
            long t0 = System.nanoTime();
            ItemSearch s = ItemSearch.build(m, ServingOptions.indexed(FactorStorage.FLOAT), 42, null);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("n=%d x %d: HNSW build %.1f s (M 16, beam 100, one thread), graph %.1f MB%n", n,
                    AnnData.DIM, secs, s.index().graphBytes() / 1e6);
            for (int ef : new int[] {100, 200, 400, 800}) {
                for (FactorStorage st : new FactorStorage[] {FactorStorage.FLOAT, FactorStorage.INT8}) {
                    ItemSearch e = ItemSearch.of(m, ServingOptions.indexed(st).withEfSearch(ef),
                            QuantizedFactors.of(st, m.itemFactors(), n, AnnData.DIM, null), s.index());
                    System.out.printf("  hnsw ef %3d, %-5s re-scoring: recall@10 %.4f%n", ef, st, recall(e, m, users, 200));
                }
            }
            for (FactorStorage st : new FactorStorage[] {FactorStorage.INT8, FactorStorage.BF16}) {
                ItemSearch e = ItemSearch.build(m, ServingOptions.of(st), 42, null);
                System.out.printf("  exact %-5s scan: recall@10 %.4f, item factors %.1f MB = %.3fx float (%.1f MB)%n", st,
                        recall(e, m, users, 200), e.factorBytes() / 1e6, e.factorBytes() / (4.0 * n * AnnData.DIM),
                        4.0 * n * AnnData.DIM / 1e6);
            }
        }
    }
}
