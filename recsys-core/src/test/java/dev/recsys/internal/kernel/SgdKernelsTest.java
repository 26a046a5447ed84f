package dev.recsys.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The active {@link SgdKernels} (vector in the vector-path surefire run, scalar otherwise) against
 * plain reference loops, for sizes around the vector length and odd offsets.
 */
class SgdKernelsTest {
    private final SgdKernels kern = SgdKernels.get();

    @Test
    void activeImplementationIsReported() {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(kern.name()).isEqualTo(vectorModule ? "vector" : "scalar");
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void matchesTheReferenceLoops() {
        SplittableRandom r = new SplittableRandom(1);
        for (int k : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65, 100, 128}) {
            int off = 3;
            float[] p = random(r, k + 2 * off);
            float[] q = random(r, 3 * k + 2 * off);
            float[] z = random(r, k + off);
            double dot = 0;
            for (int f = 0; f < k; f++) {
                dot += p[off + f] * q[off + f];
            }
            assertThat((double) kern.dot(p, off, q, off, k)).as("dot k=" + k).isCloseTo(dot, within(1e-4 * k));

            float[] p1 = p.clone();
            float[] q1 = q.clone();
            kern.sgdStep(p1, off, q1, off, z, 1, k, 0.99f, 0.98f, 0.05f);
            for (int f = 0; f < k; f++) {
                assertThat(p1[off + f]).isCloseTo(0.99f * p[off + f] + 0.05f * q[off + f], within(1e-5f));
                assertThat(q1[off + f]).isCloseTo(0.98f * q[off + f] + 0.05f * z[1 + f], within(1e-5f));
            }
            // z the same row as p: q uses the old p
            float[] p2 = p.clone();
            float[] q2 = q.clone();
            kern.sgdStep(p2, off, q2, off, p2, off, k, 0.99f, 0.98f, 0.05f);
            for (int f = 0; f < k; f++) {
                assertThat(q2[off + f]).isCloseTo(0.98f * q[off + f] + 0.05f * p[off + f], within(1e-5f));
            }

            float[] p3 = p.clone();
            float[] q3 = q.clone();
            int io = off;
            int jo = off + 2 * k;
            kern.bprStep(p3, off, q3, io, jo, k, 0.97f, 0.96f, 0.1f);
            for (int f = 0; f < k; f++) {
                assertThat(p3[off + f]).isCloseTo(0.97f * p[off + f] + 0.1f * (q[io + f] - q[jo + f]), within(1e-5f));
                assertThat(q3[io + f]).isCloseTo(0.96f * q[io + f] + 0.1f * p[off + f], within(1e-5f));
                assertThat(q3[jo + f]).isCloseTo(0.96f * q[jo + f] - 0.1f * p[off + f], within(1e-5f));
            }

            float[] w = p.clone();
            short[] m = new short[w.length];
            short[] v = new short[w.length];
            for (int f = 0; f < v.length; f++) {
                float mv = (float) r.nextGaussian();
                m[f] = Bfloat16.of(mv);
                v[f] = Bfloat16.of(Math.abs(mv));
            }
            short[] m0 = m.clone();
            short[] v0 = v.clone();
            kern.adamStep(w, off, m, v, q, off, k, 0.7f, 0.02f, 0.9f, 0.999f, 0.01f, 1e-8f);
            for (int f = 0; f < k; f++) {
                float g = 0.02f * p[off + f] - 0.7f * q[off + f];
                float mf = 0.9f * Bfloat16.toFloat(m0[off + f]) + 0.1f * g;
                float vf = 0.999f * Bfloat16.toFloat(v0[off + f]) + 0.001f * g * g;
                assertThat(m[off + f]).as("m stored as the nearest bfloat16").isEqualTo(Bfloat16.of(mf));
                assertThat(v[off + f]).as("v stored as the nearest bfloat16").isEqualTo(Bfloat16.of(vf));
                assertThat(w[off + f]).isCloseTo(p[off + f] - 0.01f * mf / ((float) Math.sqrt(vf) + 1e-8f), within(1e-4f));
            }
        }
    }

    @Test
    void mfRatingIsBitIdenticalToDotThenStep() {
        SplittableRandom r = new SplittableRandom(2);
        for (int k : new int[] {7, 16, 32, 64, 65, 128}) {
            int off = 5;
            float[] p = random(r, k + 2 * off);
            float[] q = random(r, k + 3 * off);
            float[] pa = p.clone();
            float[] qa = q.clone();
            float err = kern.mfRating(pa, off, qa, off + 1, k, 4f, 3.1f, 0.995f, 0.02f);
            float[] pb = p.clone();
            float[] qb = q.clone();
            float expected = 4f - (3.1f + kern.dot(pb, off, qb, off + 1, k));
            kern.sgdStep(pb, off, qb, off + 1, pb, off, k, 0.995f, 0.995f, 0.02f * expected);
            assertThat(err).as("err k=" + k).isEqualTo(expected);
            assertThat(pa).as("p k=" + k).containsExactly(pb);
            assertThat(qa).as("q k=" + k).containsExactly(qb);
        }
    }

