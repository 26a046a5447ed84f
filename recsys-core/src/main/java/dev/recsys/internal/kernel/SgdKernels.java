package dev.recsys.internal.kernel;

/**
 * The fused per-example update steps of the stochastic-gradient models (biased MF, SVD++, BPR) on
 * flat row-major {@code float[]} factor matrices. They complement
 * {@link FloatKernels}, which has no fused two- or three-row update: one
 * pass loads each factor row once, computes both new rows and stores them, which is what makes an
 * SGD step at k = 64 cost about as much as the dot product before it.
 *
 * <p>Two implementations: {@link ScalarSgdKernels} (always available; the reference) and a Vector
 * API one ({@code panama.PanamaSgdKernels}), chosen once per JVM by {@link Kernels} with the same
 * system property {@code recsys.kernels}: {@code vector} and {@code scalar} pick the SGD kernels of
 * the same name; jblas has no SGD kernels, so with {@code jblas} the best pure-Java ones run
 * (vector where the Vector API runs, else scalar). The two agree up to float rounding
 * (summation order of the dot product), so a model trained with one is reproduced bit for bit only
 * by the same one.
 *
 * <p>Thread safety: implementations are stateless and thread-safe; concurrent calls must not write
 * to the same rows.
 */
public interface SgdKernels {

    /** {@code scalar} or {@code vector}. */
    String name();

    /** {@code sum_f a[ao+f] * b[bo+f]} for f in [0, k). Arrays not modified. */
    float dot(float[] a, int ao, float[] b, int bo, int k);

    /**
     * The SGD step of a factorization {@code p . q}: for f in [0, k), with old values on the right,
     * {@code p[f] = keepP * p[f] + le * q[f]} and {@code q[f] = keepQ * q[f] + le * z[f]}, where
     * {@code le} is learning rate times error and {@code keep = 1 - lr * reg}. {@code z} is the
     * user-side vector the prediction used ({@code p} itself for biased MF, {@code p + implicit
     * term} for SVD++); it may be the same row as {@code p}. p and q modified; z not modified
     * (unless it is p).
     */
    void sgdStep(float[] p, int po, float[] q, int qo, float[] z, int zo, int k,
                 float keepP, float keepQ, float le);

    /**
     * One biased-MF rating in a single call: {@code err = r - (base + p . q)}, then
     * {@link #sgdStep} with {@code z = p}, {@code keepP = keepQ = keep} and {@code le = lr * err};
     * returns err. The arithmetic (and rounding) is exactly that of {@link #dot} followed by
     * {@link #sgdStep}; an implementation may load each row only once.
     */
    default float mfRating(float[] p, int po, float[] q, int qo, int k, float r, float base, float keep, float lr) {
        float err = r - (base + dot(p, po, q, qo, k));
        sgdStep(p, po, q, qo, p, po, k, keep, keep, lr * err);
        return err;
    }

