/**
 * Context protocols: evaluation of the scenes that answer for a context rather than for a user,
 * through the serving path ({@link dev.recsys.serving.RecommenderModel#recommender()}) with the
 * scene they represent.
 * <ul>
 *   <li>{@link dev.recsys.eval.context.BasketProtocol} — basket completion on the {@code cart}
 *       scene: one item of each test basket is held out, the rest is the cart;</li>
 *   <li>{@link dev.recsys.eval.context.SessionProtocol} — next item in a session on the
 *       {@code item-detail} scene: the session's prefix is given as the request's recent events and
 *       its last item as the current item; {@link dev.recsys.eval.context.SessionProtocol#leaveLastOut} the
 *       leave-last-out next-item protocol of sequence models over the whole catalogue, with its split by time
 *       ({@link dev.recsys.eval.context.SessionProtocol#leaveLastOutSplit}; applied twice, the validation cut).</li>
 * </ul>
 * Both group the test events by the protocol's id column (basket or session ids,
 * {@link dev.recsys.data.Interactions#hasBaskets()}) when the log has one, else by a time gap, and
 * say which in {@link dev.recsys.eval.context.ContextProtocol#rule(dev.recsys.data.Interactions)}.
 * Both report HitRate@k, MRR@k and NDCG@k over their cases ({@link dev.recsys.eval.context.ContextResult}),
 * are deterministic for a seed and give the same figures for any thread count.
 */
package dev.recsys.eval.context;
