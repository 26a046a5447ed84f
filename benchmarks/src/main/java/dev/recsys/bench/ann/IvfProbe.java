package dev.recsys.bench.ann;

import dev.recsys.internal.ann.IvfIndex;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.topk.TopK;
import dev.recsys.serving.FactorStorage;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An experiment, not library code: an inverted-file (IVF) candidate source for maximum inner
 * product, to compare with the HNSW graph on the same queries. The items are partitioned by
 * k-means (Lloyd, 10 iterations on a sample, then every item assigned to its nearest centre) and
 * stored list by list in int8; a query scores the centres, scans the int8 rows of the
 * {@code nprobe} lists with the highest {@code q . centre}, keeps the best {@code rerank} by the
 * int8 score and re-scores those in float. Options (system properties): {@code -Divf.directions=true}
 * partitions the item directions (k-means on unit rows) instead of the rows;
 * {@code -Divf.head=F} also scans, for every query, the share F of the longest rows (kept
 * contiguous in int8), which holds most answers of a trained implicit model; {@code -Divf.spread=A}
 * adds {@code A |q| r} to a list's probe score ({@code r} its RMS radius).
 *
 * <p>Prints recall@10 against exact float search and the median / p99 wall time per query (one
 * thread, after a warm-up pass; indicative only, JMH is the measure) for both {@link AnnData} query
 * sets, or with {@code model} for a trained model's users and random queries of the same norm:
 *
 * <pre>
 * java -Xmx6g --add-modules jdk.incubator.vector [-Divf.directions=true -Divf.head=0.01] \
 *     -cp benchmarks/target/benchmarks.jar dev.recsys.bench.ann.IvfProbe [items] [lists] [nprobe,...] [rerank]
 * java ... dev.recsys.bench.ann.IvfProbe model MODEL_FILE lists nprobe,... [users]
 * </pre>
 *
 * <p>Thread safety: a main.
 */
public final class IvfProbe {
    private final int n;
    private final int dim;
    private final int lists;
    private final float[] centres;
    /** Items in list order: {@code start[l] .. start[l+1]} are list l's rows of {@link #stored}. */
    private final int[] start;
    private final int[] itemOf;
    private final QuantizedFactors stored;
    private final float[] floats;
    private final FloatKernels fk = Kernels.get();
    /** Per list: the root-mean-square distance of its items from the centre. */
    private final float[] radius;
    /** Weight of {@code |q| * radius} in a list's probe score (0: {@code q . centre} alone). */
    private static final float SPREAD_DEFAULT = Float.parseFloat(System.getProperty("ivf.spread", "0"));
    private final float spread;
    /** Share of the longest rows scanned for every query besides the probed lists (0: none). */
    private static final double HEAD_DEFAULT = Double.parseDouble(System.getProperty("ivf.head", "0"));
    private final double headShare;
    /** Whether the lists partition the directions (k-means on unit rows) instead of the rows. */
    private static final boolean DIRECTIONS_DEFAULT = Boolean.getBoolean("ivf.directions");
    private final boolean directions;
    private int[] head = new int[0];
    /** The head rows, contiguous, int8 (scanned like a list; candidates re-scored in float). */
    private QuantizedFactors headRows;

    /**
     * Builds the lists of {@code n} rows of {@code x} ({@code dim} wide, not copied: re-scoring
     * reads them).
     */
    IvfProbe(float[] x, int n, int dim, int lists, long seed) {
        this(x, n, dim, lists, seed, DIRECTIONS_DEFAULT, HEAD_DEFAULT, SPREAD_DEFAULT);
    }

