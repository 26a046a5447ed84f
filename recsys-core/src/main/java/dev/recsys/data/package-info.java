/**
 * The data model: behaviour events ({@link dev.recsys.data.Event}, {@link dev.recsys.data.Behavior}),
 * a column-wise event log with dense id indices ({@link dev.recsys.data.Interactions},
 * {@link dev.recsys.data.IdIndex}), item attributes ({@link dev.recsys.data.ItemCatalog}), both
 * together as a {@link dev.recsys.data.Dataset}, and the sparse user x item matrices algorithms train
 * on ({@link dev.recsys.data.InteractionMatrix}, built by {@link dev.recsys.data.MatrixBuilder} with
 * per-behaviour weights, the {@link dev.recsys.data.ValueTransform} of implicit values, aggregation
 * and time decay from {@link dev.recsys.data.MatrixOptions}).
 *
 * <p>Files are read and written by {@code dev.recsys.data.io}; synthetic shops come from
 * {@code dev.recsys.synth}.
 */
package dev.recsys.data;
