/**
 * Scene-aware neural recommendation: {@link dev.recsys.nn.scene.SceneStar}, a STAR-style model
 * that shares user and item representations across scenes and learns per-scene gates and biases.
 */
package dev.recsys.nn.scene;
