/** Top-k selection on primitive arrays (internal; no compatibility promise). */
package dev.recsys.internal.topk;
