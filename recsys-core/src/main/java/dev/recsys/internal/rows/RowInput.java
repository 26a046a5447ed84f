package dev.recsys.internal.rows;

import java.io.IOException;

/**
 * A {@link dev.recsys.spi.ModelInput} that can hand over a float matrix without copying it onto
 * the heap (the model bundle loader maps it from the part files). {@link FactorRows#read} asks for
 * it; other inputs are read onto the heap.
 *
 * <p>Thread safety: as the input (not thread-safe).
 */
public interface RowInput {
    /**
     * Reads a float matrix written by {@link FactorRows#write}: the count, then {@code rows x dim}
     * floats, row-major.
     *
     * @param what what the rows are, for messages ("user factors")
     * @throws java.io.IOException if the count does not match or the data is truncated
     */
    FactorRows readRows(int rows, int dim, String what) throws IOException;
}
