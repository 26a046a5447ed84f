/**
 * The one way the library runs work on several threads: {@link dev.recsys.internal.parallel.Parallel}
 * (fixed chunks claimed by the caller and shared daemon workers, the task's own exception rethrown)
 * and the one {@code threads} parameter every algorithm and evaluation option declares (internal; no
 * compatibility promise).
 */
package dev.recsys.internal.parallel;
