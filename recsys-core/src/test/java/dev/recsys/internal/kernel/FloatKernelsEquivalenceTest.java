package dev.recsys.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every implementation that runs in this JVM against a double-precision naive reference and
 * against {@link ScalarKernels}: random shapes, lengths that are not multiples of the vector width,
 * zero lengths, offsets, leading dimensions larger than the row length, transposes, and NaN in
 * outputs that beta = 0 must overwrite.
 */
class FloatKernelsEquivalenceTest {
    /** Lengths around the vector widths (4, 8, 16 lanes) and the unroll factors. */
    private static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65,
        100, 127, 128, 129, 255, 257, 1000, 1024, 1031};
    /** Matrix dimensions: tiny, around the micro-tiles (3 to 12 rows, 12 to 48 columns) and the blockings. */
    private static final int[] DIMS = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 64, 67, 129, 130, 257, 300};

    static Stream<FloatKernels> impls() {
        return Kernels.available().stream();
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static void assertClose(String what, float actual, double expected, double absSum) {
        double tol = 2e-5 * absSum + 1e-6;
        assertThat((double) actual).as(what).isCloseTo(expected, org.assertj.core.data.Offset.offset(tol));
    }

    @ParameterizedTest
    @MethodSource("impls")
    void dotAndSumSquaresMatchReference(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int n : LENGTHS) {
            int aOff = rnd.nextInt(4);
            int bOff = rnd.nextInt(4);
            float[] a = random(rnd, aOff + n + 3);
            float[] b = random(rnd, bOff + n + 2);
            double ref = 0;
            double abs = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                ref += (double) a[aOff + i] * b[bOff + i];
                abs += Math.abs((double) a[aOff + i] * b[bOff + i]);
                sq += (double) a[aOff + i] * a[aOff + i];
            }
            assertClose(k.name() + " dot n=" + n, k.dot(a, aOff, b, bOff, n), ref, abs);
            assertClose(k.name() + " dot vs scalar n=" + n, k.dot(a, aOff, b, bOff, n),
                    ScalarKernels.INSTANCE.dot(a, aOff, b, bOff, n), abs);
            assertClose(k.name() + " sumSquares n=" + n, k.sumSquares(a, aOff, n), sq, sq);
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void axpyAndScaleTouchOnlyTheirRange(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int n : LENGTHS) {
            int xOff = rnd.nextInt(4);
            int yOff = rnd.nextInt(4);
            float[] x = random(rnd, xOff + n + 3);
            float[] y = random(rnd, yOff + n + 3);
            float[] expect = y.clone();
            float alpha = (float) rnd.nextDouble(-2, 2);
            for (int i = 0; i < n; i++) {
                expect[yOff + i] = (float) (y[yOff + i] + (double) alpha * x[xOff + i]);
            }
            float[] xCopy = x.clone();
            k.axpy(n, alpha, x, xOff, y, yOff);
            assertThat(x).isEqualTo(xCopy);
            for (int i = 0; i < y.length; i++) {
                assertClose(k.name() + " axpy n=" + n + " i=" + i, y[i], expect[i], 3);
            }
            float[] s = expect.clone();
            k.scale(n, alpha, s, yOff);
            for (int i = 0; i < s.length; i++) {
                boolean in = i >= yOff && i < yOff + n;
                assertThat(s[i]).as(k.name() + " scale n=" + n + " i=" + i)
                        .isEqualTo(in ? alpha * expect[i] : expect[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemvMatchesReference(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 120; trial++) {
            boolean trans = rnd.nextBoolean();
            int m = DIMS[rnd.nextInt(DIMS.length)];
            int n = DIMS[rnd.nextInt(DIMS.length)];
            int lda = n + (rnd.nextBoolean() ? 0 : rnd.nextInt(1, 5));
            int aOff = rnd.nextInt(3);
            int xOff = rnd.nextInt(3);
            int yOff = rnd.nextInt(3);
            float alpha = (float) rnd.nextDouble(-2, 2);
            float beta = switch (rnd.nextInt(3)) {
                case 0 -> 0f;
                case 1 -> 1f;
                default -> (float) rnd.nextDouble(-2, 2);
            };
            int xLen = trans ? m : n;
            int yLen = trans ? n : m;
            float[] a = random(rnd, aOff + m * lda + 1);
            float[] x = random(rnd, xOff + xLen + 1);
            float[] y = random(rnd, yOff + yLen + 2);
            if (beta == 0f && yLen > 0) {
                y[yOff] = Float.NaN;
            }
            float[] y0 = y.clone();
            float[] yScalar = y.clone();
            k.gemv(trans, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
            ScalarKernels.INSTANCE.gemv(trans, m, n, alpha, a, aOff, lda, x, xOff, beta, yScalar, yOff);
            String what = k.name() + " gemv trans=" + trans + " " + m + "x" + n + " lda=" + lda + " beta=" + beta;
            for (int i = 0; i < yLen; i++) {
                double ref = beta == 0f ? 0 : (double) beta * y0[yOff + i];
                double abs = beta == 0f ? 0 : Math.abs(ref);
                for (int j = 0; j < xLen; j++) {
                    double aij = trans ? a[aOff + j * lda + i] : a[aOff + i * lda + j];
                    ref += alpha * aij * x[xOff + j];
                    abs += Math.abs(alpha * aij * x[xOff + j]);
                }
                assertClose(what + " i=" + i, y[yOff + i], ref, abs);
                assertClose(what + " vs scalar i=" + i, y[yOff + i], yScalar[yOff + i], abs);
            }
            assertUntouched(what, y0, y, yOff, yLen);
        }
    }

    private static void assertUntouched(String what, float[] before, float[] after, int off, int len) {
        for (int i = 0; i < before.length; i++) {
            if (i < off || i >= off + len) {
                assertThat(Float.floatToIntBits(after[i])).as(what + " outside range i=" + i)
                        .isEqualTo(Float.floatToIntBits(before[i]));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gemmMatchesReferenceForAllTransposes(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int trial = 0; trial < 80; trial++) {
            boolean ta = rnd.nextBoolean();
            boolean tb = rnd.nextBoolean();
            int m = DIMS[rnd.nextInt(DIMS.length)];
            int n = DIMS[rnd.nextInt(DIMS.length)];
            int kk = DIMS[rnd.nextInt(DIMS.length)];
            checkGemm(k, rnd, ta, tb, m, n, kk);
        }
        // K larger than one packed block, M and N not multiples of the tile, every transpose
        for (int t = 0; t < 4; t++) {
            checkGemm(k, rnd, (t & 1) != 0, (t & 2) != 0, 137, 75, 600);
        }
    }

    /** The name, with the gemm tile for the vector kernels ({@code vector[6x16]}). */
    private static String label(FloatKernels k) {
        return k.name().equals("vector") ? k.toString() : k.name();
    }

    /** The scalar kernels and the vector kernels once per gemm micro-tile (not only this host's). */
    static Stream<FloatKernels> everyGemmTile() {
        return Stream.concat(Stream.of(ScalarKernels.INSTANCE), Kernels.vectorEveryGemmTile().stream());
    }

    @ParameterizedTest
    @MethodSource("everyGemmTile")
    void gemmMatchesReferenceForEveryTileShape(FloatKernels k) {
        // dimensions around every tile (MR 4..14 rows, NR 1..4 vectors of 4..16 floats) and the
        // blockings (KC 64..256, MC up to 120), odd sizes, every transpose, alpha and beta cases
        int[] ms = {1, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 25, 29, 119, 121, 127, 250};
        int[] ns = {1, 4, 7, 8, 9, 12, 16, 17, 24, 31, 32, 33, 48, 49, 64, 65, 95, 129};
        int[] ks = {1, 2, 9, 63, 64, 65, 85, 128, 129, 257, 300};
        SplittableRandom rnd = new SplittableRandom(23);
        for (int trial = 0; trial < 60; trial++) {
            checkGemm(k, rnd, rnd.nextBoolean(), rnd.nextBoolean(), ms[rnd.nextInt(ms.length)],
                    ns[rnd.nextInt(ns.length)], ks[rnd.nextInt(ks.length)]);
        }
        for (int t = 0; t < 4; t++) {
            checkGemm(k, rnd, (t & 1) != 0, (t & 2) != 0, 131, 97, 270);
        }
    }

    @ParameterizedTest
    @MethodSource("everyGemmTile")
    void syrkMatchesGemmForEveryTileShape(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(29);
        for (int[] nk : new int[][] {{300, 64}, {37, 13}, {129, 50}}) {
            int n = nk[0];
            int kk = nk[1];
            float[] y = random(rnd, n * kk);
            float[] g = random(rnd, kk * kk);
            float[] ref = g.clone();
            k.syrk(n, kk, 0.5f, y, 0, kk, 2f, g, 0, kk);
            ScalarKernels.INSTANCE.gemm(true, false, kk, kk, n, 0.5f, y, 0, kk, y, 0, kk, 2f, ref, 0, kk);
            for (int i = 0; i < kk * kk; i++) {
                assertClose(label(k) + " syrk " + n + "x" + kk + " [" + i + "]", g[i], ref[i], 1e-1 * n);
            }
        }
    }

    private static void checkGemm(FloatKernels k, SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int kk) {
        int aRows = ta ? kk : m;
        int aCols = ta ? m : kk;
        int bRows = tb ? n : kk;
        int bCols = tb ? kk : n;
        int lda = aCols + (rnd.nextBoolean() ? 0 : rnd.nextInt(1, 4));
        int ldb = bCols + (rnd.nextBoolean() ? 0 : rnd.nextInt(1, 4));
        int ldc = n + (rnd.nextBoolean() ? 0 : rnd.nextInt(1, 4));
        int aOff = rnd.nextInt(3);
        int bOff = rnd.nextInt(3);
        int cOff = rnd.nextInt(3);
        float alpha = rnd.nextBoolean() ? 1f : (float) rnd.nextDouble(-2, 2);
        float beta = switch (rnd.nextInt(3)) {
            case 0 -> 0f;
            case 1 -> 1f;
            default -> (float) rnd.nextDouble(-2, 2);
        };
        float[] a = random(rnd, aOff + aRows * lda + 1);
        float[] b = random(rnd, bOff + bRows * ldb + 1);
        float[] c = random(rnd, cOff + m * ldc + 1);
        if (beta == 0f && m > 0 && n > 0) {
            c[cOff] = Float.NaN;
        }
        float[] c0 = c.clone();
        float[] cs = c.clone();
        float[] a0 = a.clone();
        float[] b0 = b.clone();
        k.gemm(ta, tb, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        ScalarKernels.INSTANCE.gemm(ta, tb, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, cs, cOff, ldc);
        String what = label(k) + " gemm ta=" + ta + " tb=" + tb + " " + m + "x" + n + "x" + kk + " beta=" + beta;
        assertThat(a).as(what + " A unchanged").isEqualTo(a0);
        assertThat(b).as(what + " B unchanged").isEqualTo(b0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = beta == 0f ? 0 : (double) beta * c0[cOff + i * ldc + j];
                double abs = Math.abs(ref);
                for (int p = 0; p < kk; p++) {
                    double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    ref += alpha * av * bv;
                    abs += Math.abs(alpha * av * bv);
                }
                assertClose(what + " (" + i + "," + j + ")", c[cOff + i * ldc + j], ref, abs);
                assertClose(what + " vs scalar (" + i + "," + j + ")", c[cOff + i * ldc + j], cs[cOff + i * ldc + j], abs);
            }
        }
        // padding between rows (ldc > n) and around the block is untouched
        for (int i = 0; i < c.length; i++) {
            int rel = i - cOff;
            boolean inside = rel >= 0 && rel < m * ldc && rel % ldc < n;
            if (!inside) {
                assertThat(Float.floatToIntBits(c[i])).as(what + " untouched " + i)
                        .isEqualTo(Float.floatToIntBits(c0[i]));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void scoreRowsMatchesDot(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int dim : new int[] {0, 1, 3, 8, 16, 17, 32, 64, 65, 100}) {
            int rows = rnd.nextInt(0, 40);
            float[] y = random(rnd, rows * dim + 2);
            int vOff = rnd.nextInt(3);
            float[] v = random(rnd, vOff + dim);
            float[] out = new float[rows + 3];
            Arrays.fill(out, Float.NaN);
            k.scoreRows(y, rows, dim, v, vOff, out, 2);
            for (int r = 0; r < rows; r++) {
                double ref = 0;
                double abs = 0;
                for (int j = 0; j < dim; j++) {
                    ref += (double) y[r * dim + j] * v[vOff + j];
                    abs += Math.abs((double) y[r * dim + j] * v[vOff + j]);
                }
                assertClose(k.name() + " scoreRows dim=" + dim + " r=" + r, out[2 + r], ref, abs);
            }
            assertThat(out[0]).isNaN();
            assertThat(out[rows + 2]).isNaN();
        }
    }

    /**
     * A row's score has the same bits wherever the row sits: in any of the four places of a block
     * of rows (whose lane sums the vector kernels share) or among the rows left over after the
     * blocks; ranking must not depend on an item's position in the catalogue.
     */
    @ParameterizedTest
    @MethodSource("impls")
    void aRowsScoreDoesNotDependOnItsPosition(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int dim : new int[] {4, 8, 16, 17, 32, 64, 65, 128}) {
            float[] probe = random(rnd, dim);
            float[] v = random(rnd, dim);
            Float expected = null;
            for (int rows : new int[] {1, 3, 4, 7, 8}) {
                for (int at = 0; at < rows; at++) {
                    float[] m = random(rnd, rows * dim);
                    System.arraycopy(probe, 0, m, at * dim, dim);
                    float[] out = new float[rows];
                    k.scoreRows(m, rows, dim, v, 0, out, 0);
                    if (expected == null) {
                        expected = out[at];
                    }
                    assertThat(Float.floatToIntBits(out[at])).as("%s dim=%d rows=%d at=%d", k.name(), dim, rows, at)
                            .isEqualTo(Float.floatToIntBits(expected));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void scoreTopKEqualsSortingAllScores(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(6);
        for (int trial = 0; trial < 40; trial++) {
            int dim = new int[] {1, 5, 16, 33, 64}[rnd.nextInt(5)];
            int rows = rnd.nextInt(0, 2000);
            int from = rows == 0 ? 0 : rnd.nextInt(rows);
            int to = from + (rows == from ? 0 : rnd.nextInt(rows - from + 1));
            int topK = new int[] {0, 1, 3, 10, 50, 5000}[rnd.nextInt(6)];
            float[] y = random(rnd, rows * dim);
            // duplicate rows so that ties occur and must be broken by the lower index
            for (int r = 1; r < rows; r += 7) {
                System.arraycopy(y, (r - 1) * dim, y, r * dim, dim);
            }
            if (rows > 3) {
                y[3 * dim] = Float.NaN; // row 3 scores NaN: never selected
            }
            float[] v = random(rnd, dim);
            float[] scores = new float[rows];
            k.scoreRows(y, rows, dim, v, 0, scores, 0);
            boolean withExclusion = rnd.nextBoolean();
            List<Integer> expected = new ArrayList<>();
            for (int r = from; r < to; r++) {
                if (!Float.isNaN(scores[r]) && !(withExclusion && r % 5 == 0)) {
                    expected.add(r);
                }
            }
            expected.sort((p, q) -> scores[p] != scores[q] ? Float.compare(scores[q], scores[p]) : Integer.compare(p, q));
            List<Integer> want = expected.subList(0, Math.min(topK, expected.size()));
            int[] outRows = new int[Math.max(topK, 1)];
            float[] outScores = new float[Math.max(topK, 1)];
            int count = k.scoreTopK(y, from, to, dim, v, 0, topK, withExclusion ? r -> r % 5 == 0 : null,
                    outRows, outScores);
            String what = k.name() + " topK dim=" + dim + " [" + from + "," + to + ") k=" + topK;
            assertThat(count).as(what).isEqualTo(want.size());
            for (int i = 0; i < count; i++) {
                assertThat(outRows[i]).as(what + " rank " + i).isEqualTo(want.get(i));
                assertThat(outScores[i]).as(what + " score " + i).isEqualTo(scores[want.get(i)]);
            }
        }
        assertThatThrownBy(() -> k.scoreTopK(new float[4], 0, 2, 2, new float[2], 0, -1, null, new int[1], new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
        assertThatThrownBy(() -> k.scoreTopK(new float[4], 2, 1, 2, new float[2], 0, 1, null, new int[1], new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromRow");
    }

    @ParameterizedTest
    @MethodSource("impls")
    void spmmMatchesDenseProduct(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 40; trial++) {
            int aRows = rnd.nextInt(0, 30);
            int aCols = rnd.nextInt(0, 30);
            int n = DIMS[rnd.nextInt(DIMS.length - 4)];
            boolean trans = rnd.nextBoolean();
            boolean unitValues = rnd.nextInt(4) == 0;
            float[] dense = new float[aRows * aCols];
            int[] rowPtr = new int[aRows + 1];
            List<Integer> cols = new ArrayList<>();
            List<Float> vals = new ArrayList<>();
            for (int r = 0; r < aRows; r++) {
                for (int c = 0; c < aCols; c++) {
                    if (rnd.nextInt(4) == 0) {
                        float v = unitValues ? 1f : (float) rnd.nextDouble(-1, 1);
                        dense[r * aCols + c] = v;
                        cols.add(c);
                        vals.add(v);
                    }
                }
                rowPtr[r + 1] = cols.size();
            }
            int[] colIdx = cols.stream().mapToInt(Integer::intValue).toArray();
            float[] values = new float[vals.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = vals.get(i);
            }
            int bRows = trans ? aRows : aCols;
            int cRows = trans ? aCols : aRows;
            int ldb = n + rnd.nextInt(3);
            int ldc = n + rnd.nextInt(3);
            float[] b = random(rnd, 1 + bRows * ldb);
            float[] c = random(rnd, 2 + cRows * ldc);
            float[] expect = c.clone();
            float alpha = (float) rnd.nextDouble(-2, 2);
            float beta = rnd.nextBoolean() ? 0f : 0.5f;
            ScalarKernels.INSTANCE.gemm(trans, false, cRows, n, trans ? aRows : aCols, alpha,
                    dense, 0, aCols, b, 1, ldb, beta, expect, 2, ldc);
            k.spmm(trans, aRows, aCols, rowPtr, colIdx, unitValues ? null : values, n, alpha,
                    b, 1, ldb, beta, c, 2, ldc);
            for (int i = 0; i < c.length; i++) {
                assertClose(k.name() + " spmm trans=" + trans + " i=" + i, c[i], expect[i], 30);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void gramUpdatesMatchExplicitSums(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int dim : new int[] {0, 1, 3, 8, 10, 16, 17, 33, 64}) {
            int items = 40;
            int ldy = dim + rnd.nextInt(3);
            float[] y = random(rnd, 1 + items * ldy);
            int count = rnd.nextInt(0, 23);
            int[] idx = new int[count + 2];
            float[] w = new float[count + 1];
            for (int j = 0; j < count; j++) {
                idx[2 + j] = rnd.nextInt(items);
                w[1 + j] = (float) rnd.nextDouble(0, 3);
            }
            int ldg = dim + rnd.nextInt(2);
            for (boolean useIdx : new boolean[] {true, false}) {
                for (boolean useW : new boolean[] {true, false}) {
                    float[] g = random(rnd, ldg * dim + 1);
                    float[] expect = g.clone();
                    for (int j = 0; j < count; j++) {
                        int r = useIdx ? idx[2 + j] : j;
                        float wj = useW ? w[1 + j] : 1f;
                        for (int p = 0; p < dim; p++) {
                            for (int q = 0; q < dim; q++) {
                                expect[p * ldg + q] += wj * y[1 + r * ldy + p] * y[1 + r * ldy + q];
                            }
                        }
                    }
                    k.gramUpdate(dim, count, y, 1, ldy, useIdx ? idx : null, 2, useW ? w : null, 1, g, 0, ldg);
                    for (int i = 0; i < g.length; i++) {
                        assertClose(k.name() + " gramUpdate dim=" + dim + " i=" + i, g[i], expect[i], 3 * count + 1);
                    }
                }
            }
            float[] g1 = new float[dim * dim];
            float[] x = random(rnd, dim + 1);
            k.gramRank1(dim, 2.5f, x, 1, g1, 0, dim);
            for (int p = 0; p < dim; p++) {
                for (int q = 0; q < dim; q++) {
                    assertClose(k.name() + " gramRank1", g1[p * dim + q], 2.5 * x[1 + p] * x[1 + q], 3);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("impls")
    void syrkIsYtY(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int dim : new int[] {0, 1, 5, 16, 33, 64}) {
            for (int n : new int[] {0, 1, 7, 300}) {
                float[] y = random(rnd, n * dim + 1);
                float[] g = new float[dim * dim];
                Arrays.fill(g, Float.NaN);
                k.syrk(n, dim, 1f, y, 1, dim, 0f, g, 0, dim);
                for (int p = 0; p < dim; p++) {
                    for (int q = 0; q < dim; q++) {
                        double ref = 0;
                        double abs = 0;
                        for (int r = 0; r < n; r++) {
                            ref += (double) y[1 + r * dim + p] * y[1 + r * dim + q];
                            abs += Math.abs((double) y[1 + r * dim + p] * y[1 + r * dim + q]);
                        }
                        assertClose(k.name() + " syrk " + n + "x" + dim, g[p * dim + q], ref, abs);
                    }
                }
            }
        }
    }
}
