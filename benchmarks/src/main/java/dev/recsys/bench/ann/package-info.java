/**
 * Serving at catalogue scale (issue 21): quantised exact scoring (int8, bf16 against float), the
 * HNSW index (build time, search latency percentiles, recall printed at set-up) and
 * {@code recommend} with the default scenes on a million items; {@link dev.recsys.bench.ann.AnnRecall}
 * is a plain main for recall and memory figures. See {@code benchmarks/README.md}.
 */
package dev.recsys.bench.ann;
