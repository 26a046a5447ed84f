/**
 * Scene-engine benchmarks: {@code recommend} over 100,000 items at k = 64 with scene filters, on one
 * and two threads, and the cost of recording one event (fold-in included).
 */
package dev.recsys.bench.scene;
