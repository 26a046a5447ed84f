/**
 * JMH benchmarks of the neural models (recsys-nn): a 1024 x 1024 dense layer forward + backward
 * (GFLOP/s), one Mult-VAE autoencoder epoch on MovieLens 100K u1.base (ms), and NeuMF training
 * throughput (samples/s). All single-threaded; run the forks on JDK 25 with the Vector API.
 */
package dev.recsys.bench.nn;
