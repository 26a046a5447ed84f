/**
 * Implementation of the scene-aware model of {@code dev.recsys.nn.scene}: network, training loop,
 * trained model. Not an API.
 */
package dev.recsys.nn.scene.internal;
