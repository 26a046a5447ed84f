/**
 * Checks every trainer runs: the trained parameters are finite before a model is built, an
 * explicit-rating algorithm gets ratings, and a dense block fits the heap before it is allocated.
 * Internal.
 */
package dev.recsys.internal.train;
