package dev.recsys.internal.ann;

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
 * they are read from the model's item storage ({@link QuantizedFactors}: float, int8 or bf16, with
 * the item biases). Item {@code i} is {@code x_i = [f_i, b_i]} (the bias column only when the
 * model has item biases), and a query {@code [x, 1]} scores item i as {@code x . f_i + b_i},
 * exactly the model's score up to a per-user constant.
 *
 * <p><b>The builder's similarity ({@link Space}).</b> The search always orders by inner product
 * (the query side divided by {@code M |q|}, {@code M} the largest item norm at build time, which
 * keeps the order and avoids blind searches for strongly regularised models with norms of 1e-5;
 * scores handed to Lucene are mapped to {@code [0, 1]} by {@code (1 + c) / 2}). The graph is built
 * by default on the same inner products ({@link Space#INNER_PRODUCT}, an ip-NSW graph): Lucene's
 * neighbour-diversity rule then keeps few links per node (about 4 at 200,000 items, M 16), most of
 * them to long vectors, which are the answers to inner-product queries. Measured at 200,000 x 64
 * (benchmarks' {@code AnnRecall}, recall@10 at ef 400): inner product 0.897, the items extended to
 * one norm ({@code [x, sqrt(M^2 - |x|^2)]}, the classic reduction to cosine; queries then lie far
 * from every item) 0.216, the cosine of the item directions 0.712; so the default stays.
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
    /** The item vectors (and biases) the graph is over; shared with the model. */
    private final QuantizedFactors vectors;
    private final boolean hasBias;
    /** The largest item norm at build time (the radius of the extended items). */
    private final float maxNorm;
    private final int size;
    private final int entry;
    /** levelNodes[l] sorted node ids on level l (null for level 0: every node). */
    private final int[][] levelNodes;
    private final int[][] ptr;
    private final int[][] links;

    private HnswIndex(int maxConn, int beamWidth, long seed, QuantizedFactors vectors, float maxNorm, int size,
                      int entry, int[][] levelNodes, int[][] ptr, int[][] links) {
        this.maxNorm = maxNorm;
        this.maxConn = maxConn;
        this.beamWidth = beamWidth;
        this.seed = seed;
        this.dim = vectors.dim();
        this.vectors = vectors;
        this.hasBias = vectors.biases() != null;
        this.size = size;
        this.entry = entry;
        this.levelNodes = levelNodes;
        this.ptr = ptr;
        this.links = links;
    }

    /**
     * Builds the graph of every row of {@code vectors} (single-threaded, deterministic for a seed).
     *
     * @param vectors  item factors and biases in their storage (not copied; must stay unchanged)
     * @param progress told the number of nodes added every 10,000 nodes (may be null)
     * @throws IllegalArgumentException naming a bad parameter
     */
    public static HnswIndex build(QuantizedFactors vectors, int maxConn, int beamWidth, long seed,
                                  IntConsumer progress) {
        return build(vectors, maxConn, beamWidth, seed, progress, DEFAULT_SPACE);
    }

    /**
     * {@link #build} in another similarity for the builder's neighbour choice (the search always
     * orders by inner product): for the comparison in the benchmarks.
     */
    public static HnswIndex build(QuantizedFactors vectors, int maxConn, int beamWidth, long seed,
                                  IntConsumer progress, Space space) {
        checkArgs(vectors, maxConn, beamWidth);
        int numItems = vectors.numItems();
        double[] sq = squaredNorms(vectors, numItems);
        double max = 0;
        for (double s : sq) {
            max = Math.max(max, s);
        }
        float maxNorm = max > 0 && Double.isFinite(max) ? (float) Math.sqrt(max) : 1f;
        try {
            HnswGraphBuilder b = HnswGraphBuilder.create(new Supplier(vectors, numItems, maxNorm, sq, space), maxConn,
                    beamWidth, seed);
            for (int node = 0; node < numItems; node++) {
                b.addGraphNode(node);
                if (progress != null && (node + 1) % 10_000 == 0) {
                    progress.accept(node + 1);
                }
            }
            return pack(b.getCompletedGraph(), maxConn, beamWidth, seed, vectors, maxNorm, numItems);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // on-heap vectors: not expected
        }
    }

    /** {@code |[f_i, b_i]|^2} of the first n rows. */
    private static double[] squaredNorms(QuantizedFactors v, int n) {
        double[] sq = new double[n];
        float[] b = v.biases();
        for (int i = 0; i < n; i++) {
            double s = v.normSquared(i);
            if (b != null) {
                s += (double) b[i] * b[i];
            }
            sq[i] = s;
        }
        return sq;
    }

    private static void checkArgs(QuantizedFactors vectors, int maxConn, int beamWidth) {
        if (vectors == null) {
            throw new IllegalArgumentException("vectors must not be null");
        }
        if (vectors.dim() < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + vectors.dim());
        }
        if (maxConn < 2 || maxConn > 512) {
            throw new IllegalArgumentException("hnsw.m (max connections) must be in [2, 512], got " + maxConn);
        }
        if (beamWidth < 1 || beamWidth > 10_000) {
            throw new IllegalArgumentException("hnsw.beam-width must be in [1, 10000], got " + beamWidth);
        }
    }

    /**
     * Whether {@link #extend} can add the rows of {@code newVectors} beyond {@link #size()}: same
     * dimension and bias column, at least as many rows, and (extended space only) at most 5 % of all rows longer than the
     * build-time largest norm M (their extra coordinate is 0, so their links are chosen by a
     * slightly distorted cosine; more of them and the graph is rebuilt with a new M).
     */
    public boolean canExtend(QuantizedFactors newVectors) {
        if (newVectors.dim() != dim || newVectors.numItems() < size || (newVectors.biases() != null) != hasBias) {
            return false;
        }
        if (DEFAULT_SPACE != Space.EXTENDED) {
            return true; // only the extended space depends on M
        }
        double m2 = (double) maxNorm * maxNorm * (1 + 1e-6);
        float[] b = newVectors.biases();
        int longer = 0;
        for (int i = size; i < newVectors.numItems(); i++) {
            double s = newVectors.normSquared(i) + (b == null ? 0.0 : (double) b[i] * b[i]);
            if (s > m2) {
                longer++;
            }
        }
        return longer <= 0.05 * newVectors.numItems();
    }

    /**
     * A new index whose graph also holds rows {@code [size(), numItems)} of {@code newVectors},
     * the existing nodes and links kept (Lucene's {@link InitializedHnswGraphBuilder}). Rows
     * {@code [0, size())} must hold the same values as the vectors this index was built on.
     *
     * @throws IllegalArgumentException if {@link #canExtend} is false
     */
    public HnswIndex extend(QuantizedFactors newVectors) {
        checkArgs(newVectors, maxConn, beamWidth);
        if (!canExtend(newVectors)) {
            throw new IllegalArgumentException("cannot extend the index of " + size + " items x " + dim + " (bias "
                    + hasBias + ", largest norm " + maxNorm + ") with " + newVectors.numItems() + " items x "
                    + newVectors.dim() + " (bias " + (newVectors.biases() != null) + "): rebuild it");
        }
        int numItems = newVectors.numItems();
        try {
            int[] identity = new int[size];
            FixedBitSet initialized = new FixedBitSet(Math.max(1, numItems));
            for (int i = 0; i < size; i++) {
                identity[i] = i;
                initialized.set(i);
            }
            InitializedHnswGraphBuilder b = InitializedHnswGraphBuilder.fromGraph(
                    new Supplier(newVectors, numItems, maxNorm, squaredNorms(newVectors, numItems), DEFAULT_SPACE), maxConn,
                    beamWidth, seed, new Cursor(), identity, initialized, numItems);
            for (int node = size; node < numItems; node++) {
                b.addGraphNode(node);
            }
            return pack(b.getCompletedGraph(), maxConn, beamWidth, seed, newVectors, maxNorm, numItems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This graph over other vectors of the same items (another storage of the same factors): the
     * links are kept, searches score with {@code other}.
     *
     * @throws IllegalArgumentException if the shape or the bias column differ
     */
    public HnswIndex over(QuantizedFactors other) {
        if (other.dim() != dim || other.numItems() != size || (other.biases() != null) != hasBias) {
            throw new IllegalArgumentException("the graph of " + size + " items x " + dim + " does not fit "
                    + other.numItems() + " items x " + other.dim());
        }
        return new HnswIndex(maxConn, beamWidth, seed, other, maxNorm, size, entry, levelNodes, ptr, links);
    }

    /** The vectors searched. */
    public QuantizedFactors vectors() {
        return vectors;
    }

    private static HnswIndex pack(OnHeapHnswGraph g, int maxConn, int beamWidth, long seed, QuantizedFactors vectors,
                                  float maxNorm, int n) throws IOException {
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
        return new HnswIndex(maxConn, beamWidth, seed, vectors, maxNorm, n, entry, nodes, ptr, links);
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

    /** Number of links on level 0 (twice the number of undirected edges, roughly). */
    public long baseLinks() {
        return links.length == 0 ? 0 : links[0].length;
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
     * all). Results are written best first, raw inner products (in the storage) as scores.
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
        double qq = 0;
        for (int d = 0; d < dim; d++) {
            qq += (double) q[d] * q[d];
        }
        if (hasBias) {
            qq += (double) qBias * qBias;
        }
        float scale = qq > 0 && Double.isFinite(qq) ? (float) (1.0 / (maxNorm * Math.sqrt(qq))) : 1f;
        TopKnnCollector c = new TopKnnCollector(Math.max(k, ef), Integer.MAX_VALUE);
        try {
            HnswGraphSearcher.search(new Scorer(vectors, size, q, 0f, null, scale), c, new Cursor(), accept);
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
        float s = vectors.dot(node, q, 0);
        return hasBias ? s + q[dim] * vectors.biases()[node] : s;
    }

    /**
     * Scores a fixed (extended) query against nodes for Lucene:
     * {@code (1 + clamp(scale * (q . x_node + qAug * aug_node))) / 2}.
     */
    private static final class Scorer implements RandomVectorScorer {
        private final QuantizedFactors vectors;
        private final float[] biases;
        private final int dim;
        private final int n;
        private final float[] q;
        private final float qAug;
        private final float[] aug;
        private final float scale;
        private final float[] nodeScale;

        Scorer(QuantizedFactors vectors, int n, float[] q, float qAug, float[] aug, float scale) {
            this(vectors, n, q, qAug, aug, scale, null);
        }

        Scorer(QuantizedFactors vectors, int n, float[] q, float qAug, float[] aug, float scale, float[] nodeScale) {
            this.nodeScale = nodeScale;
            this.vectors = vectors;
            this.biases = vectors.biases();
            this.dim = vectors.dim();
            this.n = n;
            this.q = q;
            this.qAug = qAug;
            this.aug = aug;
            this.scale = scale;
        }

        @Override
        public float score(int node) {
            float s = vectors.dot(node, q, 0);
            if (biases != null) {
                s += q[dim] * biases[node];
            }
            if (aug != null) {
                s += qAug * aug[node];
            }
            float c = Math.max(-1f, Math.min(1f, scale * (nodeScale == null ? s : s * nodeScale[node])));
            return (1f + c) * 0.5f;
        }

        @Override
        public int maxOrd() {
            return n;
        }
    }

    /** The similarity the builder chooses neighbours by (the search always orders by inner product). */
    public enum Space {
        /** Raw inner products {@code x_i . x_j} (scaled by 1/M^2): the diversity rule keeps few links. */
        INNER_PRODUCT,
        /** Cosine of the items extended to norm M, {@code [x, sqrt(M^2 - |x|^2)]}. */
        EXTENDED,
        /** Cosine of the item directions {@code x / |x|}. */
        ANGULAR
    }

    /** The space {@link #build} uses. */
    public static final Space DEFAULT_SPACE = Space.INNER_PRODUCT;

    /** Node-to-node scorers for the builders in a {@link Space}. */
    private static final class Supplier implements RandomVectorScorerSupplier {
        private final QuantizedFactors vectors;
        private final int n;
        private final float scale;
        private final float[] aug;
        private final float[] invNorm;

        /** sq: the squared norms {@code |[f_i, b_i]|^2} of the items. */
        Supplier(QuantizedFactors vectors, int n, float maxNorm, double[] sq, Space space) {
            double m2 = (double) maxNorm * maxNorm;
            this.vectors = vectors;
            this.n = n;
            this.aug = space == Space.EXTENDED ? new float[n] : null;
            this.invNorm = space == Space.ANGULAR ? new float[n] : null;
            this.scale = space == Space.ANGULAR ? 1f : (float) (1.0 / m2);
            for (int i = 0; i < n; i++) {
                if (aug != null) {
                    aug[i] = (float) Math.sqrt(Math.max(0.0, m2 - sq[i]));
                }
                if (invNorm != null) {
                    invNorm[i] = sq[i] > 0 ? (float) (1.0 / Math.sqrt(sq[i])) : 0f;
                }
            }
        }

        @Override
        public RandomVectorScorer scorer(int ord) {
            int dim = vectors.dim();
            float[] q = new float[dim + 1];
            vectors.row(ord, q, 0);
            q[dim] = vectors.biases() == null ? 0f : vectors.biases()[ord];
            if (invNorm != null) {
                for (int d = 0; d <= dim; d++) {
                    q[d] *= invNorm[ord];
                }
            }
            return new Scorer(vectors, n, q, aug == null ? 0f : aug[ord], aug, scale, invNorm);
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
        out.writeBoolean(hasBias);
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
    public static HnswIndex read(BinaryModelInput in, String file, QuantizedFactors vectors) throws IOException {
        int numItems = vectors.numItems();
        int dim = vectors.dim();
        float[] biases = vectors.biases();
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
        return new HnswIndex(maxConn, beamWidth, seed, vectors, maxNorm, n, entry, nodes, ptr, links);
    }

    private static ModelFormatException bad(String file, String what) {
        return new ModelFormatException("model file " + file + " is corrupted in section 'HNSW index': " + what);
    }
}
