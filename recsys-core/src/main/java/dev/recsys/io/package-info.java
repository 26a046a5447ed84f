/**
 * The versioned binary model file format ({@link dev.recsys.io.ModelFiles}) and the little-endian
 * {@link dev.recsys.spi.ModelOutput}/{@link dev.recsys.spi.ModelInput} implementations models write
 * their payload through. No Java serialization.
 */
package dev.recsys.io;
