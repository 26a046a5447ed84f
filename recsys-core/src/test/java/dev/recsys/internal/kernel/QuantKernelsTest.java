package dev.recsys.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every available {@link QuantKernels} (the vector one only in the vector-path surefire runs)
 * against double-precision reference loops, for sizes around the vector length and odd offsets,
 * and the active choice.
 */
class QuantKernelsTest {

    private static List<QuantKernels> all() {
        List<QuantKernels> out = new ArrayList<>();
        out.add(Kernels.createQuant("scalar").orElseThrow());
        Kernels.createQuant("vector").ifPresent(out::add);
        return out;
    }

    @Test
    void activeImplementationFollowsTheVectorModule() {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(Kernels.quant().name()).isEqualTo(vectorModule && Kernels.get().name().equals("vector")
                ? "vector" : "scalar");
        assertThat(all()).hasSize(vectorModule ? 2 : 1);
    }

    @Test
    void int8AndBf16DotsMatchTheReference() {
        SplittableRandom r = new SplittableRandom(7);
        for (QuantKernels kern : all()) {
            for (int n : new int[] {0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 64, 65, 100, 128, 129}) {
                int off = 5;
                byte[] q = new byte[n + 2 * off];
                short[] h = new short[n + 2 * off];
                float[] v = new float[n + off + 3];
                for (int i = 0; i < q.length; i++) {
                    q[i] = (byte) (r.nextInt(255) - 127);
                    h[i] = Bfloat16.of((float) r.nextGaussian());
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) r.nextGaussian();
                }
                double d8 = 0;
                double d16 = 0;
                for (int i = 0; i < n; i++) {
                    d8 += q[off + i] * (double) v[3 + i];
                    d16 += Bfloat16.toFloat(h[off + i]) * (double) v[3 + i];
                }
                assertThat((double) kern.dotInt8(q, off, v, 3, n)).as(kern.name() + " int8 n=" + n)
                        .isCloseTo(d8, within(1e-3 * (n + 1)));
                assertThat((double) kern.dotBf16(h, off, v, 3, n)).as(kern.name() + " bf16 n=" + n)
                        .isCloseTo(d16, within(1e-4 * (n + 1)));
            }
        }
    }

    @Test
    void rowScoringAppliesScalesAndRanges() {
        SplittableRandom r = new SplittableRandom(3);
        int dim = 37;
        int rows = 20;
        byte[] q = new byte[rows * dim];
        short[] h = new short[rows * dim];
        float[] scales = new float[rows];
        float[] v = new float[dim + 2];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) (r.nextInt(255) - 127);
            h[i] = Bfloat16.of((float) r.nextGaussian());
        }
        for (int i = 0; i < rows; i++) {
            scales[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        for (QuantKernels kern : all()) {
            float[] out8 = new float[rows];
            float[] out16 = new float[rows];
            kern.scoreRowsInt8(q, scales, 4, 15, dim, v, 2, out8, 1);
            kern.scoreRowsBf16(h, 4, 15, dim, v, 2, out16, 1);
            assertThat(out8[0]).isZero();
            assertThat(out8[12]).isZero();
            for (int row = 4; row < 15; row++) {
                assertThat(out8[row - 3]).isCloseTo(scales[row] * kern.dotInt8(q, row * dim, v, 2, dim), within(1e-5f));
                assertThat(out16[row - 3]).isCloseTo(kern.dotBf16(h, row * dim, v, 2, dim), within(1e-5f));
            }
        }
    }

    @Test
    void blockedRowScoringMatchesTheScalarReference() {
        // the vector kernels score L rows per pass (L = 8 or 16 float lanes): aligned and unaligned row
        // ranges, counts that leave a tail, dims that are and are not multiples of L
        SplittableRandom r = new SplittableRandom(21);
        for (int dim : new int[] {8, 16, 24, 32, 48, 64, 100, 128}) {
            int rows = 70;
            byte[] q = new byte[rows * dim];
            short[] h = new short[rows * dim];
            float[] scales = new float[rows];
            float[] v = new float[dim + 3];
            for (int i = 0; i < q.length; i++) {
                q[i] = (byte) (r.nextInt(255) - 127);
                h[i] = Bfloat16.of((float) r.nextGaussian());
            }
            for (int i = 0; i < rows; i++) {
                scales[i] = (float) (0.01 + r.nextDouble());
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            for (int[] range : new int[][] {{0, 70}, {0, 64}, {3, 51}, {16, 48}, {5, 6}}) {
                for (QuantKernels kern : all()) {
                    float[] out8 = new float[rows + 3];
                    float[] out16 = new float[rows + 3];
                    kern.scoreRowsInt8(q, scales, range[0], range[1], dim, v, 3, out8, 2);
                    kern.scoreRowsBf16(h, range[0], range[1], dim, v, 3, out16, 2);
                    for (int row = range[0]; row < range[1]; row++) {
                        double d8 = 0;
                        double d16 = 0;
                        double mag8 = 0;
                        double mag16 = 0;
                        for (int d = 0; d < dim; d++) {
                            d8 += q[row * dim + d] * (double) v[3 + d];
                            d16 += Bfloat16.toFloat(h[row * dim + d]) * (double) v[3 + d];
                            mag8 += Math.abs(q[row * dim + d] * (double) v[3 + d]);
                            mag16 += Math.abs(Bfloat16.toFloat(h[row * dim + d]) * (double) v[3 + d]);
                        }
                        // float summation of dim products: error bound dim * 2^-24 * sum |products|
                        String at = kern.name() + " dim " + dim + " row " + row + " range " + range[0] + ".." + range[1];
                        assertThat((double) out8[2 + row - range[0]]).as(at)
                                .isCloseTo(scales[row] * d8, within(scales[row] * mag8 * dim * 1.2e-7 + 1e-6));
                        assertThat((double) out16[2 + row - range[0]]).as(at)
                                .isCloseTo(d16, within(mag16 * dim * 1.2e-7 + 1e-6));
                    }
                    assertThat(out8[0]).isZero();
                    assertThat(out8[1]).isZero();
                    assertThat(out8[2 + range[1] - range[0]]).isZero();
                }
            }
        }
    }

    @Test
    void vectorAgreesWithScalar() {
        QuantKernels vec = Kernels.createQuant("vector").orElse(null);
        if (vec == null) {
            System.out.println("QuantKernelsTest: no Vector API in this run; the vector-path execution covers it");
            return;
        }
        SplittableRandom r = new SplittableRandom(11);
        int n = 64;
        byte[] q = new byte[n];
        short[] h = new short[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            q[i] = (byte) (r.nextInt(255) - 127);
            h[i] = Bfloat16.of((float) r.nextGaussian());
            v[i] = (float) r.nextGaussian();
        }
        assertThat(vec.dotInt8(q, 0, v, 0, n)).isCloseTo(ScalarQuantKernels.INSTANCE.dotInt8(q, 0, v, 0, n), within(1e-2f));
        assertThat(vec.dotBf16(h, 0, v, 0, n)).isCloseTo(ScalarQuantKernels.INSTANCE.dotBf16(h, 0, v, 0, n), within(1e-3f));
    }
}
