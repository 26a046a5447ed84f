/**
 * Internals of the experiment module (the assignment hash, statistics helpers). Not public API:
 * may change without notice.
 */
package dev.recsys.experiment.internal;
