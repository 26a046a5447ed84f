/** recsys-nn module. */
package dev.recsys.nn;
