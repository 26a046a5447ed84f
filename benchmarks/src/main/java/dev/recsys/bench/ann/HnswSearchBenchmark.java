package dev.recsys.bench.ann;

import dev.recsys.internal.ann.HnswIndex;
import dev.recsys.internal.ann.ItemSearch;
import dev.recsys.internal.ann.QuantizedFactors;
import dev.recsys.modelfile.BinaryModelInput;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.serving.FactorStorage;
import dev.recsys.serving.ServingOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
 * Top-10 of one user through the HNSW index (Lucene, M 16, beam 100) with exact re-scoring in the
 * storage, one thread, as latency samples (p50 and p99 in JMH's sample-time output). Targets at
 * 1,000,000 x 64: p50 &lt;= 1 ms, p99 &lt;= 3 ms, with recall@10 &gt;= 0.95 against exact search;
 * the set-up prints the build time and the recall@10 of 200 users at this ef. With
 * {@code -p cacheDir=DIR} the graph of each (rows, M, beam, storage) is written there once and read by
 * later runs (a 1M-item build takes tens of minutes).
 *
 * <p>Thread safety: JMH state, shared; searches are thread-safe.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class HnswSearchBenchmark {
    /** Item rows. */
    @Param({"1000000"})
    public int rows;
    /** Search queue size. */
    @Param({"100", "200", "400"})
    public int ef;
    /** Storage the candidates are re-scored in. */
    @Param({"float", "int8"})
    public String storage;
    /** HNSW maximum connections per node (M). */
    @Param({"16"})
    public int maxConn;
    /** HNSW build beam width. */
    @Param({"100"})
    public int beam;
    /**
     * The users: mixing two cluster centres unrelated to the items' ({@code other-centres}) or two of
     * the items' own ({@code item-centres}, as a trained model's users); see {@code AnnData.users}.
     */
    @Param({"other-centres"})
    public String queries;

    /** Directory where built graphs are kept between runs (empty: build every trial). */
    @Param({""})
    public String cacheDir;

    private ItemSearch search;
    private String how = "built";
    private float[][] users;
    private int next;

    /** Builds the index (single-threaded) and measures recall. */
    @Setup(Level.Trial)
    public void setup() {
        ItemModel m = new ItemModel(rows, AnnData.items(rows, 1));
        long t0 = System.nanoTime();
        ServingOptions options = new ServingOptions(FactorStorage.valueOf(storage.toUpperCase(Locale.ROOT)), true,
                maxConn, beam, ef);
        search = cached(m, options);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!queries.equals("other-centres") && !queries.equals("item-centres")) {
            throw new IllegalArgumentException("queries: other-centres or item-centres, got " + queries);
        }
        users = AnnData.users(256, 7, queries.equals("item-centres") ? 1 : 7);
        double recall = AnnRecall.recall(search, m, users, 200);
        System.out.printf("%nHNSW %d x %d (M %d, beam %d): index %s in %.1f s, graph %.1f MB, recall@10 %.4f (ef %d, %s, %s)%n", rows,
                AnnData.DIM, maxConn, beam, how, secs, search.index().graphBytes() / 1e6, recall, ef, storage, queries);
    }

    /**
     * The index of this trial's parameters: read from {@code cacheDir} when a previous run wrote it
     * there (the graph only; the vectors are generated again from the seed), else built and, with a
     * cache directory, written for the next run. Without {@code -p cacheDir} always built.
     */
    private ItemSearch cached(ItemModel m, ServingOptions options) {
        if (cacheDir.isEmpty()) {
            return ItemSearch.build(m, options, 42, null);
        }
        QuantizedFactors stored = ItemSearch.storeOf(m).to(options.storage());
        Path file = Path.of(cacheDir, "hnsw-" + rows + "-m" + maxConn + "-b" + beam + "-" + storage + ".graph");
        try {
            if (Files.exists(file)) {
                try (InputStream is = new BufferedInputStream(Files.newInputStream(file))) {
                    BinaryModelInput in = new BinaryModelInput(is, file.toString(), Files.size(file));
                    how = "read from " + file;
                    return ItemSearch.of(m, options, stored, HnswIndex.read(in, file.toString(), stored));
                }
            }
            ItemSearch built = ItemSearch.of(m, options, stored, HnswIndex.build(stored, maxConn, beam, 42, null));
            how = "built, written to " + file;
            Files.createDirectories(file.getParent());
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file))) {
                BinaryModelOutput out = new BinaryModelOutput(os);
                built.index().write(out);
                out.flush();
            }
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One top-10 query. */
    @Benchmark
    public void top10(Blackhole bh) {
        int[] r = new int[10];
        float[] s = new float[10];
        bh.consume(search.topK(users[next++ & 255], 0, 10, null, r, s));
        bh.consume(r);
    }
}
