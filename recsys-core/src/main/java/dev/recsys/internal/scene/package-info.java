/**
 * Internals of the scene engine: per-model serving data ({@link dev.recsys.internal.scene.Generation}),
 * the summary of a model's training events it keeps ({@link dev.recsys.internal.scene.TrainingSummary},
 * reached through {@link dev.recsys.internal.scene.Summaries}), immutable per-user state snapshots
 * ({@link dev.recsys.internal.scene.UserState}), session co-occurrence associations
 * ({@link dev.recsys.internal.scene.Associations}) and the per-request ranking
 * ({@link dev.recsys.internal.scene.Ranker}).
 */
package dev.recsys.internal.scene;
