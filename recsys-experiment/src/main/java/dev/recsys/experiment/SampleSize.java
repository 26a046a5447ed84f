package dev.recsys.experiment;

import dev.recsys.experiment.internal.Stats;

/**
 * Units needed by a fixed-horizon two-sided z-test of a difference of two means:
 * {@code n = (z(1 - alpha/2) + z(power))^2 (s_A^2 + s_B^2) / d^2} per variant, where {@code s} are
 * the per-unit standard deviations (the delta-method linearised ones for ratio metrics).
 *
 * <p>Thread safety: stateless.
 */
public final class SampleSize {
    private SampleSize() {
    }

    /**
     * Units per variant.
     *
     * @param unitSdControl   per-unit standard deviation in the control, &gt; 0
     * @param unitSdTreatment per-unit standard deviation in the treatment, &gt; 0
     * @param difference      the true difference to detect, != 0
     * @param alpha           two-sided significance level in (0, 1)
     * @param power           wanted power in (0, 1)
     * @throws IllegalArgumentException naming the first value out of range
     */
    public static long perVariant(double unitSdControl, double unitSdTreatment, double difference, double alpha, double power) {
        if (!(unitSdControl > 0 && Double.isFinite(unitSdControl))) {
            throw new IllegalArgumentException("unitSdControl must be positive and finite, got " + unitSdControl);
        }
        if (!(unitSdTreatment > 0 && Double.isFinite(unitSdTreatment))) {
            throw new IllegalArgumentException("unitSdTreatment must be positive and finite, got " + unitSdTreatment);
        }
        if (!(difference != 0 && Double.isFinite(difference))) {
            throw new IllegalArgumentException("difference must be non-zero and finite, got " + difference);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!(power > 0 && power < 1)) {
            throw new IllegalArgumentException("power must be in (0, 1), got " + power);
        }
        double z = Stats.normalQuantile(1 - alpha / 2) + Stats.normalQuantile(power);
        double n = z * z * (unitSdControl * unitSdControl + unitSdTreatment * unitSdTreatment) / (difference * difference);
        return (long) Math.ceil(Math.min(n, 1e15));
    }
}
