package dev.recsys.bench.ann;

import dev.recsys.internal.ann.IvfIndex;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.topk.TopK;
import dev.recsys.serving.FactorStorage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Top-10 of one user through core's inverted file ({@code IvfIndex}: lists on the item directions,
 * the longest rows scanned for every query, in int8), the ten best re-scored in float as
 * {@code ItemSearch} re-scores index candidates in the storage, one thread, as latency samples (p50 and p99 in JMH's sample-time output), on the same items and
 * queries as {@link HnswSearchBenchmark}; the set-up prints the build time and recall@10 of 200
 * users against exact float search.
 *
 * <p>Thread safety: JMH state, shared; searches use per-benchmark scratch (one thread).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Benchmark)
public class IvfSearchBenchmark {
    /** Item rows. */
    @Param({"1000000"})
    public int rows;
    /** Lists. */
    @Param({"1000"})
    public int lists;
    /** Lists probed per query. */
    @Param({"16", "32"})
    public int nprobe;
    /** Share of the longest rows scanned for every query. */
    @Param({"0.05"})
    public double head;
    /** Queries: {@code other-centres} or {@code item-centres} (see {@code AnnData.users}). */
    @Param({"other-centres", "item-centres"})
    public String queries;

    private IvfIndex index;
    private float[] floats;
    private final int[] cand = new int[100];
    private final float[] candScores = new float[100];
    private float[][] users;
    private int next;
    private final int[] out = new int[10];

    /** Builds the lists and measures recall. */
    @Setup(Level.Trial)
    public void setup() {
        if (!queries.equals("other-centres") && !queries.equals("item-centres")) {
            throw new IllegalArgumentException("queries: other-centres or item-centres, got " + queries);
        }
        float[] x = AnnData.items(rows, 1);
        long t0 = System.nanoTime();
        index = IvfIndex.build(QuantizedFactors.of(FactorStorage.INT8, x, rows, AnnData.DIM, null), lists, head, 42);
        floats = x;
        double secs = (System.nanoTime() - t0) / 1e9;
        users = AnnData.users(256, 7, queries.equals("item-centres") ? 1 : 7);
        QuantizedFactors exact = QuantizedFactors.of(FactorStorage.FLOAT, x, rows, AnnData.DIM, null);
        double sum = 0;
        int[] truth = new int[10];
        float[] s = new float[10];
        for (int u = 0; u < 200; u++) {
            exact.topK(users[u], 0, 10, null, truth, s);
            int m = top10(users[u]);
            int hit = 0;
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < m; j++) {
                    if (truth[i] == out[j]) {
                        hit++;
                        break;
                    }
                }
            }
            sum += hit / 10.0;
        }
        double recall = sum / 200;
        System.out.printf("%nIVF %d x %d, %d lists, head %.3f: build %.1f s, recall@10 %.4f (nprobe %d, %s)%n", rows,
                AnnData.DIM, lists, head, secs, recall, nprobe, queries);
    }

    /** The ten best of the index's 100 int8 candidates re-scored in float, into out. */
    private int top10(float[] q) {
        int c = index.search(q, 0, 100, nprobe, null, cand, candScores);
        TopK best = new TopK(10);
        for (int j = 0; j < c; j++) {
            best.offer(cand[j], Kernels.get().dot(floats, cand[j] * AnnData.DIM, q, 0, AnnData.DIM));
        }
        return best.drainItems(out);
    }

    /** One top-10 query. */
    @Benchmark
    public void top10(Blackhole bh) {
        bh.consume(top10(users[next++ & 255]));
        bh.consume(out);
    }
}
