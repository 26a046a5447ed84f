/**
 * Model files: the versioned binary model file format ({@link dev.recsys.modelfile.ModelFiles}) and
 * the little-endian {@link dev.recsys.spi.ModelOutput}/{@link dev.recsys.spi.ModelInput}
 * implementations models write their payload through. No Java serialization. Data files
 * (interaction logs, item catalogs) are read by {@code dev.recsys.data.io}.
 */
package dev.recsys.modelfile;
