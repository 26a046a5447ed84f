package dev.recsys.internal.ann;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.modelfile.BinaryModelInput;
import dev.recsys.modelfile.BinaryModelOutput;
import dev.recsys.modelfile.ModelFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.IntConsumer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.InitializedHnswGraphBuilder;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * A maximum-inner-product HNSW graph over the item factors of a factor model, built and searched
 * with Apache Lucene's HNSW implementation ({@link HnswGraphBuilder}, {@link HnswGraphSearcher},
 * {@link InitializedHnswGraphBuilder} to add items without a rebuild). Vectors are not copied:
 * item {@code i} is {@code [factors[i*dim ..), bias[i]]} (the bias column only when the model has
 * item biases), and a query {@code [x, 1]} scores item i as {@code x . f_i + b_i}, exactly the
 * model's score up to a per-user constant, so maximum inner product is the ranking itself. Scores
 * handed to Lucene go through its {@link VectorUtil#scaleMaxInnerProductScore} (positive,
 * monotone), as Lucene's own {@code MAXIMUM_INNER_PRODUCT} similarity does, after dividing the
 * inner product by {@code M |q|} ({@code M} the largest item norm at build time, {@code q} the
 * query; {@code M^2} between two items): this keeps the order and brings the values to [-1, 1],
 * without which the factors of a strongly regularised model (norms of 1e-5) give products so small
 * that {@code 1 + dot} rounds to 1 for every item and the search is blind. The scores returned
 * by {@link #search} are the raw inner products.
 *
 * <p>After building, the graph is packed into int arrays (one adjacency list per node and level):
 * about {@code 4 * (links + nodes)} bytes, a fraction of Lucene's on-heap graph, and the form
 * the model file stores.
 *
 * <p>Thread safety: immutable after construction; {@link #search} is safe for concurrent use
 * (each call walks the graph with its own cursor). {@link #extend} returns a new index.
 */
public final class HnswIndex {
    /** Lucene's default maximum connections per node (M). */
    public static final int DEFAULT_MAX_CONN = HnswGraphBuilder.DEFAULT_MAX_CONN;
    /** Lucene's default beam width while building. */
    public static final int DEFAULT_BEAM_WIDTH = HnswGraphBuilder.DEFAULT_BEAM_WIDTH;

    private final int maxConn;
    private final int beamWidth;
    private final long seed;
    private final int dim;
    private final float[] factors;
    private final float[] biases;
    /** The largest item norm at build time (the score scale). */
    private final float maxNorm;
    private final int size;
    private final int entry;
    /** levelNodes[l] sorted node ids on level l (null for level 0: every node). */
    private final int[][] levelNodes;
    private final int[][] ptr;
    private final int[][] links;

    private HnswIndex(int maxConn, int beamWidth, long seed, int dim, float[] factors, float[] biases, float maxNorm,
                      int size, int entry, int[][] levelNodes, int[][] ptr, int[][] links) {
        this.maxNorm = maxNorm;
        this.maxConn = maxConn;
        this.beamWidth = beamWidth;
        this.seed = seed;
        this.dim = dim;
        this.factors = factors;
        this.biases = biases;
        this.size = size;
        this.entry = entry;
        this.levelNodes = levelNodes;
        this.ptr = ptr;
        this.links = links;
    }

    /**
     * Builds the graph of the first {@code numItems} rows (single-threaded, deterministic for a seed).
     *
     * @param factors  row-major item factors (not copied, not modified; must stay unchanged)
     * @param biases   item biases or null (not copied, not modified)
     * @param progress told the number of nodes added every 10,000 nodes (may be null)
     * @throws IllegalArgumentException naming a bad parameter
     */
    public static HnswIndex build(float[] factors, float[] biases, int numItems, int dim, int maxConn, int beamWidth,
                                  long seed, IntConsumer progress) {
        checkArgs(factors, biases, numItems, dim, maxConn, beamWidth);
        double max = 0;
        for (int i = 0; i < numItems; i++) {
            double s = Kernels.bestJava().sumSquares(factors, i * dim, dim);
            if (biases != null) {
                s += (double) biases[i] * biases[i];
            }
            max = Math.max(max, s);
        }
        float maxNorm = max > 0 && Double.isFinite(max) ? (float) Math.sqrt(max) : 1f;
        try {
            HnswGraphBuilder b = HnswGraphBuilder.create(new Supplier(factors, biases, dim, numItems, maxNorm), maxConn,
                    beamWidth, seed);
            for (int node = 0; node < numItems; node++) {
                b.addGraphNode(node);
                if (progress != null && (node + 1) % 10_000 == 0) {
                    progress.accept(node + 1);
                }
            }
            return pack(b.getCompletedGraph(), maxConn, beamWidth, seed, dim, factors, biases, maxNorm, numItems);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // on-heap vectors: not expected
        }
    }

    private static void checkArgs(float[] factors, float[] biases, int numItems, int dim, int maxConn, int beamWidth) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        if (numItems < 0 || (long) numItems * dim > factors.length) {
            throw new IllegalArgumentException("numItems " + numItems + " x dim " + dim + " exceeds the "
                    + factors.length + " factor values");
        }
        if (biases != null && biases.length < numItems) {
            throw new IllegalArgumentException(biases.length + " biases for " + numItems + " items");
        }
        if (maxConn < 2 || maxConn > 512) {
            throw new IllegalArgumentException("hnsw.m (max connections) must be in [2, 512], got " + maxConn);
        }
        if (beamWidth < 1 || beamWidth > 10_000) {
            throw new IllegalArgumentException("hnsw.beam-width must be in [1, 10000], got " + beamWidth);
        }
    }

    /**
     * A new index whose graph also holds rows {@code [size(), numItems)} of the (longer) arrays,
     * the existing nodes and links kept (Lucene's {@link InitializedHnswGraphBuilder}). Rows
     * {@code [0, size())} must hold the same values as the arrays this index was built on.
     *
     * @throws IllegalArgumentException if numItems is smaller than {@link #size()} or the arrays are too short
     */
    public HnswIndex extend(float[] newFactors, float[] newBiases, int numItems) {
        checkArgs(newFactors, newBiases, numItems, dim, maxConn, beamWidth);
        if (numItems < size) {
            throw new IllegalArgumentException("cannot shrink the index from " + size + " to " + numItems + " items");
        }
        if ((newBiases == null) != (biases == null)) {
            throw new IllegalArgumentException("item biases must be present in both or neither");
        }
        try {
            int[] identity = new int[size];
            FixedBitSet initialized = new FixedBitSet(Math.max(1, numItems));
            for (int i = 0; i < size; i++) {
                identity[i] = i;
                initialized.set(i);
            }
            InitializedHnswGraphBuilder b = InitializedHnswGraphBuilder.fromGraph(
                    new Supplier(newFactors, newBiases, dim, numItems, maxNorm), maxConn, beamWidth, seed, new Cursor(),
                    identity, initialized, numItems);
            for (int node = size; node < numItems; node++) {
                b.addGraphNode(node);
            }
            return pack(b.getCompletedGraph(), maxConn, beamWidth, seed, dim, newFactors, newBiases, maxNorm, numItems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HnswIndex pack(OnHeapHnswGraph g, int maxConn, int beamWidth, long seed, int dim, float[] factors,
                                  float[] biases, float maxNorm, int n) throws IOException {
        int levels = n == 0 ? 1 : g.numLevels();
        int[][] nodes = new int[levels][];
        int[][] ptr = new int[levels][];
        int[][] links = new int[levels][];
        for (int l = 0; l < levels; l++) {
            int[] on;
            if (l == 0) {
                on = null;
            } else {
                on = HnswGraph.NodesIterator.getSortedNodes(g.getNodesOnLevel(l));
            }
            nodes[l] = on;
            int count = on == null ? n : on.length;
            int[] p = new int[count + 1];
            int[] buf = new int[Math.max(16, count * 8)];
            int at = 0;
            for (int j = 0; j < count; j++) {
                int node = on == null ? j : on[j];
                if (n > 0) {
                    g.seek(l, node);
                    for (int nb = g.nextNeighbor(); nb != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                         nb = g.nextNeighbor()) {
                        if (at == buf.length) {
                            buf = Arrays.copyOf(buf, buf.length + (buf.length >> 1));
                        }
                        buf[at++] = nb;
                    }
                }
                p[j + 1] = at;
            }
            ptr[l] = p;
            links[l] = Arrays.copyOf(buf, at);
        }
        int entry = n == 0 ? -1 : g.entryNode();
        return new HnswIndex(maxConn, beamWidth, seed, dim, factors, biases, maxNorm, n, entry, nodes, ptr, links);
    }

    /** Number of items in the graph. */
    public int size() {
        return size;
    }

    /** Maximum connections per node the graph was built with. */
    public int maxConn() {
        return maxConn;
    }

    /** Beam width the graph was built with. */
    public int beamWidth() {
        return beamWidth;
    }

    /** Bytes of the packed graph (adjacency lists and level lists). */
    public long graphBytes() {
        long b = 0;
        for (int l = 0; l < links.length; l++) {
            b += 4L * links[l].length + 4L * ptr[l].length + (levelNodes[l] == null ? 0 : 4L * levelNodes[l].length);
        }
        return b;
    }

    /**
     * Approximate top-k items by {@code x . f_i + qBias * b_i}: Lucene's HNSW search with a queue
     * of {@code ef} (at least k) candidates; only items {@code accept} allows are collected (null:
     * all). Results are written best first, raw inner products as scores.
     *
     * @param x query vector, {@code dim} values from {@code xOff} (not modified)
     * @return how many were written (at most {@code min(k, size())})
     */
    public int search(float[] x, int xOff, float qBias, int k, int ef, Bits accept, int[] outRows, float[] outScores) {
        if (size == 0 || k <= 0) {
            return 0;
        }
        float[] q = new float[dim + 1];
        System.arraycopy(x, xOff, q, 0, dim);
        q[dim] = qBias;
        double qq = Kernels.bestJava().sumSquares(q, 0, dim) + (biases == null ? 0.0 : (double) qBias * qBias);
        float scale = qq > 0 && Double.isFinite(qq) ? (float) (1.0 / (maxNorm * Math.sqrt(qq))) : 1f;
        TopKnnCollector c = new TopKnnCollector(Math.max(k, ef), Integer.MAX_VALUE);
        try {
            HnswGraphSearcher.search(new Scorer(factors, biases, dim, size, q, scale), c, new Cursor(), accept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TopDocs td = c.topDocs();
        ScoreDoc[] docs = td.scoreDocs;
        int m = Math.min(k, docs.length);
        for (int j = 0; j < m; j++) {
            outRows[j] = docs[j].doc;
            outScores[j] = rawScore(q, docs[j].doc);
        }
        return m;
    }

    private float rawScore(float[] q, int node) {
        float s = Kernels.bestJava().dot(q, 0, factors, node * dim, dim);
        return biases == null ? s : s + q[dim] * biases[node];
    }

    /** Scores a fixed query against nodes for Lucene. */
    private static final class Scorer implements RandomVectorScorer {
        private final float[] factors;
        private final float[] biases;
        private final int dim;
        private final int n;
        private final float[] q;
        private final float scale;
        private final FloatKernels kern = Kernels.bestJava();

        Scorer(float[] factors, float[] biases, int dim, int n, float[] q, float scale) {
            this.scale = scale;
            this.factors = factors;
            this.biases = biases;
            this.dim = dim;
            this.n = n;
            this.q = q;
        }

        @Override
        public float score(int node) {
            float s = kern.dot(q, 0, factors, node * dim, dim);
            if (biases != null) {
                s += q[dim] * biases[node];
            }
            return VectorUtil.scaleMaxInnerProductScore(scale * s);
        }

        @Override
        public int maxOrd() {
            return n;
        }
    }

    /** Node-to-node scorers for the builders: the query is the node's own vector with its bias. */
    private static final class Supplier implements RandomVectorScorerSupplier {
        private final float[] factors;
        private final float[] biases;
        private final int dim;
        private final int n;
        private final float scale;

        Supplier(float[] factors, float[] biases, int dim, int n, float maxNorm) {
            this.scale = (float) (1.0 / ((double) maxNorm * maxNorm));
            this.factors = factors;
            this.biases = biases;
            this.dim = dim;
            this.n = n;
        }

        @Override
        public RandomVectorScorer scorer(int ord) {
            float[] q = new float[dim + 1];
            System.arraycopy(factors, ord * dim, q, 0, dim);
            q[dim] = biases == null ? 0f : biases[ord];
            return new Scorer(factors, biases, dim, n, q, scale);
        }

        @Override
        public RandomVectorScorerSupplier copy() {
            return this;
        }
    }

    /** A read cursor over the packed graph (Lucene's graphs keep the seek position). */
    private final class Cursor extends HnswGraph {
        private int[] cur;
        private int at;
        private int end;

        @Override
        public void seek(int level, int target) {
            int j = level == 0 ? target : Arrays.binarySearch(levelNodes[level], target);
            if (j < 0) {
                throw new IllegalStateException("node " + target + " is not on level " + level);
            }
            cur = links[level];
            at = ptr[level][j];
            end = ptr[level][j + 1];
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int nextNeighbor() {
            return at < end ? cur[at++] : org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
        }

        @Override
        public int numLevels() {
            return links.length;
        }

        @Override
        public int entryNode() {
            return entry;
        }

        @Override
        public NodesIterator getNodesOnLevel(int level) {
            return level == 0 ? new ArrayNodesIterator(size) : new ArrayNodesIterator(levelNodes[level], levelNodes[level].length);
        }
    }

    /** Writes the graph (not the vectors: the model file has them). */
    public void write(BinaryModelOutput out) throws IOException {
        out.writeInt(maxConn);
        out.writeInt(beamWidth);
        out.writeLong(seed);
        out.writeInt(dim);
        out.writeBoolean(biases != null);
        out.writeFloat(maxNorm);
        out.writeInt(size);
        out.writeInt(entry);
        out.writeInt(links.length);
        for (int l = 1; l < links.length; l++) {
            out.writeInts(levelNodes[l]);
        }
        for (int l = 0; l < links.length; l++) {
            out.writeInts(ptr[l]);
            out.writeInts(links[l]);
        }
    }

    /**
     * Reads a graph written by {@link #write} over these vectors, checking every count and link.
     *
     * @throws ModelFormatException naming what does not fit
     */
    public static HnswIndex read(BinaryModelInput in, String file, float[] factors, float[] biases, int numItems,
                                 int dim) throws IOException {
        int maxConn = in.readInt();
        int beamWidth = in.readInt();
        long seed = in.readLong();
        int d = in.readInt();
        boolean hasBias = in.readBoolean();
        float maxNorm = in.readFloat();
        int n = in.readInt();
        int entry = in.readInt();
        int levels = in.readCount("HNSW levels", 8, 64);
        if (d != dim || n != numItems || hasBias != (biases != null) || maxConn < 2 || maxConn > 512 || beamWidth < 1
                || !(maxNorm > 0f) || Float.isInfinite(maxNorm)
                || (n > 0 && (entry < 0 || entry >= n)) || levels < 1) {
            throw bad(file, "graph of " + n + " items x " + d + " (bias " + hasBias + ", M " + maxConn + ", entry "
                    + entry + ", " + levels + " levels) for a model of " + numItems + " items x " + dim + " (bias "
                    + (biases != null) + ")");
        }
        int[][] nodes = new int[levels][];
        for (int l = 1; l < levels; l++) {
            int[] on = in.readInts();
            for (int j = 0; j < on.length; j++) {
                if (on[j] < 0 || on[j] >= n || (j > 0 && on[j] <= on[j - 1])) {
                    throw bad(file, "level " + l + " lists node " + on[j] + " out of order or range");
                }
            }
            nodes[l] = on;
        }
        int[][] ptr = new int[levels][];
        int[][] links = new int[levels][];
        for (int l = 0; l < levels; l++) {
            int count = l == 0 ? n : nodes[l].length;
            int[] p = in.readInts();
            int[] x = in.readInts();
            if (p.length != count + 1 || p[0] != 0 || p[count] != x.length) {
                throw bad(file, "level " + l + " has " + p.length + " pointers and " + x.length + " links for "
                        + count + " nodes");
            }
            for (int j = 0; j < count; j++) {
                if (p[j + 1] < p[j] || p[j + 1] - p[j] > 2 * maxConn) {
                    throw bad(file, "level " + l + " node " + j + " has an invalid neighbour list");
                }
            }
            for (int v : x) {
                if (v < 0 || v >= n || (l > 0 && Arrays.binarySearch(nodes[l], v) < 0)) {
                    throw bad(file, "level " + l + " links to node " + v + ", which is not on that level");
                }
            }
            ptr[l] = p;
            links[l] = x;
        }
        if (n > 0 && levels > 1 && Arrays.binarySearch(nodes[levels - 1], entry) < 0) {
            throw bad(file, "entry node " + entry + " is not on the top level");
        }
        return new HnswIndex(maxConn, beamWidth, seed, dim, factors, biases, maxNorm, n, entry, nodes, ptr, links);
    }

    private static ModelFormatException bad(String file, String what) {
        return new ModelFormatException("model file " + file + " is corrupted in section 'HNSW index': " + what);
    }
}
