/** recsys-mf module. */
package dev.recsys.mf;
