/**
 * Scene-engine benchmarks: {@code recommend} over 100,000 items at k = 64 with scene filters, on one
 * and two threads, the cost of recording one event, and the latency of both while model swaps run.
 */
package dev.recsys.bench.scene;
