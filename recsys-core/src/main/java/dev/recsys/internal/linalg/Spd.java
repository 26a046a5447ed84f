package dev.recsys.internal.linalg;

import dev.recsys.internal.kernel.FloatKernels;
import dev.recsys.internal.kernel.Kernels;
import dev.recsys.internal.parallel.Parallel;
import dev.recsys.spi.TrainingListener;
import java.util.Arrays;
import java.util.Map;

/**
 * The one solver for symmetric positive definite float systems: Cholesky factorisation
 * {@code A = U^T U} (U upper triangular, kept in rows so that every inner loop runs along
 * contiguous memory), the solves that go with it, and the in-place inverse of a large matrix.
 *
 * <p>Small systems (the k x k normal equations of ALS, implicit ALS and fold-in, k up to a few
 * hundred): {@link #factor} is right-looking and blocked by {@value #PANEL} rows, each panel's
 * trailing update one rank-{@value #PANEL} {@link FloatKernels#gramUpdate}; {@link #solve} uses
 * axpy (forward) and dot (backward) on rows of U; {@link #solveRidged} retries with a growing
 * ridge when float rounding makes a regularised system lose definiteness.
 *
 * <p>Large matrices (the item x item Gram matrix of EASE): {@link #invertInPlace} works on
 * {@value #NB} x {@value #NB} tiles. It factors by block rows (factor the diagonal tile, solve
 * the block row right of it through the diagonal tile's inverse, subtract its product from the
 * trailing upper triangle), inverts U block row by block row from the bottom ({@code V = U^-1}),
 * and forms {@code A^-1 = V V^T} block row by block row from the top; every product is one
 * {@link FloatKernels#gemm} on a tile or a block row, and each step's tiles are independent
 * tasks on a {@link Parallel} runner. About {@code n^3 / 2} multiply-adds in all (a third in each
 * phase). Tasks are cut by tile, never by thread count, so the result is bit-identical for any
 * number of threads. The tile products run on {@link Kernels#bestJava()}, never on jblas, whose
 * JNI calls copy the whole n x n array in and out and so cannot share it between threads.
 *
 * <p>Thread safety: stateless, thread-safe; concurrent calls must use distinct arrays.
 */
public final class Spd {
    /** Rows per panel of the small factorisation (one 4-row pass of gramUpdate). */
    static final int PANEL = 4;
    /** Tile order of the blocked inverse: one gemm depth block (its K), so that tile products are one pass. */
    public static final int NB = 256;
    /** The progress stage of {@link #invertInPlace}. */
    public static final String STAGE = "inverse";

    private static final float[] MINUS_ONES = {-1f, -1f, -1f, -1f};

    private Spd() {
    }

    /**
     * Factorises A in place: on return the upper triangle (diagonal included) holds U with
     * {@code A = U^T U}. Only the upper triangle of A is read, so a matrix with both triangles
     * filled or only the upper one will do. The strict lower triangle is used as scratch and
     * overwritten.
     *
     * @param a   the matrix. Modified.
     * @param off index of A(0, 0)
     * @param lda leading dimension (>= n)
     * @param n   order of A (>= 0)
     * @return false if A is not (numerically) positive definite: a pivot was not finite and
     *         positive. A is then partly overwritten.
     * @throws IllegalArgumentException if n is negative or lda &lt; n
     */
    public static boolean factor(float[] a, int off, int lda, int n) {
        checkShape(lda, n);
        FloatKernels k = Kernels.get();
        for (int j = 0; j < n; j += PANEL) {
            int nb = Math.min(PANEL, n - j);
            // factor the panel rows j .. j+nb-1, updating only rows of the panel
            for (int t = 0; t < nb; t++) {
                int r = j + t;
                int rowR = off + r * lda;
                float d = a[rowR + r];
                if (!(d > 0f) || d == Float.POSITIVE_INFINITY) {
                    return false;
                }
                float u = (float) Math.sqrt(d);
                a[rowR + r] = u;
                k.scale(n - r - 1, 1f / u, a, rowR + r + 1);
                for (int q = r + 1; q < j + nb; q++) {
                    // row q of the panel: A[q][q..n) -= U[r][q] * U[r][q..n)
                    k.axpy(n - q, -a[rowR + q], a, rowR + q, a, off + q * lda + q);
                }
            }
            int rest = n - j - nb;
            if (rest > 0) {
                // trailing block A[j+nb.., j+nb..] -= P^T P, P the panel's rows right of it
                k.gramUpdate(rest, nb, a, off + j * lda + j + nb, lda, null, 0, MINUS_ONES, 0,
                        a, off + (j + nb) * lda + j + nb, lda);
            }
        }
        return true;
    }

