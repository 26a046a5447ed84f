package dev.recsys.bench.ann;

import dev.recsys.internal.ann.HnswIndex;
import dev.recsys.internal.ann.ItemSearch;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.ServingOptions;
import dev.recsys.spi.FactorModel;

/**
 * Recall and memory at catalogue scale, a plain main (not timed):
 * {@code java -Xmx3g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.recsys.bench.ann.AnnRecall 100000,1000000 [M list] [beam list] [storage] [inner_product|extended|angular]
 * [other-centres|item-centres]}, e.g. {@code 200000 16,32 100,200 float}. The queries are users mixing
 * two cluster centres unrelated to the items' (other-centres, the default) or two of the items' own.
 * For each size and (M, beam): index build time, graph size and links per node, recall@10 of 200
 * users against exact float search at ef 100, 200, 400, 800 (the graph over the given storage,
 * float or int8); then recall@10 of exact int8 and bf16 scans and the bytes of each storage
 * against float.
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

    private static ItemSearch graph(ItemModel m, ServingOptions o, HnswIndex.Space space) {
        QuantizedFactors q = QuantizedFactors.of(o.storage(), m.itemFactors(), m.numItems(), AnnData.DIM, null);
        return ItemSearch.of(m, o, q, HnswIndex.build(q, o.maxConn(), o.beamWidth(), 42, null, space));
    }

    /**
     * Runs the measurements.
     *
     * @param args item counts (default 100000)
     */
    public static void main(String[] args) {
        String[] sizes = args.length == 0 ? new String[] {"100000"} : args[0].split(",");
        String[] ms = args.length > 1 ? args[1].split(",") : new String[] {"16"};
        String[] beams = args.length > 2 ? args[2].split(",") : new String[] {"100"};
        FactorStorage graphStorage = args.length > 3 ? FactorStorage.valueOf(args[3].toUpperCase(java.util.Locale.ROOT))
                : FactorStorage.FLOAT;
        HnswIndex.Space space = args.length > 4 ? HnswIndex.Space.valueOf(args[4].toUpperCase(java.util.Locale.ROOT))
                : HnswIndex.DEFAULT_SPACE;
        boolean itemCentres = args.length > 5 && args[5].equals("item-centres");
        if (args.length > 5 && !itemCentres && !args[5].equals("other-centres")) {
            throw new IllegalArgumentException("queries: item-centres or other-centres, got " + args[5]);
        }
        System.out.println("queries: users mixing two " + (itemCentres ? "of the items' centres" : "unrelated centres"));
        for (String arg : sizes) {
            int n = Integer.parseInt(arg);
            ItemModel m = new ItemModel(n, AnnData.items(n, 1));
            // queries: users from the items' centres (item-centres) or from unrelated ones (other-centres)
            float[][] users = AnnData.users(200, 7, itemCentres ? 1 : 7);
            for (String mm : ms) {
                for (String bb : beams) {
                    int maxConn = Integer.parseInt(mm);
                    int beam = Integer.parseInt(bb);
                    long t0 = System.nanoTime();
                    ServingOptions o = new ServingOptions(graphStorage, true, maxConn, beam, 100);
                    ItemSearch s = graph(m, o, space);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("n=%d x %d: HNSW%s over %s, M %d, beam %d: build %.1f s (one thread), graph %.1f MB,"
                                    + " %.1f links per node on level 0%n", n, AnnData.DIM, " (" + space + ")", graphStorage, maxConn, beam, secs,
                            s.index().graphBytes() / 1e6, s.index().baseLinks() / (double) n);
                    for (int ef : new int[] {100, 200, 400, 800}) {
                        ItemSearch e = ItemSearch.of(m, s.options().withEfSearch(ef), s.stored(), s.index());
                        System.out.printf("  ef %3d: recall@10 %.4f%n", ef, recall(e, m, users, 200));
                    }
                }
            }
            for (FactorStorage st : new FactorStorage[] {FactorStorage.INT8, FactorStorage.BF16}) {
                ItemSearch e = ItemSearch.build(m, ServingOptions.of(st), 42, null);
                System.out.printf("  exact %-5s scan: recall@10 %.4f, item factors %.1f MB = %.3fx float (%.1f MB);"
                                + " with the inverse norms for cosine %.3fx%n", st, recall(e, m, users, 200),
                        e.factorBytes() / 1e6, e.factorBytes() / (4.0 * n * AnnData.DIM), 4.0 * n * AnnData.DIM / 1e6,
                        (e.factorBytes() + 4.0 * n) / (4.0 * n * AnnData.DIM));
            }
        }
    }
}
