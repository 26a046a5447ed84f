/** Copies and column views of mutable data types kept by trained models (internal). */
package dev.recsys.internal.snapshot;
