/** JMH benchmarks. */
package dev.recsys.bench;
