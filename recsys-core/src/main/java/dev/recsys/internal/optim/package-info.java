/**
 * First-order optimizers shared by matrix factorisation and neural models: SGD (momentum,
 * Nesterov), Adam/AdamW and Adagrad with learning-rate schedules, gradient clipping, L2 and
 * decoupled weight decay; dense updates of a parameter block and lazy row-wise updates of
 * embedding tables. Internal.
 */
package dev.recsys.internal.optim;
