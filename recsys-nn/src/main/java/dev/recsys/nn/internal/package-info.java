/**
 * Implementation of the neural models behind the public algorithms of {@code dev.recsys.nn}:
 * networks, training loops and trained-model classes. Not an API.
 */
package dev.recsys.nn.internal;
