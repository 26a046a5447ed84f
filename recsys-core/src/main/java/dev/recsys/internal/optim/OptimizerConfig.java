package dev.recsys.internal.optim;

/**
 * Immutable optimizer configuration; {@link #create()} builds the optimizer.
 *
 * @param kind               which algorithm
 * @param schedule           learning rate per global step
 * @param momentum           SGD momentum in [0, 1) (0 = plain SGD)
 * @param nesterov           SGD: Nesterov momentum (needs momentum > 0)
 * @param beta1              Adam: first-moment decay in [0, 1)
 * @param beta2              Adam: second-moment decay in [0, 1)
 * @param epsilon            Adam/Adagrad: denominator term (> 0)
 * @param l2                 coupled L2 penalty: {@code l2 * w} is added to the gradient (>= 0)
 * @param weightDecay        decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay
 *                           Regularization", ICLR 2019): {@code w -= lr * weightDecay * w} each step,
 *                           before the gradient step (>= 0)
 * @param clipNorm           clip each update call's gradient block (a dense block, or one row of a
 *                           table) to this L2 norm; 0 = off (>= 0)
 * @param initialAccumulator Adagrad: starting value of the squared-gradient sums (>= 0)
 *
 * <p>Thread safety: immutable, thread-safe.
 */
public record OptimizerConfig(Kind kind, LearningRateSchedule schedule, float momentum, boolean nesterov,
                              float beta1, float beta2, float epsilon, float l2, float weightDecay,
                              float clipNorm, float initialAccumulator) {

    /** The optimizer algorithms. Thread safety: immutable (an enum). */
    public enum Kind {
        /** Stochastic gradient descent, optionally with (Nesterov) momentum. */
        SGD,
        /** Adam (Kingma and Ba, ICLR 2015). */
        ADAM,
        /** Adam with decoupled weight decay (Loshchilov and Hutter, ICLR 2019); default decay 0.01. */
        ADAMW,
        /** Adagrad (Duchi, Hazan and Singer, JMLR 2011). */
        ADAGRAD
    }

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the offending parameter
     */
    public OptimizerConfig {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        checkUnit("momentum", momentum);
        if (nesterov && momentum == 0f) {
            throw new IllegalArgumentException("nesterov needs momentum > 0");
        }
        checkUnit("beta1", beta1);
        checkUnit("beta2", beta2);
        if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        checkNonNegative("l2", l2);
        checkNonNegative("weightDecay", weightDecay);
        checkNonNegative("clipNorm", clipNorm);
        checkNonNegative("initialAccumulator", initialAccumulator);
    }

    private static void checkUnit(String name, float v) {
        if (!(v >= 0f && v < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
    }

    private static void checkNonNegative(String name, float v) {
        if (!(v >= 0f) || Float.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
    }

    /** A builder with the usual defaults for the kind (PyTorch's). */
    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** Creates the optimizer. */
    public Optimizer create() {
        return switch (kind) {
            case SGD -> new Sgd(this);
            case ADAM, ADAMW -> new Adam(this);
            case ADAGRAD -> new Adagrad(this);
        };
    }

    /**
     * Builder for {@link OptimizerConfig}. Defaults: learning rate 0.01 (SGD, Adagrad) or 0.001
     * (Adam, AdamW), constant; momentum 0; beta1 0.9; beta2 0.999; epsilon 1e-8 (1e-10 for
     * Adagrad); no L2; weight decay 0.01 for AdamW, else 0; no clipping.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final Kind kind;
        private LearningRateSchedule schedule;
        private float momentum;
        private boolean nesterov;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon;
        private float l2;
        private float weightDecay;
        private float clipNorm;
        private float initialAccumulator;

        private Builder(Kind kind) {
            if (kind == null) {
                throw new IllegalArgumentException("kind must not be null");
            }
            this.kind = kind;
            boolean adam = kind == Kind.ADAM || kind == Kind.ADAMW;
            this.schedule = LearningRateSchedule.constant(adam ? 0.001f : 0.01f);
            this.epsilon = kind == Kind.ADAGRAD ? 1e-10f : 1e-8f;
            this.weightDecay = kind == Kind.ADAMW ? 0.01f : 0f;
        }

        /** A constant learning rate. */
        public Builder learningRate(float lr) {
            this.schedule = LearningRateSchedule.constant(lr);
            return this;
        }

        /** A learning-rate schedule. */
        public Builder schedule(LearningRateSchedule s) {
            this.schedule = s;
            return this;
        }

        /** SGD momentum. */
        public Builder momentum(float m) {
            this.momentum = m;
            return this;
        }

        /** SGD Nesterov momentum on or off. */
        public Builder nesterov(boolean n) {
            this.nesterov = n;
            return this;
        }

        /** Adam betas. */
        public Builder betas(float b1, float b2) {
            this.beta1 = b1;
            this.beta2 = b2;
            return this;
        }

        /** Adam/Adagrad epsilon. */
        public Builder epsilon(float e) {
            this.epsilon = e;
            return this;
        }

        /** Coupled L2 penalty. */
        public Builder l2(float v) {
            this.l2 = v;
            return this;
        }

        /** Decoupled weight decay. */
        public Builder weightDecay(float v) {
            this.weightDecay = v;
            return this;
        }

        /** Gradient clipping norm (0 = off). */
        public Builder clipNorm(float v) {
            this.clipNorm = v;
            return this;
        }

        /** Adagrad initial accumulator value. */
        public Builder initialAccumulator(float v) {
            this.initialAccumulator = v;
            return this;
        }

        /**
         * Builds the validated configuration.
         *
         * @throws IllegalArgumentException naming the offending parameter
         */
        public OptimizerConfig build() {
            return new OptimizerConfig(kind, schedule, momentum, nesterov, beta1, beta2, epsilon, l2, weightDecay,
                    clipNorm, initialAccumulator);
        }
    }
}
