/**
 * Reading and writing data files: {@link dev.recsys.data.io.InteractionLoader} streams interaction
 * logs of the {@link dev.recsys.data.io.DataFormat}s (MovieLens, Taobao, RetailRocket, generic CSV
 * described by a {@link dev.recsys.data.io.ColumnMapping}) into
 * {@link dev.recsys.data.Interactions}; {@link dev.recsys.data.io.ItemCatalogLoader} fills an
 * {@link dev.recsys.data.ItemCatalog}; {@link dev.recsys.data.io.CsvWriter} writes both back as
 * CSV; {@link dev.recsys.data.io.SharedData} locates the shared evaluation data folder. Malformed
 * input raises a {@link dev.recsys.data.io.DataFileException} naming file, line and problem;
 * {@link dev.recsys.data.io.LoadOptions} sets leniency, the accepted value and time ranges, the
 * longest line and the shop's own behaviour names.
 */
package dev.recsys.data.io;
