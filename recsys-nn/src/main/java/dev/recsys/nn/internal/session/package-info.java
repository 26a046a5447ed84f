/**
 * Internal: the session networks ({@code sasrec}, {@code gru4rec}), their trainer and model. Not
 * public API.
 */
package dev.recsys.nn.internal.session;
