/**
 * Evaluation of recommenders: metrics, candidate handling, per-scene evaluation and results.
 *
 * <p>Typical use (what the CLI's {@code evaluate} does):
 * <pre>{@code
 * Interactions train = ...;                                  // loaded or from a SplitProtocol
 * Interactions test = ...;                                   // shares train.users()/train.items()
 * TrainedModel model = algorithm.train(new TrainingData(Dataset.of(train), options), params, listener);
 * EvaluationOptions o = EvaluationOptions.builder()
 *         .historyOptions(options)                           // as the model was trained
 *         .splitDescription("predefined u1.base/u1.test")
 *         .build();
 * EvaluationResult r = Evaluator.of("precision@10,recall@10,ndcg@10", o)
 *         .evaluate(train, test, model)
 *         .withTrainSeconds(seconds);
 * System.out.print(ConsoleTable.format(r));                 // dev.recsys.eval.output
 * JsonOutput.write(Path.of("result.json"), List.of(r));
 * CsvOutput.writePerUser(Path.of("per-user.csv"), r);
 * CsvOutput.writeRankings(Path.of("rankings.csv"), r);
 * }</pre>
 * Two models on one split are compared with {@link dev.recsys.eval.stats.PairedComparison};
 * {@link dev.recsys.eval.Evaluator#curve} gives precision/recall/NDCG for k = 1..50 for charts.
 * {@link dev.recsys.eval.FoldSummary} summarises results over folds (mean, standard deviation);
 * {@link dev.recsys.eval.ColdStartEvaluation} is the item cold-start protocol (items held out
 * entirely, recall@K against random and attribute-popularity references).
 * {@link dev.recsys.eval.Tuner} chooses an algorithm and its parameters on a validation split cut
 * from the training data within a time budget ({@link dev.recsys.eval.TuningOptions},
 * {@link dev.recsys.eval.TuningResult}); it also serves {@code Recommenders.tune} in the core.
 * {@link dev.recsys.eval.SceneComparison} is the scene protocol (what {@code recsys scene-compare}
 * runs): per scene, a scene-aware model against the same model without scenes, per-scene models
 * and the best scene-blind model, with splits won and paired tests; {@link dev.recsys.eval.SceneData}
 * builds its data sets (MovieLens 100K age groups, the synthetic shop).
 *
 * <p>Every result carries a one-line protocol description ({@link dev.recsys.eval.EvaluationOptions#describe()})
 * stating the split, which test items are relevant, whether training items are excluded, and
 * whether the ranking was full-catalogue or sampled, and whether short lists were filled
 * ({@link dev.recsys.eval.EvaluationFill} gives the serving path's fill order, as
 * {@code recsys recommend} fills).
 *
 * <p>Scenes that answer for a context (a cart, the item on screen) are evaluated by the context
 * protocols of {@link dev.recsys.eval.context} through the serving path.
 */
package dev.recsys.eval;
