/**
 * Negative sampling for implicit-feedback training and sampled evaluation (uniform,
 * popularity-weighted, or from an empirical item pool) and Fisher-Yates shuffles, seeded by the
 * caller's random generator (internal; no compatibility promise).
 */
package dev.recsys.internal.sample;