    /** As above with the options given (directions, head share, spread) instead of read from system properties. */
    IvfProbe(float[] x, int n, int dim, int lists, long seed, boolean directions, double headShare, float spread) {
        this.directions = directions;
        this.headShare = headShare;
        this.spread = spread;
        this.n = n;
        this.dim = dim;
        this.lists = lists;
        float[] base = x;
        if (directions) {
            base = new float[n * dim];
            for (int i = 0; i < n; i++) {
                double s2 = 0;
                for (int d = 0; d < dim; d++) {
                    s2 += (double) x[i * dim + d] * x[i * dim + d];
                }
                float inv = s2 > 0 ? (float) (1 / Math.sqrt(s2)) : 0f;
                for (int d = 0; d < dim; d++) {
                    base[i * dim + d] = x[i * dim + d] * inv;
                }
            }
        }
        this.centres = IvfIndex.kmeans(base, n, dim, lists, seed);
        if (headShare > 0) {
            Integer[] byNorm = new Integer[n];
            double[] nn = new double[n];
            for (int i = 0; i < n; i++) {
                byNorm[i] = i;
                nn[i] = fk.dot(x, i * dim, x, i * dim, dim);
            }
            Arrays.sort(byNorm, (a, b) -> Double.compare(nn[b], nn[a]));
            head = new int[(int) Math.ceil(headShare * n)];
            float[] hr = new float[head.length * dim];
            for (int j = 0; j < head.length; j++) {
                head[j] = byNorm[j];
                System.arraycopy(x, head[j] * dim, hr, j * dim, dim);
            }
            headRows = QuantizedFactors.of(FactorStorage.INT8, hr, head.length, dim, null);
        }
        int[] assign = new int[n];
        int[] count = new int[lists];
        float[] cn = IvfIndex.halfSquaredNorms(centres, lists, dim);
        for (int i = 0; i < n; i++) {
            assign[i] = IvfIndex.nearest(fk, base, i * dim, centres, cn, lists, dim);
            count[assign[i]]++;
        }
        start = new int[lists + 1];
        for (int l = 0; l < lists; l++) {
            start[l + 1] = start[l] + count[l];
        }
        int[] fill = Arrays.copyOf(start, lists);
        itemOf = new int[n];
        float[] ordered = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int at = fill[assign[i]]++;
            itemOf[at] = i;
            System.arraycopy(x, i * dim, ordered, at * dim, dim);
        }
        floats = x;
        stored = QuantizedFactors.of(FactorStorage.INT8, ordered, n, dim, null);
        radius = new float[lists];
        for (int l = 0; l < lists; l++) {
            double s2 = 0;
            for (int at = start[l]; at < start[l + 1]; at++) {
                for (int d = 0; d < dim; d++) {
                    double e = ordered[at * dim + d] - centres[l * dim + d];
                    s2 += e * e;
                }
            }
            radius[l] = start[l + 1] > start[l] ? (float) Math.sqrt(s2 / (start[l + 1] - start[l])) : 0f;
        }
    }

    /** Scratch per query thread. */
    final class Query {
        final float[] centreScores = new float[lists];
        final float[] buf;
        final TopK probe;
        final TopK cand;
        final TopK result = new TopK(10);
        float[] headBuf = new float[0];

        /** Scratch for searches probing {@code nprobe} lists and re-scoring {@code rerank} candidates. */
        Query(int nprobe, int rerank) {
            int longest = 0;
            for (int l = 0; l < lists; l++) {
                longest = Math.max(longest, start[l + 1] - start[l]);
            }
            buf = new float[longest];
            probe = new TopK(nprobe);
            cand = new TopK(rerank);
        }

        /** The top 10 item indices for q, best first, into out; returns how many. */
        int search(float[] q, int nprobe, int rerank, int[] out) {
            fk.gemv(false, lists, dim, 1f, centres, 0, dim, q, 0, 0f, centreScores, 0);
            probe.reset(nprobe);
            float qn = spread * (float) Math.sqrt(fk.dot(q, 0, q, 0, dim));
            for (int l = 0; l < lists; l++) {
                probe.offer(l, centreScores[l] + qn * radius[l]);
            }
            int[] chosen = new int[nprobe];
            int m = probe.drainItems(chosen);
            cand.reset(rerank);
            for (int j = 0; j < m; j++) {
                int l = chosen[j];
                int len = start[l + 1] - start[l];
                stored.dotRows(q, 0, start[l], len, buf, 0);
                for (int t = 0; t < len; t++) {
                    cand.offer(start[l] + t, buf[t]);
                }
            }
            if (head.length > 0) {
                float[] hb = headBuf.length >= head.length ? headBuf : (headBuf = new float[head.length]);
                headRows.dotRows(q, 0, 0, head.length, hb, 0);
                for (int j = 0; j < head.length; j++) {
                    cand.offer(n + j, hb[j]);
                }
            }
            int[] rows = new int[rerank];
            int c = cand.drainItems(rows);
            result.reset(10);
            for (int j = 0; j < c; j++) {
                int item = rows[j] >= n ? head[rows[j] - n] : itemOf[rows[j]];
                if (rows[j] >= n || !inHead(item)) { // a head item found in its list too counts once
                    result.offer(item, fk.dot(floats, item * dim, q, 0, dim));
                }
            }
            return result.drainItems(out);
        }
    }

    /**
     * Runs the measurements.
     *
     * @param args items (default 1,000,000), lists (default 1024), comma-separated nprobe values
     *             (default 8,16,32,64), rerank (default 100)
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("model")) {
            model(args);
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int lists = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        String[] probes = (args.length > 2 ? args[2] : "8,16,32,64").split(",");
        int rerank = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        float[] x = AnnData.items(n, 1);
        long t0 = System.nanoTime();
        IvfProbe ivf = new IvfProbe(x, n, AnnData.DIM, lists, 42);
        System.out.printf(Locale.ROOT, "IVF %d x %d, %d lists, spread %.2f, directions %s, head %.3f: built in %.1f s%n", n,
                AnnData.DIM, lists, ivf.spread, ivf.directions, ivf.headShare, (System.nanoTime() - t0) / 1e9);
        QuantizedFactors exact = QuantizedFactors.of(FactorStorage.FLOAT, x, n, AnnData.DIM, null);
        for (String set : new String[] {"other-centres", "item-centres"}) {
            float[][] users = AnnData.users(200, 7, set.equals("item-centres") ? 1 : 7);
            int[][] truth = new int[users.length][10];
            float[] s = new float[10];
            for (int u = 0; u < users.length; u++) {
                exact.topK(users[u], 0, 10, null, truth[u], s);
            }
            for (String p : probes) {
                int nprobe = Integer.parseInt(p.trim());
                IvfProbe.Query q = ivf.new Query(nprobe, rerank);
                int[] got = new int[10];
                for (float[] u : users) { // warm-up
                    q.search(u, nprobe, rerank, got);
                }
                double[] ms = new double[users.length];
                double recall = 0;
                long scanned = 0;
                for (int u = 0; u < users.length; u++) {
                    long a = System.nanoTime();
                    int m = q.search(users[u], nprobe, rerank, got);
                    ms[u] = (System.nanoTime() - a) / 1e6;
                    int hit = 0;
                    for (int i = 0; i < 10; i++) {
                        for (int j = 0; j < m; j++) {
                            if (truth[u][i] == got[j]) {
                                hit++;
                                break;
                            }
                        }
                    }
                    recall += hit / 10.0;
                    scanned += ivf.scanned(users[u], nprobe, q);
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "%s nprobe %d rerank %d: recall@10 %.4f, items scanned %.1f %%,"
                                + " p50 %.3f ms, p99 %.3f ms%n", set, nprobe, rerank, recall / users.length,
                        100.0 * scanned / users.length / n, ms[ms.length / 2], ms[(int) (ms.length * 0.99)]);
            }
        }
    }

    /**
     * {@code model MODEL_FILE lists nprobe,... [users]}: recall@10 on a trained factor model's own
     * item factors (no item biases: an implicit model such as ials), for the model's users and for
     * random queries of the same mean norm, as {@code AnnRecallModel} does for the HNSW graph.
     */
    private static void model(String[] args) throws Exception {
        dev.recsys.serving.RecommenderModel rm = dev.recsys.modelfile.ModelFiles.load(java.nio.file.Path.of(args[1]));
        if (!(rm.model() instanceof dev.recsys.spi.FactorModel m) || m.itemBiases() != null) {
            throw new IllegalArgumentException(args[1] + ": not a factor model without item biases");
        }
        int lists = Integer.parseInt(args[2]);
        String[] probes = args[3].split(",");
        int count = Math.min(m.numUsers(), args.length > 4 ? Integer.parseInt(args[4]) : 2000);
        int k = m.factors();
        int n = m.numItems();
        float[][][] queries = AnnRecallModel.usersAndRandom(m, count);
        float[][] users = queries[0];
        float[][] random = queries[1];
        long t0 = System.nanoTime();
        IvfProbe ivf = new IvfProbe(m.itemFactors(), n, k, lists, 42);
        System.out.printf(Locale.ROOT, "%s: %d items x %d, %d users sampled; IVF %d lists (directions %s, head %.3f): built in %.1f s%n", args[1], n,
                k, count, lists, ivf.directions, ivf.headShare, (System.nanoTime() - t0) / 1e9);
        QuantizedFactors exact = QuantizedFactors.of(FactorStorage.FLOAT, m.itemFactors(), n, k, null);
        for (String p : probes) {
            int nprobe = Integer.parseInt(p.trim());
            System.out.printf(Locale.ROOT, "  nprobe %d: recall@10 model's users %.4f, random queries of the same norm"
                    + " %.4f%n", nprobe, ivf.recall(exact, users, nprobe, 100), ivf.recall(exact, random, nprobe, 100));
        }
    }

    private java.util.BitSet headSet;

    private boolean inHead(int item) {
        if (headSet == null) {
            java.util.BitSet b = new java.util.BitSet(n);
            for (int h : head) {
                b.set(h);
            }
            headSet = b;
        }
        return headSet.get(item);
    }

    /** Mean recall@10 of the IVF search against exact float search. */
    double recall(QuantizedFactors exact, float[][] queries, int nprobe, int rerank) {
        Query q = new Query(nprobe, rerank);
        int[] truth = new int[10];
        int[] got = new int[10];
        float[] s = new float[10];
        double sum = 0;
        for (float[] u : queries) {
            int t = exact.topK(u, 0, 10, null, truth, s);
            int m = q.search(u, nprobe, rerank, got);
            int hit = 0;
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < m; j++) {
                    if (truth[i] == got[j]) {
                        hit++;
                        break;
                    }
                }
            }
            sum += hit / (double) Math.max(1, t);
        }
        return sum / queries.length;
    }

    /** Items in the lists a query probes. */
    private long scanned(float[] q, int nprobe, Query s) {
        fk.gemv(false, lists, dim, 1f, centres, 0, dim, q, 0, 0f, s.centreScores, 0);
        TopK t = new TopK(nprobe);
        float qn = spread * (float) Math.sqrt(fk.dot(q, 0, q, 0, dim));
        for (int l = 0; l < lists; l++) {
            t.offer(l, s.centreScores[l] + qn * radius[l]);
        }
        int[] chosen = new int[nprobe];
        int m = t.drainItems(chosen);
        long c = 0;
        for (int j = 0; j < m; j++) {
            c += start[chosen[j] + 1] - start[chosen[j]];
        }
        return c;
    }
}
