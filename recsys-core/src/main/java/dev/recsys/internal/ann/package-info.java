/**
 * Serving at catalogue scale (internal; no compatibility promise): quantised item factors (int8
 * with a scale per row, bfloat16), the HNSW candidate index built with Apache Lucene over the
 * float factors (maximum inner product), exact re-scoring of its candidates and cosine
 * similarity between items. Reached through {@code RecommenderModel.withServing} and
 * {@code ModelFiles.load(file, ServingOptions)}.
 */
package dev.recsys.internal.ann;
