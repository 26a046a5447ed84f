/**
 * Internal: users' event sequences in time order, shared by the session models ({@code vsknn} here,
 * {@code sasrec} and {@code gru4rec} in recsys-nn). Not public API.
 */
package dev.recsys.internal.sequence;
