/**
 * The algorithm service-provider interface: what a module implements to add an algorithm that
 * {@link dev.recsys.serving.Recommenders#train} finds by name.
 *
 * <p>An {@link dev.recsys.spi.Algorithm} (registered in
 * {@code META-INF/services/dev.recsys.spi.Algorithm}) declares typed parameters
 * ({@link dev.recsys.spi.ParamSpec}, validated into {@link dev.recsys.spi.Params}), trains on
 * {@link dev.recsys.spi.TrainingData} reporting progress to a {@link dev.recsys.spi.TrainingListener},
 * and returns a {@link dev.recsys.spi.TrainedModel} that scores dense item indices for a
 * {@link dev.recsys.spi.Query} and writes itself through {@link dev.recsys.spi.ModelOutput}. Optional
 * capabilities: {@link dev.recsys.spi.FactorModel} (user and item vectors: similar items, fold-in)
 * and {@link dev.recsys.spi.Explainable}. {@link dev.recsys.spi.Algorithms} lists the providers on
 * the class path; an algorithm whose module is missing is named with the module to add.
 *
 * <p>Applications normally use only {@code TrainingListener} from here; the rest is for algorithm
 * authors.
 */
package dev.recsys.spi;
