/**
 * Seeded synthetic multi-scene e-commerce data with planted user tastes, complementary categories
 * and repeatable consumables: {@link dev.recsys.synth.SyntheticGenerator#generate} with a
 * {@link dev.recsys.synth.SyntheticConfig} gives a {@link dev.recsys.synth.SyntheticData}.
 */
package dev.recsys.synth;
