package dev.recsys.nn.internal;

import dev.recsys.internal.parallel.Parallel;
import dev.recsys.spi.ParamSpec;
import dev.recsys.spi.Params;

/**
 * Parameter declarations shared by the neural algorithms, and reading them.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class CommonParams {
    /** Random seed. */
    public static final String SEED = "seed";
    /** Maximum number of epochs. */
    public static final String EPOCHS = "epochs";
    /** Mini-batch size. */
    public static final String BATCH = "batch-size";
    /** Adam learning rate. */
    public static final String LR = "learning-rate";
    /** Decoupled weight decay (AdamW when > 0). */
    public static final String WEIGHT_DECAY = "weight-decay";
    /** Share of each user's entries held out for early stopping (0 = off). */
    public static final String VALIDATION = "validation";
    /** Epochs without validation improvement before stopping. */
    public static final String PATIENCE = "patience";
    /** Retrain on all data for the best epoch count after early stopping. */
    public static final String REFIT = "refit";
    /** Threads for mini-batch training (0 = all available processors). */
    public static final String THREADS = Parallel.THREADS;

    private CommonParams() {
    }

    /** The seed declaration (default 42). */
    public static ParamSpec seed() {
        return ParamSpec.ofLong(SEED, 42L, "random seed (initialisation, batch order, dropout, sampling)");
    }

    /** Epochs declaration. */
    public static ParamSpec epochs(int def) {
        return ParamSpec.ofInt(EPOCHS, def, 1, 100_000, "maximum number of passes over the training data");
    }

    /** Batch size declaration. */
    public static ParamSpec batch(int def) {
        return ParamSpec.ofInt(BATCH, def, 1, 1 << 20, "mini-batch size");
    }

    /** Learning rate declaration. */
    public static ParamSpec learningRate(double def) {
        return ParamSpec.ofDouble(LR, def, 1e-7, 1.0, "Adam learning rate");
    }

    /** Weight decay declaration. */
    public static ParamSpec weightDecay(double def) {
        return ParamSpec.ofDouble(WEIGHT_DECAY, def, 0.0, 1.0, "decoupled weight decay (AdamW) per step; 0 = plain Adam");
    }

    /** Validation share declaration. */
    public static ParamSpec validation() {
        return ParamSpec.ofDouble(VALIDATION, 0.0, 0.0, 0.5,
                "share of each user's interactions held out for early stopping on NDCG@10 (0 = train all epochs)");
    }

    /** Patience declaration. */
    public static ParamSpec patience() {
        return ParamSpec.ofInt(PATIENCE, 10, 1, 10_000, "epochs without validation improvement before stopping");
    }

    /** Refit declaration. */
    public static ParamSpec refit() {
        return ParamSpec.ofBoolean(REFIT, true,
                "after early stopping, retrain on all interactions for the best number of epochs");
    }

    /** The threads declaration: core's one {@code threads} parameter. */
    public static ParamSpec threads() {
        return Parallel.threadsParam("mini-batch training");
    }

    /** The runner for the {@code threads} parameter of {@code p}. */
    public static Parallel parallel(Params p) {
        return new Parallel(p.getInt(THREADS));
    }

    /** The optimizer configured by the learning rate and weight decay parameters. */
    public static dev.recsys.internal.optim.Optimizer adam(Params p) {
        double wd = p.getDouble(WEIGHT_DECAY);
        dev.recsys.internal.optim.OptimizerConfig.Builder b = dev.recsys.internal.optim.OptimizerConfig
                .builder(wd > 0 ? dev.recsys.internal.optim.OptimizerConfig.Kind.ADAMW
                        : dev.recsys.internal.optim.OptimizerConfig.Kind.ADAM)
                .learningRate(p.getFloat(LR))
                .weightDecay((float) wd);
        return b.build().create();
    }

    /**
     * The optimizer of {@link #adam(Params)} with a cosine learning-rate decay from the learning rate
     * to 0 over {@code totalSteps} updates (Loshchilov and Hutter 2017, no restarts).
     *
     * @param totalSteps planned updates, at least 1
     */
    public static dev.recsys.internal.optim.Optimizer adamCosine(Params p, long totalSteps) {
        double wd = p.getDouble(WEIGHT_DECAY);
        float lr = p.getFloat(LR);
        return dev.recsys.internal.optim.OptimizerConfig
                .builder(wd > 0 ? dev.recsys.internal.optim.OptimizerConfig.Kind.ADAMW
                        : dev.recsys.internal.optim.OptimizerConfig.Kind.ADAM)
                .schedule(dev.recsys.internal.optim.LearningRateSchedule.cosine(lr, 0f, Math.max(1, totalSteps)))
                .weightDecay((float) wd)
                .build().create();
    }
}
