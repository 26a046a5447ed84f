/**
 * Serving: a trained model bundled with its id indices, history, catalogue and popularity
 * ({@link dev.recsys.serving.RecommenderModel}), the training facade
 * ({@link dev.recsys.serving.Recommenders}) and the {@link dev.recsys.api.Recommender}
 * implementation that handles cold start, exclusions, filters, candidates, backfill and
 * explanations ({@link dev.recsys.serving.ModelRecommender}).
 */
package dev.recsys.serving;
