/**
 * The multi-scene engine: {@link dev.recsys.scene.SceneEngine} (per-scene strategies, real-time
 * event recording, atomic model swap), {@link dev.recsys.scene.SceneConfig} (sources, filters,
 * exclusions and diversity of a scene, typed as {@link dev.recsys.scene.Source},
 * {@link dev.recsys.scene.SceneFilter} and {@link dev.recsys.scene.Exclusion}) and
 * {@link dev.recsys.scene.Diversity}.
 */
package dev.recsys.scene;