    /**
     * Biased-MF SGD user by user. Users are taken from {@code order[0 .. nOrder)}; user {@code u}'s
     * entries are {@code [start[u], start[u + 1])} of the parallel arrays {@code (items, ratings)}.
     * Two streams run interleaved: each holds one user and, in turn (stream A, then stream B), does
     * the update of that user's next entry: with user {@code u}, item {@code i} and
     * rating {@code r}, {@code err = mfRating(p, u * k, q, i * k, k, r, mu + bu[u] + bi[i], keep, lr)},
     * then {@code bu[u] += lr * (err - regBias * bu[u])} and the same for {@code bi[i]}.
     * Before each round, stream A, while its user has no entries left and the order has users,
     * takes the next user; then stream B the same way. In the round A does one entry and then B
     * does one, a stream without entries left skipping its turn (so once the order is used up the
     * other stream finishes alone); the epoch ends when neither has entries. Returns the sum of
     * {@code err * err} in visiting order.
     *
     * <p>A user's row and bias are touched by one stream only, so an implementation may keep them
     * in registers while the user is active; the result must equal this sequential definition bit
     * for bit.
     */
    default double mfUsers(int[] order, int nOrder, int[] start, int[] items, float[] ratings,
                           float[] p, float[] q, float[] bu, float[] bi, int k,
                           float mu, float keep, float lr, float regBias) {
        double sq = 0;
        int next = 0;
        int ua = 0;
        int na = 0;
        int ea = 0;
        int ub = 0;
        int nb = 0;
        int eb = 0;
        while (true) {
            while (na == ea && next < nOrder) {
                ua = order[next++];
                na = start[ua];
                ea = start[ua + 1];
            }
            while (nb == eb && next < nOrder) {
                ub = order[next++];
                nb = start[ub];
                eb = start[ub + 1];
            }
            if (na == ea && nb == eb) {
                return sq;
            }
            if (na < ea) {
                sq = mfEntry(ua, items[na], ratings[na], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
                na++;
            }
            if (nb < eb) {
                sq = mfEntry(ub, items[nb], ratings[nb], p, q, bu, bi, k, mu, keep, lr, regBias, sq);
                nb++;
            }
        }
    }

    /** One entry of {@link #mfUsers}'s definition; returns {@code sq + err * err}. */
    private double mfEntry(int u, int i, float r, float[] p, float[] q, float[] bu, float[] bi, int k,
                           float mu, float keep, float lr, float regBias, double sq) {
        float bui = bu[u];
        float bii = bi[i];
        float err = mfRating(p, u * k, q, i * k, k, r, mu + bui + bii, keep, lr);
        bu[u] = bui + lr * (err - regBias * bui);
        bi[i] = bii + lr * (err - regBias * bii);
        return sq + err * err;
    }

    /**
     * The sum over a row's entries that implicit ALS's conjugate gradient needs, in entry order:
     * for each entry {@code e} in {@code [from, to)} with factor row {@code f_e = f[idx[e] * k ..]},
     * {@code c1 = alpha * max(w[e], 0)} and {@code d = dot(f_e, v)}, adds {@code coef * f_e} to
     * {@code acc[0 .. k)}, where {@code coef = (1 + c1) - c1 * d} with {@code residual} (the
     * residual {@code b - A x}'s sum) and {@code coef = c1 * d} without (the product {@code A p}).
     * The arithmetic is exactly {@link #dot}-then-axpy per entry with core's kernels of the same
     * kind; an implementation may keep {@code v} and {@code acc} in registers across entries.
     * acc modified; the rest not modified.
     */
    default void confidenceSum(float[] f, int[] idx, float[] w, int from, int to, float alpha, boolean residual,
                               float[] v, int vOff, float[] acc, int k) {
        FloatKernels kr = Kernels.get();
        for (int e = from; e < to; e++) {
            int row = idx[e] * k;
            float d = kr.dot(f, row, v, vOff, k);
            if (residual) {
                float c = 1f + alpha * Math.max(w[e], 0f);
                kr.axpy(k, c - (c - 1f) * d, f, row, acc, 0);
            } else {
                float c1 = alpha * Math.max(w[e], 0f);
                kr.axpy(k, c1 * d, f, row, acc, 0);
            }
        }
    }

    /**
     * The BPR step for a triple (u, i, j) with {@code g = lr * sigma(-x_uij)}, old values on the
     * right: {@code p = keepP * p + g * (qi - qj)}, {@code qi = keepQ * qi + g * p},
     * {@code qj = keepQ * qj - g * p}. Rows i and j must differ. p and q modified.
     */
    void bprStep(float[] p, int po, float[] q, int io, int jo, int k, float keepP, float keepQ, float g);

    /**
     * One Adam step on a row: {@code grad = -err * x + reg * w} (x the other side's row, read
     * before any write), {@code m = b1 * m + (1 - b1) * grad}, {@code v = b2 * v + (1 - b2) * grad^2},
     * {@code w -= step * m / (sqrt(v) + eps)} where {@code step} already holds the learning rate and
     * bias correction {@code lr * sqrt(1 - b2^t) / (1 - b1^t)} and {@code eps} is scaled the same
     * way. The moments are stored as {@link Bfloat16} (read exactly, computed in float, the new
     * values rounded to nearest on store; the weight update uses the unrounded ones). w, m, v
     * modified; x not modified (it must not be the same row as w).
     */
    void adamStep(float[] w, int wo, short[] m, short[] v, float[] x, int xo, int k,
                  float err, float reg, float b1, float b2, float step, float eps);

    /**
     * The active implementation, chosen by {@link Kernels} together with the float kernels (one
     * system property, one log line).
     */
    static SgdKernels get() {
        return Kernels.sgd();
    }
}
