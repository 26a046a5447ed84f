package dev.recsys.nn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.nn.internal.layers.Parameter;
import dev.recsys.nn.internal.layers.RowGradient;
import java.util.function.DoubleSupplier;

/**
 * Finite-difference gradient checking: central differences of a scalar loss evaluated in double,
 * compared with an analytic gradient at float tolerances.
 */
public final class GradCheck {
    /** Relative tolerance. */
    public static final double REL = 1e-2;
    /** Absolute slack for gradients near zero. */
    public static final double ABS = 2e-3;

    private GradCheck() {
    }

    /** A parameter's current gradient as a dense copy (a sparse row gradient is spread into its rows). */
    public static float[] denseGradient(Parameter p) {
        if (!p.isSparse()) {
            return p.grad().clone();
        }
        float[] g = new float[p.size()];
        RowGradient rg = p.rowGradient();
        for (int s = 0; s < rg.count(); s++) {
            System.arraycopy(rg.values(), s * p.cols(), g, rg.row(s) * p.cols(), p.cols());
        }
        return g;
    }

    /**
     * Central difference of {@code loss} with respect to {@code x[i]}.
     *
     * @param h step
     */
    public static double numeric(float[] x, int i, float h, DoubleSupplier loss) {
        float old = x[i];
        x[i] = old + h;
        double up = loss.getAsDouble();
        x[i] = old - h;
        double down = loss.getAsDouble();
        x[i] = old;
        double actualH = ((double) (old + h) - (double) (old - h));
        return (up - down) / actualH;
    }

    /**
     * Checks every entry (or at most {@code maxChecks}, evenly strided) of {@code analytic} against
     * central differences of {@code loss} in {@code x}.
     *
     * @return number of entries checked
     */
    public static int check(String what, float[] x, int n, float[] analytic, float h, int maxChecks,
                            DoubleSupplier loss) {
        int stride = Math.max(1, n / maxChecks);
        int checked = 0;
        double maxAbs = 0;
        for (int i = 0; i < n; i += stride) {
            maxAbs = Math.max(maxAbs, Math.abs(analytic[i]));
        }
        for (int i = 0; i < n; i += stride) {
            double num = numeric(x, i, h, loss);
            double a = analytic[i];
            double tol = REL * Math.max(Math.abs(a), Math.abs(num)) + ABS * Math.max(1e-3, maxAbs);
            assertThat(Math.abs(a - num)).as("%s[%d]: analytic %s vs numeric %s", what, i, a, num)
                    .isLessThanOrEqualTo(tol);
            checked++;
        }
        return checked;
    }

    /** Sum of {@code c[i] * y[i]} over n entries in double: a random linear loss on outputs. */
    public static double dot(float[] c, float[] y, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) c[i] * y[i];
        }
        return s;
    }

    /** Uniform values in [-a, a] from a seeded stream. */
    public static float[] uniform(int n, double a, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * a);
        }
        return x;
    }
}
