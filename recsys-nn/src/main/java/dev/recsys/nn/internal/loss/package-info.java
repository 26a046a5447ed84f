/**
 * Loss functions, each computing the mean loss of a mini-batch and its gradient with respect to
 * the model outputs in one pass (double accumulation of the loss): mean squared error, binary
 * cross-entropy on logits (plain and with sampled negatives), multinomial log-likelihood over a
 * softmax, and the Gaussian KL divergence of a VAE with its annealing schedule.
 *
 * <p>Internal to recsys-nn, not public API: the package may change in any release and is left
 * out of the published javadoc. Applications use the models through
 * {@link dev.recsys.serving.Recommenders}.
 */
package dev.recsys.nn.internal.loss;
