/**
 * Serving: a trained model bundled with its id indices, history, catalogue, popularity and the
 * summary of its training events ({@link dev.recsys.serving.RecommenderModel}) and the training
 * facade ({@link dev.recsys.serving.Recommenders}). A model serves through
 * {@link dev.recsys.serving.RecommenderModel#recommender()}, the
 * {@link dev.recsys.scene.SceneEngine} that ranks every request: one pipeline for cold start,
 * exclusions, filters, candidates, diversity, backfill and explanations.
 * {@link dev.recsys.serving.Recommenders#tune} chooses the algorithm automatically through the
 * {@link dev.recsys.serving.AutoTuner} service, which recsys-eval provides.
 */
package dev.recsys.serving;
