/**
 * Negative sampling for implicit-feedback training (uniform, popularity-weighted, or from an
 * empirical item pool), seeded by the caller's random generator (internal; no compatibility promise).
 */
package dev.recsys.internal.sample;
