/** Session models: the leave-last-out quality run and the next-item serving benchmark. */
package dev.recsys.bench.session;
