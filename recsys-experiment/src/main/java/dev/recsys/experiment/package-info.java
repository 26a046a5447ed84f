/**
 * Online experiments a shop can trust.
 *
 * <ul>
 *   <li><b>Assignment</b>: {@link dev.recsys.experiment.Layer} and
 *       {@link dev.recsys.experiment.Experiment} hash units (users or sessions) with a salt into
 *       variants with traffic fractions, stably across restarts and machines;
 *       {@link dev.recsys.experiment.ExperimentPlan} holds overlapping layers;
 *       {@link dev.recsys.experiment.VariantRecommender} serves each variant's
 *       {@link dev.recsys.scene.SceneEngine} (its model or scene configuration).</li>
 *   <li><b>Logging</b>: {@link dev.recsys.experiment.EventLog}, an append-only CSV of
 *       {@link dev.recsys.experiment.LogEvent}s (impressions with the list, positions and variant;
 *       clicks, carts, purchases with revenue), read back strictly.</li>
 *   <li><b>Analysis</b>: {@link dev.recsys.experiment.ExperimentAnalysis} (per-variant
 *       {@link dev.recsys.experiment.Metric}s with delta-method intervals,
 *       {@link dev.recsys.experiment.AbTest} comparisons with the always-valid
 *       {@link dev.recsys.experiment.SequentialTest}, {@link dev.recsys.experiment.SampleRatio}
 *       mismatch checks, {@link dev.recsys.experiment.Interleaving} team-draft interleaving),
 *       {@link dev.recsys.experiment.SampleSize} planning and
 *       {@link dev.recsys.experiment.ExperimentReport} (text and HTML).</li>
 *   <li><b>Simulation</b>: {@link dev.recsys.experiment.ShopSimulator} replays experiments on the
 *       synthetic shop of {@link dev.recsys.synth.SyntheticGenerator}, whose planted tastes are the
 *       ground truth.</li>
 * </ul>
 */
package dev.recsys.experiment;
