/**
 * Serving: a trained model bundled with its id indices, history, catalogue, popularity and the
 * summary of its training events ({@link dev.recsys.serving.RecommenderModel}) and the training
 * facade ({@link dev.recsys.serving.Recommenders}). A model serves through
 * {@link dev.recsys.serving.RecommenderModel#recommender()}, the
 * {@link dev.recsys.scene.SceneEngine} that ranks every request: one pipeline for cold start,
 * exclusions, filters, candidates, diversity, backfill and explanations.
 */
package dev.recsys.serving;
