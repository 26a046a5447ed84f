package dev.recsys.nn.internal.loss;

/**
 * Linear KL annealing (Bowman et al., CoNLL 2016; the "beta" of Liang et al., WWW 2018): the weight
 * of the KL term grows linearly from 0 to {@code cap} over {@code rampSteps} updates and stays at
 * {@code cap}. A ramp of 0 steps means the cap from the first step.
 *
 * @param cap       final weight, finite and >= 0 (Liang et al. use 0.2)
 * @param rampSteps updates to reach the cap (>= 0)
 *
 * <p>Thread safety: immutable, thread-safe.
 */
public record KlAnnealing(float cap, long rampSteps) {
    /** Validates. */
    public KlAnnealing {
        if (!(cap >= 0f) || Float.isInfinite(cap)) {
            throw new IllegalArgumentException("cap must be finite and >= 0, got " + cap);
        }
        if (rampSteps < 0) {
            throw new IllegalArgumentException("rampSteps must be >= 0, got " + rampSteps);
        }
    }

    /** The weight at a 1-based update step. */
    public float beta(long step) {
        if (rampSteps == 0 || step >= rampSteps) {
            return cap;
        }
        return (float) (cap * (double) Math.max(step, 0) / rampSteps);
    }
}
