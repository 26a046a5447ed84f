package dev.recsys.internal.kernel.panama;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.FusedTopK;
import dev.recsys.internal.kernel.ScalarKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API ({@code jdk.incubator.vector}) kernels on the preferred float species: four
 * accumulators and {@code loopBound} with a scalar tail for the reductions, and a packed,
 * register-blocked gemm ({@link PanamaGemm}). This package is the only one that imports the
 * incubator module; {@code dev.recsys.internal.kernel.Kernels} loads this class reflectively
 * through {@link #create()} only when the module is present and C2 is enabled.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class PanamaKernels implements FloatKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** System property forcing the gemm micro-tile, {@code MRxNR} in floats (e.g. {@code 6x16}). */
    public static final String TILE_PROPERTY = "recsys.gemm.tile";

    private static final PanamaGemm.Tile DEFAULT_TILE;
    /** Why the tile was chosen: empty for the automatic choice, else the forcing or its rejection. */
    private static final String TILE_NOTE;

    static {
        PanamaGemm.Tile t = PanamaGemm.Tile.preferred();
        String note = "";
        String forced = System.getProperty(TILE_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            try {
                t = PanamaGemm.Tile.parse(forced);
                note = ", forced by -D" + TILE_PROPERTY;
            } catch (IllegalArgumentException e) {
                note = ", -D" + TILE_PROPERTY + " ignored: " + e.getMessage();
            }
        }
        DEFAULT_TILE = t;
        TILE_NOTE = note;
    }

    private static final PanamaKernels INSTANCE = new PanamaKernels(DEFAULT_TILE);

    private final PanamaGemm.Tile tile;

    private PanamaKernels(PanamaGemm.Tile tile) {
        this.tile = tile;
    }

    /**
     * Returns the shared instance, checking that the preferred species has at least 128 bits.
     *
     * @throws UnsupportedOperationException if the preferred species is narrower than 128 bits
     */
    public static FloatKernels create() {
        if (S.vectorBitSize() < 128) {
            throw new UnsupportedOperationException("preferred float species has only "
                    + S.vectorBitSize() + " bits");
        }
        return INSTANCE;
    }

    /** Bit size of the preferred float species, for the start-up log line. */
    public static int vectorBitSize() {
        return S.vectorBitSize();
    }

    /**
     * The shared instance's gemm micro-tile and blocking for the start-up log line, e.g.
     * {@code 6x16 (kc 256, mc 120)}, with a note if {@value #TILE_PROPERTY} forced or failed to force it.
     */
    public static String gemmTile() {
        return DEFAULT_TILE + TILE_NOTE;
    }

    /**
     * One instance per gemm micro-tile that has a kernel (each with default blocking), for tests
     * that cover every tile whatever this host prefers. All other kernels are the shared ones.
     *
     * @throws UnsupportedOperationException as {@link #create()}
     */
    public static List<FloatKernels> createEveryTile() {
        create();
        List<FloatKernels> out = new ArrayList<>();
        for (PanamaGemm.Tile t : PanamaGemm.Tile.all()) {
            out.add(new PanamaKernels(t));
        }
        return out;
    }

    @Override
    public String name() {
        return "vector";
    }

    /** {@code vector[MRxNR]}: the name and the gemm micro-tile. */
    @Override
    public String toString() {
        return "vector[" + tile.name() + "]";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        float sum = 0f;
        if (n >= 2 * L) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = FloatVector.zero(S);
            FloatVector acc2 = FloatVector.zero(S);
            FloatVector acc3 = FloatVector.zero(S);
            if (n >= 32 * L) {
                // long vectors: eight chains keep both FMA ports busy while loads are in flight
                FloatVector acc4 = FloatVector.zero(S);
                FloatVector acc5 = FloatVector.zero(S);
                FloatVector acc6 = FloatVector.zero(S);
                FloatVector acc7 = FloatVector.zero(S);
                int bound8 = n - (n % (8 * L));
                for (; i < bound8; i += 8 * L) {
                    acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
                    acc1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), acc1);
                    acc2 = FloatVector.fromArray(S, a, aOff + i + 2 * L).fma(FloatVector.fromArray(S, b, bOff + i + 2 * L), acc2);
                    acc3 = FloatVector.fromArray(S, a, aOff + i + 3 * L).fma(FloatVector.fromArray(S, b, bOff + i + 3 * L), acc3);
                    acc4 = FloatVector.fromArray(S, a, aOff + i + 4 * L).fma(FloatVector.fromArray(S, b, bOff + i + 4 * L), acc4);
                    acc5 = FloatVector.fromArray(S, a, aOff + i + 5 * L).fma(FloatVector.fromArray(S, b, bOff + i + 5 * L), acc5);
                    acc6 = FloatVector.fromArray(S, a, aOff + i + 6 * L).fma(FloatVector.fromArray(S, b, bOff + i + 6 * L), acc6);
                    acc7 = FloatVector.fromArray(S, a, aOff + i + 7 * L).fma(FloatVector.fromArray(S, b, bOff + i + 7 * L), acc7);
                }
                acc0 = acc0.add(acc4);
                acc1 = acc1.add(acc5);
                acc2 = acc2.add(acc6);
                acc3 = acc3.add(acc7);
            }
            int bound4 = n - (n % (4 * L));
            for (; i < bound4; i += 4 * L) {
                acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
                acc1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), acc1);
                acc2 = FloatVector.fromArray(S, a, aOff + i + 2 * L).fma(FloatVector.fromArray(S, b, bOff + i + 2 * L), acc2);
                acc3 = FloatVector.fromArray(S, a, aOff + i + 3 * L).fma(FloatVector.fromArray(S, b, bOff + i + 3 * L), acc3);
            }
            int bound = S.loopBound(n);
            for (; i < bound; i += L) {
                acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
            }
            FloatVector t = acc0.add(acc1).add(acc2.add(acc3));
            if (L >= 16) {
                t = t.add(t.rearrange(LaneSum.ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(LaneSum.ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            sum = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
        } else if (n >= L) {
            FloatVector acc = FloatVector.zero(S);
            int bound = S.loopBound(n);
            for (; i < bound; i += L) {
                acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
            }
            FloatVector t = acc;
            if (L >= 16) {
                t = t.add(t.rearrange(LaneSum.ROT8));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(LaneSum.ROT4));
            }
            FloatVector tq = (FloatVector) t.reinterpretShape(LaneSum.S128, 0);
            tq = tq.add(tq.rearrange(LaneSum.SWAP2));
            sum = tq.add(tq.rearrange(LaneSum.SWAP1)).lane(0);
        }
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        axpyStatic(n, alpha, x, xOff, y, yOff);
    }

    static void axpyStatic(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        if (n >= L) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            int bound = S.loopBound(n);
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i))
                        .intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int off) {
        scaleStatic(n, alpha, x, off);
    }

    static void scaleStatic(int n, float alpha, float[] x, int off) {
        int i = 0;
        if (n >= L) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            int bound = S.loopBound(n);
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, x, off + i).mul(va).intoArray(x, off + i);
            }
        }
        for (; i < n; i++) {
            x[off + i] *= alpha;
        }
    }

    /** {@code x = beta * x}, beta 0 overwriting with zeros. */
    static void scaleOrZero(int n, float beta, float[] x, int off) {
        if (beta == 0f) {
            Arrays.fill(x, off, off + n, 0f);
        } else if (beta != 1f) {
            scaleStatic(n, beta, x, off);
        }
    }

    @Override
    public float sumSquares(float[] x, int off, int n) {
        return dot(x, off, x, off, n);
    }

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        if (!transA) {
            gemvN(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        } else {
            gemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        }
    }

    private void gemvN(int m, int n, float alpha, float[] a, int aOff, int lda,
                       float[] x, int xOff, float beta, float[] y, int yOff) {
        if (n < L) {
            ScalarKernels.INSTANCE.gemv(false, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
            return;
        }
        int bound = S.loopBound(n);
        int r = 0;
        for (; r + 4 <= m; r += 4) {
            // four rows share each vector of x; one accumulator chain per row
            int a0 = aOff + r * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xOff + j);
                s0 = FloatVector.fromArray(S, a, a0 + j).fma(xv, s0);
                s1 = FloatVector.fromArray(S, a, a1 + j).fma(xv, s1);
                s2 = FloatVector.fromArray(S, a, a2 + j).fma(xv, s2);
                s3 = FloatVector.fromArray(S, a, a3 + j).fma(xv, s3);
            }
            // the four fixed-order lane sums share their first two levels (LaneSum): the sums of
            // s0, s2, s1, s3 end in lanes 0, L/4, L/2, 3L/4, each with the single tree's bits
            FloatVector u01 = s0.blend(s1, LaneSum.HALF)
                    .add(s1.blend(s0, LaneSum.HALF).rearrange(LaneSum.SWAP_HALF));
            FloatVector u23 = s2.blend(s3, LaneSum.HALF)
                    .add(s3.blend(s2, LaneSum.HALF).rearrange(LaneSum.SWAP_HALF));
            FloatVector t = u01.blend(u23, LaneSum.QUARTER)
                    .add(u23.blend(u01, LaneSum.QUARTER).rearrange(LaneSum.SWAP_QUARTER));
            if (L >= 16) {
                t = t.add(t.rearrange(LaneSum.ROT2));
            }
            if (L >= 8) {
                t = t.add(t.rearrange(LaneSum.ROT1));
            }
            float d0 = t.lane(0);
            float d1 = t.lane(L / 2);
            float d2 = t.lane(L / 4);
            float d3 = t.lane(3 * L / 4);
            for (; j < n; j++) {
                float xv = x[xOff + j];
                d0 += a[a0 + j] * xv;
                d1 += a[a1 + j] * xv;
                d2 += a[a2 + j] * xv;
                d3 += a[a3 + j] * xv;
            }
            store(y, yOff + r, alpha * d0, beta);
            store(y, yOff + r + 1, alpha * d1, beta);
            store(y, yOff + r + 2, alpha * d2, beta);
            store(y, yOff + r + 3, alpha * d3, beta);
        }
        for (; r < m; r++) {
            // same summation order as the blocked rows: a row's result never depends on its position
            int a0 = aOff + r * lda;
            FloatVector s0 = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                s0 = FloatVector.fromArray(S, a, a0 + j).fma(FloatVector.fromArray(S, x, xOff + j), s0);
            }
            FloatVector t0 = s0;
            if (L >= 16) {
                t0 = t0.add(t0.rearrange(LaneSum.ROT8));
            }
            if (L >= 8) {
                t0 = t0.add(t0.rearrange(LaneSum.ROT4));
            }
            FloatVector t0q = (FloatVector) t0.reinterpretShape(LaneSum.S128, 0);
            t0q = t0q.add(t0q.rearrange(LaneSum.SWAP2));
            float d0 = t0q.add(t0q.rearrange(LaneSum.SWAP1)).lane(0);
            for (; j < n; j++) {
                d0 += a[a0 + j] * x[xOff + j];
            }
            store(y, yOff + r, alpha * d0, beta);
        }
    }

    private static void store(float[] y, int i, float v, float beta) {
        y[i] = beta == 0f ? v : v + beta * y[i];
    }

    private void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda,
                       float[] x, int xOff, float beta, float[] y, int yOff) {
        scaleOrZero(n, beta, y, yOff);
        int bound = S.loopBound(n);
        int r = 0;
        for (; r + 4 <= m; r += 4) {
            int a0 = aOff + r * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            float c0 = alpha * x[xOff + r];
            float c1 = alpha * x[xOff + r + 1];
            float c2 = alpha * x[xOff + r + 2];
            float c3 = alpha * x[xOff + r + 3];
            FloatVector v0 = FloatVector.broadcast(S, c0);
            FloatVector v1 = FloatVector.broadcast(S, c1);
            FloatVector v2 = FloatVector.broadcast(S, c2);
            FloatVector v3 = FloatVector.broadcast(S, c3);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector acc = FloatVector.fromArray(S, y, yOff + j);
                acc = FloatVector.fromArray(S, a, a0 + j).fma(v0, acc);
                acc = FloatVector.fromArray(S, a, a1 + j).fma(v1, acc);
                acc = FloatVector.fromArray(S, a, a2 + j).fma(v2, acc);
                acc = FloatVector.fromArray(S, a, a3 + j).fma(v3, acc);
                acc.intoArray(y, yOff + j);
            }
            for (; j < n; j++) {
                y[yOff + j] += c0 * a[a0 + j] + c1 * a[a1 + j] + c2 * a[a2 + j] + c3 * a[a3 + j];
            }
        }
        for (; r < m; r++) {
            axpyStatic(n, alpha * x[xOff + r], a, aOff + r * lda, y, yOff);
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        PanamaGemm.gemm(tile, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void scoreRows(float[] rows, int numRows, int dim, float[] v, int vOff, float[] out, int outOff) {
        gemvN(numRows, dim, 1f, rows, 0, dim, v, vOff, 0f, out, outOff);
    }

    @Override
    public int scoreTopK(float[] rows, int fromRow, int toRow, int dim, float[] v, int vOff, int k,
                         IntPredicate exclude, int[] outRows, float[] outScores) {
        return FusedTopK.scoreTopK(this, rows, fromRow, toRow, dim, v, vOff, k, exclude, outRows, outScores);
    }

    @Override
    public void spmm(boolean transA, int aRows, int aCols, int[] rowPtr, int[] colIdx, float[] values,
                     int n, float alpha, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (!transA) {
            for (int r = 0; r < aRows; r++) {
                int ci = cOff + r * ldc;
                scaleOrZero(n, beta, c, ci);
                for (int q = rowPtr[r], end = rowPtr[r + 1]; q < end; q++) {
                    float av = values == null ? alpha : alpha * values[q];
                    axpyStatic(n, av, b, bOff + colIdx[q] * ldb, c, ci);
                }
            }
        } else {
            for (int r = 0; r < aCols; r++) {
                scaleOrZero(n, beta, c, cOff + r * ldc);
            }
            for (int r = 0; r < aRows; r++) {
                int bi = bOff + r * ldb;
                for (int q = rowPtr[r], end = rowPtr[r + 1]; q < end; q++) {
                    float av = values == null ? alpha : alpha * values[q];
                    axpyStatic(n, av, b, bi, c, cOff + colIdx[q] * ldc);
                }
            }
        }
    }

    @Override
    public void gramRank1(int k, float w, float[] x, int xOff, float[] g, int gOff, int ldg) {
        for (int i = 0; i < k; i++) {
            axpyStatic(k, w * x[xOff + i], x, xOff, g, gOff + i * ldg);
        }
    }

    @Override
    public void gramUpdate(int k, int count, float[] y, int yOff, int ldy, int[] rowIdx, int idxOff,
                           float[] w, int wOff, float[] g, int gOff, int ldg) {
        int bound = S.loopBound(k);
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            // four samples per pass over G: a quarter of the loads and stores of G
            int r0 = yOff + row(rowIdx, idxOff, j) * ldy;
            int r1 = yOff + row(rowIdx, idxOff, j + 1) * ldy;
            int r2 = yOff + row(rowIdx, idxOff, j + 2) * ldy;
            int r3 = yOff + row(rowIdx, idxOff, j + 3) * ldy;
            float w0 = w == null ? 1f : w[wOff + j];
            float w1 = w == null ? 1f : w[wOff + j + 1];
            float w2 = w == null ? 1f : w[wOff + j + 2];
            float w3 = w == null ? 1f : w[wOff + j + 3];
            for (int i = 0; i < k; i++) {
                float c0 = w0 * y[r0 + i];
                float c1 = w1 * y[r1 + i];
                float c2 = w2 * y[r2 + i];
                float c3 = w3 * y[r3 + i];
                FloatVector v0 = FloatVector.broadcast(S, c0);
                FloatVector v1 = FloatVector.broadcast(S, c1);
                FloatVector v2 = FloatVector.broadcast(S, c2);
                FloatVector v3 = FloatVector.broadcast(S, c3);
                int gi = gOff + i * ldg;
                int q = 0;
                for (; q < bound; q += L) {
                    FloatVector acc = FloatVector.fromArray(S, g, gi + q);
                    acc = FloatVector.fromArray(S, y, r0 + q).fma(v0, acc);
                    acc = FloatVector.fromArray(S, y, r1 + q).fma(v1, acc);
                    acc = FloatVector.fromArray(S, y, r2 + q).fma(v2, acc);
                    acc = FloatVector.fromArray(S, y, r3 + q).fma(v3, acc);
                    acc.intoArray(g, gi + q);
                }
                for (; q < k; q++) {
                    g[gi + q] += c0 * y[r0 + q] + c1 * y[r1 + q] + c2 * y[r2 + q] + c3 * y[r3 + q];
                }
            }
        }
        for (; j < count; j++) {
            gramRank1(k, w == null ? 1f : w[wOff + j], y, yOff + row(rowIdx, idxOff, j) * ldy, g, gOff, ldg);
        }
    }

    private static int row(int[] rowIdx, int idxOff, int j) {
        return rowIdx == null ? j : rowIdx[idxOff + j];
    }

    @Override
    public void syrk(int n, int k, float alpha, float[] y, int yOff, int ldy, float beta, float[] g, int gOff, int ldg) {
        PanamaGemm.gemm(tile, true, false, k, k, n, alpha, y, yOff, ldy, y, yOff, ldy, beta, g, gOff, ldg);
    }
}
