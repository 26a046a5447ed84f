package dev.recsys.internal.kernel.panama;

import dev.recsys.internal.kernel.ScalarKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-blocked sgemm on the Vector API, after Goto and van de Geijn, "Anatomy of
 * High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008) and the BLIS loop order: op(B)
 * is packed in KC x NC blocks of NR-column micro-panels, op(A) (scaled by alpha) in MC x KC
 * blocks of MR-row micro-panels, and an MR x NR micro-kernel keeps its C tile in MR * NV vector
 * registers (NR = NV vectors) while it walks the K dimension with one broadcast of A per row and
 * NV vector loads of B per step.
 *
 * <p>The tile is chosen for the register file of the preferred vector width ({@link Tile#preferred}).
 * AVX2 (and SSE) have 16 vector registers: 256-bit and 128-bit vectors get 3 rows x 3 vectors
 * (9 accumulators, 3 B vectors and up to 3 broadcasts that C2 schedules ahead). The textbook
 * 6 x 2 vectors (12 accumulators) leaves C2 one register short, and it spills an accumulator to
 * the stack inside the loop (seen in the generated code), which costs a third of its speed.
 * AVX-512 has 32 registers: 512-bit vectors get 12 rows x 2 vectors (24 accumulators). Each
 * micro-kernel is written out with one local variable per accumulator so that C2 keeps them in
 * registers (an array would live in memory); with the index of the packed panels advanced by
 * constants, C2 removes the bounds checks from the loop.
 *
 * <p>Thread safety: stateless, thread-safe (packing buffers are allocated per call).
 */
final class PanamaGemm {
    private static final VectorSpecies<Float> S = PanamaKernels.S;
    private static final int L = PanamaKernels.L;
    /** Below this many multiply-adds the packing does not pay off. */
    private static final long SMALL = 8 * 8 * 8;

    private PanamaGemm() {
    }

    /**
     * A micro-tile shape (MR rows x NV vectors of the preferred species) and its cache blocking:
     * KC (depth of a packed block), MC (rows of a packed A block, a multiple of MR) and NC
     * (columns of a packed B block, a multiple of NR). Immutable.
     */
    static final class Tile {
        /** Register shapes that have a micro-kernel, as (MR, NV) pairs. */
        static final int[][] KERNELS = {{3, 3}, {4, 2}, {8, 2}, {12, 2}};

        final int mr;
        final int nv;
        final int nr;
        final int kc;
        final int mc;
        final int nc;
        private final int id;

        Tile(int mr, int nv, int kc, int mc, int nc) {
            int found = -1;
            for (int i = 0; i < KERNELS.length; i++) {
                if (KERNELS[i][0] == mr && KERNELS[i][1] == nv) {
                    found = i;
                }
            }
            if (found < 0) {
                throw new IllegalArgumentException("no micro-kernel for " + mr + " rows x " + nv + " vectors");
            }
            if (kc < 1 || mc < mr || nc < nv * PanamaKernels.L) {
                throw new IllegalArgumentException("blocking kc=" + kc + " mc=" + mc + " nc=" + nc
                        + " too small for tile " + mr + "x" + nv * PanamaKernels.L);
            }
            this.id = found;
            this.mr = mr;
            this.nv = nv;
            this.nr = nv * PanamaKernels.L;
            this.kc = kc;
            this.mc = mc / mr * mr;
            this.nc = nc / nr * nr;
        }

        /**
         * The tile with default blocking: KC 384 (fewer passes over C, each C tile's load and
         * store spread over more multiply-adds; the B micro-panel, 36-48 KB, stays in L1 or L2),
         * MC about 120 rows (the A block, under 200 KB, stays in L2), NC 2048.
         */
        static Tile of(int mr, int nv) {
            return new Tile(mr, nv, 384, Math.max(mr, 120 / mr * mr), 2048);
        }

        /** Every tile with a micro-kernel, default blocking. */
        static List<Tile> all() {
            List<Tile> out = new ArrayList<>();
            for (int[] s : KERNELS) {
                out.add(of(s[0], s[1]));
            }
            return out;
        }

        /** The tile for the preferred species' register file. */
        static Tile preferred() {
            return PanamaKernels.S.vectorBitSize() >= 512 ? of(12, 2) : of(3, 3);
        }

        /**
         * Parses {@code MRxNR} (NR in floats, a multiple of the vector length, e.g. {@code 6x16})
         * into a tile with default blocking.
         *
         * @throws IllegalArgumentException naming the value if it is malformed or has no kernel
         */
        static Tile parse(String spec) {
            String s = spec.trim().toLowerCase(Locale.ROOT);
            int x = s.indexOf('x');
            try {
                int mr = Integer.parseInt(s.substring(0, x));
                int nr = Integer.parseInt(s.substring(x + 1));
                if (nr % PanamaKernels.L != 0) {
                    throw new IllegalArgumentException("gemm tile '" + spec + "': columns must be a multiple of "
                            + PanamaKernels.L + " (the vector length)");
                }
                return of(mr, nr / PanamaKernels.L);
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("gemm tile '" + spec + "' is not MRxNR (e.g. 6x" + 2 * PanamaKernels.L + ")");
            }
        }

        /** {@code MRxNR} in floats, e.g. {@code 6x16}. */
        String name() {
            return mr + "x" + nr;
        }

        @Override
        public String toString() {
            return name() + " (kc " + kc + ", mc " + mc + ")";
        }
    }

    static void gemm(Tile t, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if ((long) m * n * k < SMALL) {
            ScalarKernels.INSTANCE.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        for (int i = 0; i < m; i++) {
            PanamaKernels.scaleOrZero(n, beta, c, cOff + i * ldc);
        }
        if (k == 0 || alpha == 0f) {
            return;
        }
        final int mr = t.mr;
        final int nr = t.nr;
        // equal K blocks no deeper than the tile's KC (k = 400 gives 2 x 200, not 384 + 16)
        final int kcB = ceilDiv(k, ceilDiv(k, t.kc));
        final int mcB = t.mc;
        final int ncB = t.nc;
        int kcMax = Math.min(k, kcB);
        int ncMax = Math.min(roundUp(n, nr), ncB);
        int mcMax = Math.min(roundUp(m, mr), mcB);
        float[] pb = new float[kcMax * ncMax];
        float[] pa = new float[mcMax * kcMax];
        float[] tile = new float[mr * nr];
        for (int jc = 0; jc < n; jc += ncB) {
            int nc = Math.min(ncB, n - jc);
            for (int pc = 0; pc < k; pc += kcB) {
                int kc = Math.min(kcB, k - pc);
                packB(nr, transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                for (int ic = 0; ic < m; ic += mcB) {
                    int mc = Math.min(mcB, m - ic);
                    packA(mr, transA, a, aOff, lda, ic, mc, pc, kc, alpha, pa);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir);
                            int cIdx = cOff + (ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr) {
                                micro(t.id, kc, pa, ir * kc, pb, jr * kc, c, cIdx, ldc);
                            } else {
                                Arrays.fill(tile, 0f);
                                micro(t.id, kc, pa, ir * kc, pb, jr * kc, tile, 0, nr);
                                for (int r = 0; r < rows; r++) {
                                    int ci = cIdx + r * ldc;
                                    int ti = r * nr;
                                    for (int j = 0; j < cols; j++) {
                                        c[ci + j] += tile[ti + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void micro(int id, int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c, int cIdx, int ldc) {
        switch (id) {
            case 0 -> kernel3x3(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 1 -> kernel4x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 -> kernel8x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 3 -> kernel12x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            default -> throw new IllegalStateException("no micro-kernel " + id);
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** One micro-kernel call, for the tile harness (tests). */
    static void microKernel(Tile t, int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c, int cIdx, int ldc) {
        micro(t.id, kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }

    /**
     * Packs op(B)[pc .. pc+kc) x [jc .. jc+nc) into NR-column micro-panels: the panel of column jr
     * holds {@code pb[jr*kc + p*NR + j]}, zero-padded past column nc.
     */
    private static void packB(int nr, boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              float[] pb) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = jr * kc;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    int dst = base + p * nr;
                    System.arraycopy(b, src, pb, dst, cols);
                    if (cols < nr) {
                        Arrays.fill(pb, dst + cols, dst + nr, 0f);
                    }
                }
            } else {
                // op(B)(p, j) = B(j, p): row j of B is contiguous in p; four rows per pass so
                // that each written line of the panel is touched a quarter as often
                int j = 0;
                for (; j + 4 <= cols; j += 4) {
                    int s0 = bOff + (jc + jr + j) * ldb + pc;
                    int s1 = s0 + ldb;
                    int s2 = s1 + ldb;
                    int s3 = s2 + ldb;
                    int d = base + j;
                    for (int p = 0; p < kc; p++, d += nr) {
                        pb[d] = b[s0 + p];
                        pb[d + 1] = b[s1 + p];
                        pb[d + 2] = b[s2 + p];
                        pb[d + 3] = b[s3 + p];
                    }
                }
                for (; j < cols; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0, d = base + j; p < kc; p++, d += nr) {
                        pb[d] = b[src + p];
                    }
                }
                if (cols < nr) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(pb, base + p * nr + cols, base + (p + 1) * nr, 0f);
                    }
                }
            }
        }
    }

    /**
     * Packs alpha * op(A)[ic .. ic+mc) x [pc .. pc+kc) into MR-row micro-panels: the panel of row
     * ir holds {@code pa[ir*kc + p*MR + r]}, zero-padded past row mc.
     */
    private static void packA(int mr, boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              float alpha, float[] pa) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = ir * kc;
            if (!transA) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0, d = base + r; p < kc; p++, d += mr) {
                        pa[d] = alpha * a[src + p];
                    }
                }
            } else if (rows == 3 && mr == 3) {
                // op(A)(i, p) = A(p, i): row p of A is contiguous in i; the short copy written
                // out for the narrow tile (a 3-trip inner loop costs more than the copy)
                for (int p = 0, src = aOff + pc * lda + ic + ir, dst = base; p < kc; p++, src += lda, dst += 3) {
                    pa[dst] = alpha * a[src];
                    pa[dst + 1] = alpha * a[src + 1];
                    pa[dst + 2] = alpha * a[src + 2];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + ir;
                    int dst = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        pa[dst + r] = alpha * a[src + r];
                    }
                }
            }
            if (rows < mr) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(pa, base + p * mr + rows, base + (p + 1) * mr, 0f);
                }
            }
        }
    }

    // The micro-kernels below are generated text: one accumulator variable per (row, vector),
    // C += accumulators written out (a helper taking vectors would box them if not inlined).

    /** C[0..3) x [0..3L) += A-panel * B-panel over kc steps (9 accumulators). */
    private static void kernel3x3(int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c, int cIdx, int ldc) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c0_1 = FloatVector.zero(S);
        FloatVector c0_2 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S);
        FloatVector c1_1 = FloatVector.zero(S);
        FloatVector c1_2 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S);
        FloatVector c2_1 = FloatVector.zero(S);
        FloatVector c2_2 = FloatVector.zero(S);
        int ai = aIdx;
        int bi = bIdx;
        for (int p = 0; p < kc; p++, ai += 3, bi += 3 * L) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, bi + 2 * L);
            FloatVector av = FloatVector.broadcast(S, pa[ai]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            c0_2 = av.fma(b2, c0_2);
            av = FloatVector.broadcast(S, pa[ai + 1]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            c1_2 = av.fma(b2, c1_2);
            av = FloatVector.broadcast(S, pa[ai + 2]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            c2_2 = av.fma(b2, c2_2);
        }
        int i0 = cIdx;
        FloatVector.fromArray(S, c, i0).add(c0_0).intoArray(c, i0);
        FloatVector.fromArray(S, c, i0 + L).add(c0_1).intoArray(c, i0 + L);
        FloatVector.fromArray(S, c, i0 + 2 * L).add(c0_2).intoArray(c, i0 + 2 * L);
        int i1 = i0 + ldc;
        FloatVector.fromArray(S, c, i1).add(c1_0).intoArray(c, i1);
        FloatVector.fromArray(S, c, i1 + L).add(c1_1).intoArray(c, i1 + L);
        FloatVector.fromArray(S, c, i1 + 2 * L).add(c1_2).intoArray(c, i1 + 2 * L);
        int i2 = i1 + ldc;
        FloatVector.fromArray(S, c, i2).add(c2_0).intoArray(c, i2);
        FloatVector.fromArray(S, c, i2 + L).add(c2_1).intoArray(c, i2 + L);
        FloatVector.fromArray(S, c, i2 + 2 * L).add(c2_2).intoArray(c, i2 + 2 * L);
    }

    /** C[0..4) x [0..2L) += A-panel * B-panel over kc steps (8 accumulators). */
    private static void kernel4x2(int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c, int cIdx, int ldc) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S);
        FloatVector c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S);
        FloatVector c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S);
        FloatVector c3_1 = FloatVector.zero(S);
        int ai = aIdx;
        int bi = bIdx;
        for (int p = 0; p < kc; p++, ai += 4, bi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector av = FloatVector.broadcast(S, pa[ai]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, pa[ai + 1]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, pa[ai + 2]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, pa[ai + 3]);
            c3_0 = av.fma(b0, c3_0);
            c3_1 = av.fma(b1, c3_1);
        }
        int i0 = cIdx;
        FloatVector.fromArray(S, c, i0).add(c0_0).intoArray(c, i0);
        FloatVector.fromArray(S, c, i0 + L).add(c0_1).intoArray(c, i0 + L);
        int i1 = i0 + ldc;
        FloatVector.fromArray(S, c, i1).add(c1_0).intoArray(c, i1);
        FloatVector.fromArray(S, c, i1 + L).add(c1_1).intoArray(c, i1 + L);
        int i2 = i1 + ldc;
        FloatVector.fromArray(S, c, i2).add(c2_0).intoArray(c, i2);
        FloatVector.fromArray(S, c, i2 + L).add(c2_1).intoArray(c, i2 + L);
        int i3 = i2 + ldc;
        FloatVector.fromArray(S, c, i3).add(c3_0).intoArray(c, i3);
        FloatVector.fromArray(S, c, i3 + L).add(c3_1).intoArray(c, i3 + L);
    }

    /** C[0..8) x [0..2L) += A-panel * B-panel over kc steps (16 accumulators). */
    private static void kernel8x2(int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c, int cIdx, int ldc) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S);
        FloatVector c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S);
        FloatVector c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S);
        FloatVector c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S);
        FloatVector c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S);
        FloatVector c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S);
        FloatVector c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S);
        FloatVector c7_1 = FloatVector.zero(S);
        int ai = aIdx;
        int bi = bIdx;
        for (int p = 0; p < kc; p++, ai += 8, bi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector av = FloatVector.broadcast(S, pa[ai]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, pa[ai + 1]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, pa[ai + 2]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, pa[ai + 3]);
            c3_0 = av.fma(b0, c3_0);
            c3_1 = av.fma(b1, c3_1);
            av = FloatVector.broadcast(S, pa[ai + 4]);
            c4_0 = av.fma(b0, c4_0);
            c4_1 = av.fma(b1, c4_1);
            av = FloatVector.broadcast(S, pa[ai + 5]);
            c5_0 = av.fma(b0, c5_0);
            c5_1 = av.fma(b1, c5_1);
            av = FloatVector.broadcast(S, pa[ai + 6]);
            c6_0 = av.fma(b0, c6_0);
            c6_1 = av.fma(b1, c6_1);
            av = FloatVector.broadcast(S, pa[ai + 7]);
            c7_0 = av.fma(b0, c7_0);
            c7_1 = av.fma(b1, c7_1);
        }
        int i0 = cIdx;
        FloatVector.fromArray(S, c, i0).add(c0_0).intoArray(c, i0);
        FloatVector.fromArray(S, c, i0 + L).add(c0_1).intoArray(c, i0 + L);
        int i1 = i0 + ldc;
        FloatVector.fromArray(S, c, i1).add(c1_0).intoArray(c, i1);
        FloatVector.fromArray(S, c, i1 + L).add(c1_1).intoArray(c, i1 + L);
        int i2 = i1 + ldc;
        FloatVector.fromArray(S, c, i2).add(c2_0).intoArray(c, i2);
        FloatVector.fromArray(S, c, i2 + L).add(c2_1).intoArray(c, i2 + L);
        int i3 = i2 + ldc;
        FloatVector.fromArray(S, c, i3).add(c3_0).intoArray(c, i3);
        FloatVector.fromArray(S, c, i3 + L).add(c3_1).intoArray(c, i3 + L);
        int i4 = i3 + ldc;
        FloatVector.fromArray(S, c, i4).add(c4_0).intoArray(c, i4);
        FloatVector.fromArray(S, c, i4 + L).add(c4_1).intoArray(c, i4 + L);
        int i5 = i4 + ldc;
        FloatVector.fromArray(S, c, i5).add(c5_0).intoArray(c, i5);
        FloatVector.fromArray(S, c, i5 + L).add(c5_1).intoArray(c, i5 + L);
        int i6 = i5 + ldc;
        FloatVector.fromArray(S, c, i6).add(c6_0).intoArray(c, i6);
        FloatVector.fromArray(S, c, i6 + L).add(c6_1).intoArray(c, i6 + L);
        int i7 = i6 + ldc;
        FloatVector.fromArray(S, c, i7).add(c7_0).intoArray(c, i7);
        FloatVector.fromArray(S, c, i7 + L).add(c7_1).intoArray(c, i7 + L);
    }

    /** C[0..12) x [0..2L) += A-panel * B-panel over kc steps (24 accumulators). */
    private static void kernel12x2(int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c, int cIdx, int ldc) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S);
        FloatVector c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S);
        FloatVector c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S);
        FloatVector c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S);
        FloatVector c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S);
        FloatVector c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S);
        FloatVector c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S);
        FloatVector c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S);
        FloatVector c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S);
        FloatVector c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S);
        FloatVector c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S);
        FloatVector c11_1 = FloatVector.zero(S);
        int ai = aIdx;
        int bi = bIdx;
        for (int p = 0; p < kc; p++, ai += 12, bi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector av = FloatVector.broadcast(S, pa[ai]);
            c0_0 = av.fma(b0, c0_0);
            c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, pa[ai + 1]);
            c1_0 = av.fma(b0, c1_0);
            c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, pa[ai + 2]);
            c2_0 = av.fma(b0, c2_0);
            c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, pa[ai + 3]);
            c3_0 = av.fma(b0, c3_0);
            c3_1 = av.fma(b1, c3_1);
            av = FloatVector.broadcast(S, pa[ai + 4]);
            c4_0 = av.fma(b0, c4_0);
            c4_1 = av.fma(b1, c4_1);
            av = FloatVector.broadcast(S, pa[ai + 5]);
            c5_0 = av.fma(b0, c5_0);
            c5_1 = av.fma(b1, c5_1);
            av = FloatVector.broadcast(S, pa[ai + 6]);
            c6_0 = av.fma(b0, c6_0);
            c6_1 = av.fma(b1, c6_1);
            av = FloatVector.broadcast(S, pa[ai + 7]);
            c7_0 = av.fma(b0, c7_0);
            c7_1 = av.fma(b1, c7_1);
            av = FloatVector.broadcast(S, pa[ai + 8]);
            c8_0 = av.fma(b0, c8_0);
            c8_1 = av.fma(b1, c8_1);
            av = FloatVector.broadcast(S, pa[ai + 9]);
            c9_0 = av.fma(b0, c9_0);
            c9_1 = av.fma(b1, c9_1);
            av = FloatVector.broadcast(S, pa[ai + 10]);
            c10_0 = av.fma(b0, c10_0);
            c10_1 = av.fma(b1, c10_1);
            av = FloatVector.broadcast(S, pa[ai + 11]);
            c11_0 = av.fma(b0, c11_0);
            c11_1 = av.fma(b1, c11_1);
        }
        int i0 = cIdx;
        FloatVector.fromArray(S, c, i0).add(c0_0).intoArray(c, i0);
        FloatVector.fromArray(S, c, i0 + L).add(c0_1).intoArray(c, i0 + L);
        int i1 = i0 + ldc;
        FloatVector.fromArray(S, c, i1).add(c1_0).intoArray(c, i1);
        FloatVector.fromArray(S, c, i1 + L).add(c1_1).intoArray(c, i1 + L);
        int i2 = i1 + ldc;
        FloatVector.fromArray(S, c, i2).add(c2_0).intoArray(c, i2);
        FloatVector.fromArray(S, c, i2 + L).add(c2_1).intoArray(c, i2 + L);
        int i3 = i2 + ldc;
        FloatVector.fromArray(S, c, i3).add(c3_0).intoArray(c, i3);
        FloatVector.fromArray(S, c, i3 + L).add(c3_1).intoArray(c, i3 + L);
        int i4 = i3 + ldc;
        FloatVector.fromArray(S, c, i4).add(c4_0).intoArray(c, i4);
        FloatVector.fromArray(S, c, i4 + L).add(c4_1).intoArray(c, i4 + L);
        int i5 = i4 + ldc;
        FloatVector.fromArray(S, c, i5).add(c5_0).intoArray(c, i5);
        FloatVector.fromArray(S, c, i5 + L).add(c5_1).intoArray(c, i5 + L);
        int i6 = i5 + ldc;
        FloatVector.fromArray(S, c, i6).add(c6_0).intoArray(c, i6);
        FloatVector.fromArray(S, c, i6 + L).add(c6_1).intoArray(c, i6 + L);
        int i7 = i6 + ldc;
        FloatVector.fromArray(S, c, i7).add(c7_0).intoArray(c, i7);
        FloatVector.fromArray(S, c, i7 + L).add(c7_1).intoArray(c, i7 + L);
        int i8 = i7 + ldc;
        FloatVector.fromArray(S, c, i8).add(c8_0).intoArray(c, i8);
        FloatVector.fromArray(S, c, i8 + L).add(c8_1).intoArray(c, i8 + L);
        int i9 = i8 + ldc;
        FloatVector.fromArray(S, c, i9).add(c9_0).intoArray(c, i9);
        FloatVector.fromArray(S, c, i9 + L).add(c9_1).intoArray(c, i9 + L);
        int i10 = i9 + ldc;
        FloatVector.fromArray(S, c, i10).add(c10_0).intoArray(c, i10);
        FloatVector.fromArray(S, c, i10 + L).add(c10_1).intoArray(c, i10 + L);
        int i11 = i10 + ldc;
        FloatVector.fromArray(S, c, i11).add(c11_0).intoArray(c, i11);
        FloatVector.fromArray(S, c, i11 + L).add(c11_1).intoArray(c, i11 + L);
    }
}
