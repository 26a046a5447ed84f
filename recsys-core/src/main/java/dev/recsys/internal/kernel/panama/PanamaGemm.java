package dev.recsys.internal.kernel.panama;

import dev.recsys.internal.kernel.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-blocked sgemm on the Vector API, after Goto and van de Geijn, "Anatomy of
 * High-Performance Matrix Multiplication" (ACM TOMS 34(3), 2008): op(B) is packed in KC x NC
 * blocks of NR-column micro-panels, op(A) (scaled by alpha) in MC x KC blocks of MR-row
 * micro-panels, and an MR x NR micro-kernel keeps its C tile in MR * 2 vector registers while it
 * walks the K dimension with one broadcast of A and two vector loads of B per step.
 *
 * <p>Thread safety: stateless, thread-safe (packing buffers are allocated per call).
 */
final class PanamaGemm {
    private static final VectorSpecies<Float> S = PanamaKernels.S;
    private static final int L = PanamaKernels.L;
    /** Rows of the micro-tile. */
    static final int MR = 8;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block: an MR x KC A micro-panel (8 KB) stays in L1. */
    static final int KC = 256;
    /** Rows of a packed A block (MC x KC = 128 KB, in L2). */
    static final int MC = 128;
    /** Columns of a packed B block (KC x NC = 2 MB at most). */
    static final int NC = 2048;
    /** Below this many multiply-adds the packing does not pay off. */
    private static final long SMALL = 8 * 8 * 8;

    private PanamaGemm() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
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
        int kcMax = Math.min(k, KC);
        int ncMax = Math.min(roundUp(n, NR), NC);
        int mcMax = Math.min(roundUp(m, MR), MC);
        float[] pb = new float[kcMax * ncMax];
        float[] pa = new float[mcMax * kcMax];
        float[] tile = new float[MR * NR];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, pa);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            int cIdx = cOff + (ic + ir) * ldc + jc + jr;
                            if (rows == MR && cols == NR) {
                                kernel(kc, pa, ir * kc, pb, jr * kc, c, cIdx, ldc);
                            } else {
                                java.util.Arrays.fill(tile, 0f);
                                kernel(kc, pa, ir * kc, pb, jr * kc, tile, 0, NR);
                                for (int r = 0; r < rows; r++) {
                                    int ci = cIdx + r * ldc;
                                    for (int j = 0; j < cols; j++) {
                                        c[ci + j] += tile[r * NR + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }

    /**
     * Packs op(B)[pc .. pc+kc) x [jc .. jc+nc) into NR-column micro-panels: panel q holds
     * {@code pb[q*NR*kc + p*NR + j]}, zero-padded past column nc.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              float[] pb) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + jr;
                    int dst = base + p * NR;
                    System.arraycopy(b, src, pb, dst, cols);
                    for (int j = cols; j < NR; j++) {
                        pb[dst + j] = 0f;
                    }
                }
            } else {
                // op(B)(p, j) = B(j, p): row j of B is contiguous in p
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        pb[base + p * NR + j] = b[src + p];
                    }
                }
                for (int j = cols; j < NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        pb[base + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs alpha * op(A)[ic .. ic+mc) x [pc .. pc+kc) into MR-row micro-panels: panel starting at
     * row ir holds {@code pa[ir*kc + p*MR + r]}, zero-padded past row mc.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              float alpha, float[] pa) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (!transA) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        pa[base + p * MR + r] = alpha * a[src + p];
                    }
                }
            } else {
                // op(A)(i, p) = A(p, i): row p of A is contiguous in i
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + ir;
                    int dst = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        pa[dst + r] = alpha * a[src + r];
                    }
                }
            }
            if (rows < MR) {
                for (int p = 0; p < kc; p++) {
                    for (int r = rows; r < MR; r++) {
                        pa[base + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /** C[0..MR) x [0..NR) += A-panel * B-panel over kc steps; C at cIdx with leading dimension ldc. */
    private static void kernel(int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c, int cIdx, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        int ai = aIdx;
        int bi = bIdx;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector av = FloatVector.broadcast(S, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, pa[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, pa[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        // written out (no helper): C2's inlining budget is exhausted by here, and a non-inlined
        // helper taking vectors would box them
        FloatVector.fromArray(S, c, cIdx).add(c00).intoArray(c, cIdx);
        FloatVector.fromArray(S, c, cIdx + L).add(c01).intoArray(c, cIdx + L);
        FloatVector.fromArray(S, c, cIdx + ldc).add(c10).intoArray(c, cIdx + ldc);
        FloatVector.fromArray(S, c, cIdx + ldc + L).add(c11).intoArray(c, cIdx + ldc + L);
        FloatVector.fromArray(S, c, cIdx + 2 * ldc).add(c20).intoArray(c, cIdx + 2 * ldc);
        FloatVector.fromArray(S, c, cIdx + 2 * ldc + L).add(c21).intoArray(c, cIdx + 2 * ldc + L);
        FloatVector.fromArray(S, c, cIdx + 3 * ldc).add(c30).intoArray(c, cIdx + 3 * ldc);
        FloatVector.fromArray(S, c, cIdx + 3 * ldc + L).add(c31).intoArray(c, cIdx + 3 * ldc + L);
        FloatVector.fromArray(S, c, cIdx + 4 * ldc).add(c40).intoArray(c, cIdx + 4 * ldc);
        FloatVector.fromArray(S, c, cIdx + 4 * ldc + L).add(c41).intoArray(c, cIdx + 4 * ldc + L);
        FloatVector.fromArray(S, c, cIdx + 5 * ldc).add(c50).intoArray(c, cIdx + 5 * ldc);
        FloatVector.fromArray(S, c, cIdx + 5 * ldc + L).add(c51).intoArray(c, cIdx + 5 * ldc + L);
        FloatVector.fromArray(S, c, cIdx + 6 * ldc).add(c60).intoArray(c, cIdx + 6 * ldc);
        FloatVector.fromArray(S, c, cIdx + 6 * ldc + L).add(c61).intoArray(c, cIdx + 6 * ldc + L);
        FloatVector.fromArray(S, c, cIdx + 7 * ldc).add(c70).intoArray(c, cIdx + 7 * ldc);
        FloatVector.fromArray(S, c, cIdx + 7 * ldc + L).add(c71).intoArray(c, cIdx + 7 * ldc + L);
    }
}
