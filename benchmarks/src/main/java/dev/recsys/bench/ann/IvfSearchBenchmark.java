package dev.recsys.bench.ann;

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
 * Top-10 of one user through the inverted-file experiment ({@link IvfProbe}: lists on the item
 * directions, the longest rows scanned for every query, int8 scan, float re-score of the best 100),
 * one thread, as latency samples (p50 and p99 in JMH's sample-time output), on the same items and
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
    @Param({"1024"})
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

    private IvfProbe.Query query;
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
        IvfProbe ivf = new IvfProbe(x, rows, AnnData.DIM, lists, 42, true, head, 0f);
        double secs = (System.nanoTime() - t0) / 1e9;
        users = AnnData.users(256, 7, queries.equals("item-centres") ? 1 : 7);
        query = ivf.new Query(nprobe, 100);
        double recall = ivf.recall(dev.recsys.internal.ann.QuantizedFactors.of(dev.recsys.serving.FactorStorage.FLOAT, x,
                rows, AnnData.DIM, null), java.util.Arrays.copyOf(users, 200), nprobe, 100);
        System.out.printf("%nIVF %d x %d, %d lists, head %.3f: build %.1f s, recall@10 %.4f (nprobe %d, %s)%n", rows,
                AnnData.DIM, lists, head, secs, recall, nprobe, queries);
    }

    /** One top-10 query. */
    @Benchmark
    public void top10(Blackhole bh) {
        bh.consume(query.search(users[next++ & 255], nprobe, 100, out));
        bh.consume(out);
    }
}
