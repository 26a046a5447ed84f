/**
 * Training on Apache Spark for data one machine cannot hold, serving the result in the embedded
 * engine: {@link dev.recsys.spark.SparkEvents} reads events from any {@code Dataset<Row>} with the
 * core column mapping and matrix options; {@link dev.recsys.spark.DistributedIals} trains
 * {@code ials} with the core row solver on hash-partitioned blocks;
 * {@link dev.recsys.spark.ModelBundleExport} writes a sharded model bundle that
 * {@link dev.recsys.modelfile.ModelFiles#load} loads; {@link dev.recsys.spark.MllibImport} turns an
 * MLlib {@code ALSModel} into such a bundle; {@link dev.recsys.spark.SyntheticEvents} writes
 * Taobao-like synthetic events for scale runs. Spark is a {@code provided} dependency.
 */
package dev.recsys.spark;
