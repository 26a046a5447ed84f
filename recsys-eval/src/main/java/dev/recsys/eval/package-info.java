/** recsys-eval module. */
package dev.recsys.eval;