    @Test
    void mfUsersIsBitIdenticalToTheTwoStreamSchedule() {
        SplittableRandom r = new SplittableRandom(3);
        for (int k : new int[] {7, 16, 32, 64, 65, 128}) {
            // few items, so that the two streams often update the same item row in a round; users
            // of every length, including none, and an order that leaves one user out
            int nu = 12;
            int ni = 5;
            int[] start = new int[nu + 1];
            for (int u = 0; u < nu; u++) {
                start[u + 1] = start[u] + (u % 4 == 1 ? 0 : r.nextInt(40));
            }
            int n = start[nu];
            int[] is = new int[n];
            float[] rs = new float[n];
            for (int e = 0; e < n; e++) {
                is[e] = r.nextInt(ni);
                rs[e] = 1 + r.nextInt(5);
            }
            int[] order = {7, 1, 0, 11, 3, 5, 9, 2, 10, 6, 4};
            float[] p = random(r, nu * k);
            float[] q = random(r, ni * k);
            for (int f = 0; f < p.length; f++) {
                p[f] *= 0.1f;
            }
            for (int f = 0; f < q.length; f++) {
                q[f] *= 0.1f;
            }
            float[] bu = random(r, nu);
            float[] bi = random(r, ni);
            float[] p1 = p.clone();
            float[] q1 = q.clone();
            float[] bu1 = bu.clone();
            float[] bi1 = bi.clone();
            double sq1 = kern.mfUsers(order, order.length, start, is, rs, p1, q1, bu1, bi1, k, 3.5f, 0.999f,
                    0.01f, 0.05f);
            float[] p2 = p.clone();
            float[] q2 = q.clone();
            float[] bu2 = bu.clone();
            float[] bi2 = bi.clone();
            double sq2 = 0;
            int next = 0;
            int[] user = new int[2];
            int[] at = new int[2];
            int[] end = new int[2];
            int visited = 0;
            while (true) {
                for (int st = 0; st < 2; st++) {
                    while (at[st] == end[st] && next < order.length) {
                        user[st] = order[next++];
                        at[st] = start[user[st]];
                        end[st] = start[user[st] + 1];
                    }
                }
                if (at[0] == end[0] && at[1] == end[1]) {
                    break;
                }
                for (int st = 0; st < 2; st++) {
                    if (at[st] < end[st]) {
                        int u = user[st];
                        int e = at[st]++;
                        int i = is[e];
                        float bui = bu2[u];
                        float bii = bi2[i];
                        float err = kern.mfRating(p2, u * k, q2, i * k, k, rs[e], 3.5f + bui + bii, 0.999f, 0.01f);
                        sq2 += err * err;
                        bu2[u] = bui + 0.01f * (err - 0.05f * bui);
                        bi2[i] = bii + 0.01f * (err - 0.05f * bii);
                        visited++;
                    }
                }
            }
            assertThat(visited).as("entries of the users in the order").isEqualTo(n - (start[9] - start[8]));
            assertThat(sq1).as("squared errors k=" + k).isEqualTo(sq2);
            assertThat(p1).as("p k=" + k).containsExactly(p2);
            assertThat(q1).as("q k=" + k).containsExactly(q2);
            assertThat(bu1).as("bu k=" + k).containsExactly(bu2);
            assertThat(bi1).as("bi k=" + k).containsExactly(bi2);
            assertThat(p1).as("the epoch changed p").isNotEqualTo(p);
            assertThat(bu1[8]).as("user 8 is not in the order").isEqualTo(bu[8]);
        }
    }

    @Test
    void bfloat16RoundsToNearestEvenAndKeepsTheRange() {
        assertThat(Bfloat16.toFloat(Bfloat16.of(1f))).isEqualTo(1f);
        assertThat(Bfloat16.toFloat(Bfloat16.of(-3.5e30f))).isCloseTo(-3.5e30f, within(3.5e30f / 128));
        assertThat(Bfloat16.toFloat(Bfloat16.of(1e-30f))).isCloseTo(1e-30f, within(1e-30f / 128));
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1)
        assertThat(Bfloat16.toFloat(Bfloat16.of(1f + 0x1p-8f))).isEqualTo(1f);
        assertThat(Bfloat16.toFloat(Bfloat16.of(1f + 0x1p-8f + 0x1p-20f))).isEqualTo(1f + 0x1p-7f);
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 10_000; i++) {
            float f = (float) (r.nextGaussian() * Math.exp(r.nextGaussian() * 10));
            float back = Bfloat16.toFloat(Bfloat16.of(f));
            assertThat(Math.abs(back - f)).isLessThanOrEqualTo(Math.abs(f) * 0x1p-8f);
        }
    }

    @Test
    void confidenceSumIsBitIdenticalToDotThenAxpy() {
        dev.recsys.internal.kernel.FloatKernels core = dev.recsys.internal.kernel.Kernels.get();
        SplittableRandom r = new SplittableRandom(6);
        for (int k : new int[] {7, 16, 64, 65}) {
            int rows = 40;
            float[] f = random(r, rows * k);
            int[] idx = new int[25];
            float[] w = new float[25];
            for (int e = 0; e < idx.length; e++) {
                idx[e] = r.nextInt(rows);
                w[e] = e % 7 == 0 ? -1f : (float) r.nextDouble() * 3f;
            }
            float[] v = random(r, k + 2);
            for (boolean residual : new boolean[] {true, false}) {
                float[] acc = random(r, k);
                float[] expected = acc.clone();
                for (int e = 2; e < 23; e++) {
                    int row = idx[e] * k;
                    float d = core.dot(f, row, v, 2, k);
                    float c1 = 0.7f * Math.max(w[e], 0f);
                    float c = 1f + c1;
                    core.axpy(k, residual ? c - (c - 1f) * d : c1 * d, f, row, expected, 0);
                }
                kern.confidenceSum(f, idx, w, 2, 23, 0.7f, residual, v, 2, acc, k);
                assertThat(acc).as("k=%d residual=%s", k, residual).isEqualTo(expected);
            }
        }
    }
}