    /**
     * Solves {@code U^T U x = b} in place, with U from {@link #factor}.
     *
     * @param u    the factor (upper triangle read). Not modified.
     * @param off  index of U(0, 0)
     * @param lda  leading dimension (>= n)
     * @param n    order
     * @param b    right-hand side on entry, solution on return. Modified.
     * @param bOff index of b(0)
     * @throws IllegalArgumentException if n is negative or lda &lt; n
     */
    public static void solve(float[] u, int off, int lda, int n, float[] b, int bOff) {
        checkShape(lda, n);
        FloatKernels k = Kernels.get();
        // forward: U^T y = b, column-oriented on U^T = row-oriented on U
        for (int i = 0; i < n; i++) {
            int rowI = off + i * lda;
            float yi = b[bOff + i] / u[rowI + i];
            b[bOff + i] = yi;
            k.axpy(n - i - 1, -yi, u, rowI + i + 1, b, bOff + i + 1);
        }
        // backward: U x = y
        for (int i = n - 1; i >= 0; i--) {
            int rowI = off + i * lda;
            b[bOff + i] = (b[bOff + i] - k.dot(u, rowI + i + 1, b, bOff + i + 1, n - i - 1)) / u[rowI + i];
        }
    }

    /**
     * Solves {@code A x = b} for a symmetric positive definite A, overwriting A with its factor.
     *
     * @param a    the matrix (upper triangle read; lower triangle scratch), its Cholesky factor on
     *             return. Modified.
     * @param off  index of A(0, 0)
     * @param lda  leading dimension (>= n)
     * @param n    order
     * @param b    right-hand side on entry, solution on return (unchanged if false is returned).
     *             Modified.
     * @param bOff index of b(0)
     * @return false if A is not positive definite (then b is unchanged)
     * @throws IllegalArgumentException if n is negative or lda &lt; n
     */
    public static boolean solveSpd(float[] a, int off, int lda, int n, float[] b, int bOff) {
        if (!factor(a, off, lda, n)) {
            return false;
        }
        solve(a, off, lda, n, b, bOff);
        return true;
    }

