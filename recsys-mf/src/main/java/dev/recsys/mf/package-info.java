/**
 * Matrix-factorization and item-item algorithms, found by name once recsys-mf is on the class path:
 * {@code biased-mf} ({@link dev.recsys.mf.BiasedMf}), {@code svdpp} ({@link dev.recsys.mf.SvdPlusPlus})
 * and {@code als} ({@link dev.recsys.mf.Als}) for explicit ratings; {@code ials}
 * ({@link dev.recsys.mf.ImplicitAls}), {@code bpr} ({@link dev.recsys.mf.Bpr}) and {@code ease}
 * ({@link dev.recsys.mf.Ease}) for implicit feedback; {@code scene-ease} ({@link dev.recsys.mf.SceneEase}),
 * EASE with a matrix per scene of the training events, picked by the query's scene, and {@code scene-ials}
 * ({@link dev.recsys.mf.SceneIals}), implicit ALS with per-scene item offsets. Each trains into a model class of this package
 * that folds new events of a user in without retraining (closed form where the objective allows).
 *
 * <p>Applications use them through {@link dev.recsys.serving.Recommenders#train} with the algorithm
 * name and text parameters; the classes here document the maths, the parameters and the defaults.
 * Numerical code lives in {@code dev.recsys.mf.internal} (not public API). Parameter choices are
 * described in the module's {@code TUNING.md}.
 */
package dev.recsys.mf;
