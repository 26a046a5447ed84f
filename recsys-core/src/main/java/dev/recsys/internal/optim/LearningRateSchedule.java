package dev.recsys.internal.optim;

/**
 * The learning rate as a function of the 1-based global step (mini-batch count).
 *
 * <p>Thread safety: the factories return immutable, thread-safe schedules.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The rate at a step.
     *
     * @param step the 1-based global step (values below 1 are treated as 1)
     * @return a finite rate >= 0
     */
    float rate(long step);

    /**
     * The same rate at every step.
     *
     * @throws IllegalArgumentException if lr is negative or not finite
     */
    static LearningRateSchedule constant(float lr) {
        checkRate("lr", lr);
        return step -> lr;
    }

    /**
     * Step decay: {@code lr * gamma^floor((step - 1) / stepSize)}.
     *
     * @throws IllegalArgumentException if lr is negative or not finite, stepSize &lt; 1 or gamma is
     *                                  outside (0, 1]
     */
    static LearningRateSchedule step(float lr, long stepSize, float gamma) {
        checkRate("lr", lr);
        if (stepSize < 1) {
            throw new IllegalArgumentException("stepSize must be >= 1, got " + stepSize);
        }
        if (!(gamma > 0f && gamma <= 1f)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        }
        return step -> (float) (lr * Math.pow(gamma, (Math.max(step, 1) - 1) / stepSize));
    }

    /**
     * Cosine annealing (Loshchilov and Hutter, "SGDR", ICLR 2017) without restarts:
     * {@code minLr + (lr - minLr) * (1 + cos(pi * (step - 1) / totalSteps)) / 2}, reaching minLr
     * after totalSteps steps and staying there.
     *
     * @throws IllegalArgumentException if a rate is negative or not finite, minLr > lr, or
     *                                  totalSteps &lt; 1
     */
    static LearningRateSchedule cosine(float lr, float minLr, long totalSteps) {
        checkRate("lr", lr);
        checkRate("minLr", minLr);
        if (minLr > lr) {
            throw new IllegalArgumentException("minLr must be <= lr, got " + minLr + " > " + lr);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
        }
        return step -> {
            long t = Math.min(Math.max(step, 1) - 1, totalSteps);
            return (float) (minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * t / totalSteps)));
        };
    }

    /**
     * Linear warm-up (Goyal et al., "Accurate, Large Minibatch SGD", 2017) in front of a schedule:
     * {@code after.rate(1) * step / warmupSteps} for the first warmupSteps steps, then
     * {@code after.rate(step - warmupSteps)}, so the schedule after warm-up starts at its own step 1.
     *
     * @throws IllegalArgumentException if after is null or warmupSteps is negative
     */
    static LearningRateSchedule warmup(LearningRateSchedule after, long warmupSteps) {
        if (after == null) {
            throw new IllegalArgumentException("after must not be null");
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
        if (warmupSteps == 0) {
            return after;
        }
        return step -> {
            long t = Math.max(step, 1);
            return t <= warmupSteps ? after.rate(1) * ((float) t / warmupSteps) : after.rate(t - warmupSteps);
        };
    }

    private static void checkRate(String name, float lr) {
        if (!(lr >= 0f) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + lr);
        }
    }
}