    /**
     * Solves the regularised SPD system {@code A x = b} (n x n, dense, leading dimension n),
     * adding a growing ridge to the diagonal if A is not numerically positive definite: the
     * regularised systems of ALS and fold-in are never singular, but float rounding on nearly
     * collinear factors must not produce NaN. If even a large ridge fails (non-finite input), b is
     * set to zeros, the neutral solution.
     *
     * @param a     n x n row-major, upper triangle read; overwritten by the factor. Modified.
     * @param aCopy scratch of at least n * n floats. Modified.
     * @param n     order
     * @param b     right-hand side, overwritten by the solution. Modified.
     * @throws IllegalArgumentException if n is negative
     */
    public static void solveRidged(float[] a, float[] aCopy, int n, float[] b) {
        System.arraycopy(a, 0, aCopy, 0, n * n);
        float ridge = 0f;
        float maxDiag = 0f;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i]));
        }
        for (int attempt = 0; attempt < 30; attempt++) {
            if (factor(a, 0, n, n)) {
                solve(a, 0, n, n, b, 0);
                return;
            }
            ridge = ridge == 0f ? Math.max(1e-6f, 1e-6f * maxDiag) : ridge * 10f;
            System.arraycopy(aCopy, 0, a, 0, n * n);
            for (int i = 0; i < n; i++) {
                a[i * n + i] += ridge;
            }
        }
        Arrays.fill(b, 0, n, 0f);
    }

    /**
     * Replaces the n x n row-major symmetric positive definite matrix {@code a} by its inverse
     * (both triangles written; only the upper triangle of A is read). Blocked, multi-threaded
     * (see the class comment); the result does not depend on the thread count of {@code par}.
     * Scratch: {@value #NB} x n floats plus two tiles per running task.
     *
     * <p>Progress: one {@code onProgress} call of stage {@value #STAGE} per block row and phase,
     * from the calling thread, in order: steps 1 .. 3 b for {@code b = ceil(n / }{@value #NB}{@code )}
     * (factor, triangular inverse, product).
     *
     * @param a        the matrix on entry (at least n * n floats), its inverse on return.
     *                 Modified (garbage if false is returned).
     * @param n        order (>= 0)
     * @param par      the threads to use; null for the calling thread only
     * @param listener progress receiver; null for none
     * @return false if A is not (numerically) positive definite
     * @throws IllegalArgumentException if n is negative or a holds fewer than n * n floats
     */
    public static boolean invertInPlace(float[] a, int n, Parallel par, TrainingListener listener) {
        if (n < 0 || a == null || a.length < (long) n * n) {
            throw new IllegalArgumentException("need n >= 0 and a of at least n * n floats, got n " + n
                    + (a == null ? " and no array" : " and " + a.length + " floats"));
        }
        if (n == 0) {
            return true;
        }
        Parallel p = par == null ? Parallel.SEQUENTIAL : par;
        TrainingListener l = listener == null ? TrainingListener.NONE : listener;
        int nblk = (n + NB - 1) / NB;
        float[] w = new float[NB * NB];
        float[] row = new float[Math.min(NB, n) * n];
        if (!factorBlocked(a, n, nblk, w, p, l)) {
            return false;
        }
        invertFactor(a, n, nblk, w, row, p, l);
        multiplyInverse(a, n, nblk, row, p, l);
        mirrorUpper(a, n, nblk, p);
        return true;
    }

    /** A = U^T U by block rows; on return the diagonal tiles' strict lower triangles are zero. */
    private static boolean factorBlocked(float[] a, int n, int nblk, float[] w, Parallel p, TrainingListener l) {
        FloatKernels k = Kernels.bestJava();
        for (int kb = 0; kb < nblk; kb++) {
            int k0 = kb * NB;
            int kw = Math.min(NB, n - k0);
            int k1 = k0 + kw;
            int diag = k0 * n + k0;
            if (!factor(a, diag, n, kw)) {
                return false;
            }
            zeroStrictLower(a, diag, n, kw);
            if (k1 < n) {
                upperInverse(a, diag, n, kw, w);
                // the block row right of the diagonal: U_kj = U_kk^-T A_kj, one column tile per task
                p.forEach(nblk - kb - 1, (worker, t) -> {
                    int c0 = k1 + t * NB;
                    int cw = Math.min(NB, n - c0);
                    float[] tile = new float[kw * cw];
                    for (int r = 0; r < kw; r++) {
                        System.arraycopy(a, (k0 + r) * n + c0, tile, r * cw, cw);
                    }
                    k.gemm(true, false, kw, cw, kw, 1f, w, 0, kw, tile, 0, cw, 0f, a, k0 * n + c0, n);
                });
                // trailing update of the upper part, one block row per task:
                // A[i, i..) -= U[k, i]^T U[k, i..)
                p.forEach(nblk - kb - 1, (worker, t) -> {
                    int i0 = k1 + t * NB;
                    int iw = Math.min(NB, n - i0);
                    k.gemm(true, false, iw, n - i0, kw, -1f, a, k0 * n + i0, n, a, k0 * n + i0, n,
                            1f, a, i0 * n + i0, n);
                });
            }
            l.onProgress(STAGE, kb + 1, 3 * nblk, Map.of());
        }
        return true;
    }

    /**
     * V = U^-1 in place, block rows from the bottom: {@code V_ii = U_ii^-1} and, for j > i,
     * {@code V_ij = -V_ii sum_{m=i+1..j} U_im V_mj} (rows below i already hold V).
     */
    private static void invertFactor(float[] a, int n, int nblk, float[] w, float[] row, Parallel p,
                                     TrainingListener l) {
        FloatKernels k = Kernels.bestJava();
        for (int ib = nblk - 1; ib >= 0; ib--) {
            int i0 = ib * NB;
            int iw = Math.min(NB, n - i0);
            int i1 = i0 + iw;
            upperInverse(a, i0 * n + i0, n, iw, w);
            int rest = n - i1;
            if (rest > 0) {
                // the tasks overwrite block row i: they read U's part of it from a copy
                for (int r = 0; r < iw; r++) {
                    System.arraycopy(a, (i0 + r) * n + i1, row, r * rest, rest);
                }
                p.forEach(nblk - ib - 1, (worker, t) -> {
                    int j0 = i1 + t * NB;
                    int jw = Math.min(NB, n - j0);
                    float[] tile = new float[iw * jw];
                    k.gemm(false, false, iw, jw, j0 + jw - i1, 1f, row, 0, rest, a, i1 * n + j0, n,
                            0f, tile, 0, jw);
                    k.gemm(false, false, iw, jw, iw, -1f, w, 0, iw, tile, 0, jw, 0f, a, i0 * n + j0, n);
                });
            }
            for (int r = 0; r < iw; r++) {
                System.arraycopy(w, r * iw, a, (i0 + r) * n + i0, iw);
            }
            l.onProgress(STAGE, 2 * nblk - ib, 3 * nblk, Map.of());
        }
    }

    /**
     * The upper triangle of {@code V V^T} in place, block rows from the top:
     * {@code P_ij = sum_{m >= j} V_im V_jm^T} for j >= i (rows below i still hold V).
     */
    private static void multiplyInverse(float[] a, int n, int nblk, float[] row, Parallel p, TrainingListener l) {
        FloatKernels k = Kernels.bestJava();
        for (int ib = 0; ib < nblk; ib++) {
            int i0 = ib * NB;
            int iw = Math.min(NB, n - i0);
            int rest = n - i0;
            for (int r = 0; r < iw; r++) {
                System.arraycopy(a, (i0 + r) * n + i0, row, r * rest, rest);
            }
            p.forEach(nblk - ib, (worker, t) -> {
                int j0 = i0 + t * NB;
                int jw = Math.min(NB, n - j0);
                // V_j, from the copy when j == i (the tasks overwrite block row i)
                float[] b = t == 0 ? row : a;
                int bOff = t == 0 ? 0 : j0 * n + j0;
                int ldb = t == 0 ? rest : n;
                k.gemm(false, true, iw, jw, n - j0, 1f, row, j0 - i0, rest, b, bOff, ldb, 0f, a, i0 * n + j0, n);
            });
            l.onProgress(STAGE, 2 * nblk + ib + 1, 3 * nblk, Map.of());
        }
    }

    /** Copies the upper triangle onto the lower one, one block row of the lower part per task. */
    private static void mirrorUpper(float[] a, int n, int nblk, Parallel p) {
        p.forEach(nblk, (worker, ib) -> {
            int i0 = ib * NB;
            int i1 = Math.min(n, i0 + NB);
            for (int j0 = 0; j0 < i1; j0 += NB) {
                int j1 = Math.min(i1, j0 + NB);
                for (int i = i0; i < i1; i++) {
                    int end = Math.min(j1, i);
                    for (int j = j0; j < end; j++) {
                        a[i * n + j] = a[j * n + i];
                    }
                }
            }
        });
    }

    /**
     * Writes the inverse of the upper triangular m x m matrix at {@code u[off..]} (leading
     * dimension ld, upper triangle read) into {@code w[0 .. m*m)} (leading dimension m), its
     * strict lower triangle zero. Row by row from the bottom:
     * {@code W[i][i..) = (e_i - sum_{q>i} U[i][q] W[q][i..)) / U[i][i]}.
     */
    static void upperInverse(float[] u, int off, int ld, int m, float[] w) {
        FloatKernels k = Kernels.get();
        Arrays.fill(w, 0, m * m, 0f);
        for (int i = m - 1; i >= 0; i--) {
            int ui = off + i * ld;
            int wi = i * m;
            for (int q = i + 1; q < m; q++) {
                k.axpy(m - q, -u[ui + q], w, q * m + q, w, wi + q);
            }
            float inv = 1f / u[ui + i];
            k.scale(m - i - 1, inv, w, wi + i + 1);
            w[wi + i] = inv;
        }
    }

    private static void zeroStrictLower(float[] a, int off, int ld, int m) {
        for (int i = 1; i < m; i++) {
            Arrays.fill(a, off + i * ld, off + i * ld + i, 0f);
        }
    }

    private static void checkShape(int lda, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (lda < n) {
            throw new IllegalArgumentException("lda must be >= n = " + n + ", got " + lda);
        }
    }
}
