package dev.recsys.nn.internal.layers;

/**
 * A trainable tensor: a rows x cols row-major block of values with either a dense gradient of the
 * same shape or, for embedding-like tables, a {@link RowGradient} holding only the rows a batch
 * touched (so that updates cost what the batch touched).
 *
 * <p>Thread safety: not thread-safe; owned by one layer and trained by one thread at a time.
 */
public final class Parameter {
    private final String name;
    private final int rows;
    private final int cols;
    private final float[] value;
    private final float[] grad;
    private final RowGradient rowGrad;

    private Parameter(String name, int rows, int cols, boolean sparse) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("shape of " + name + " must be positive, got " + rows + " x " + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter " + name + " of " + rows + " x " + cols + " is too large");
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.value = new float[rows * cols];
        this.grad = sparse ? null : new float[rows * cols];
        this.rowGrad = sparse ? new RowGradient(rows, cols) : null;
    }

    /** A parameter with a dense gradient, values zero. */
    public static Parameter dense(String name, int rows, int cols) {
        return new Parameter(name, rows, cols, false);
    }

    /** A table whose gradient is kept per touched row, values zero. */
    public static Parameter sparseRows(String name, int rows, int cols) {
        return new Parameter(name, rows, cols, true);
    }

    /** Name (unique within a model), e.g. {@code enc1.W}. */
    public String name() {
        return name;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns (row length). */
    public int cols() {
        return cols;
    }

    /** Number of values. */
    public int size() {
        return value.length;
    }

    /** The values, row-major. Modified by training; callers may read and (for loading) overwrite. */
    public float[] value() {
        return value;
    }

    /** Whether the gradient is kept per touched row ({@link #rowGradient()}) instead of densely. */
    public boolean isSparse() {
        return rowGrad != null;
    }

    /**
     * The dense gradient (same shape as the values).
     *
     * @throws IllegalStateException for a sparse parameter
     */
    public float[] grad() {
        if (grad == null) {
            throw new IllegalStateException(name + " has a sparse row gradient");
        }
        return grad;
    }

    /**
     * The sparse row gradient.
     *
     * @throws IllegalStateException for a dense parameter
     */
    public RowGradient rowGradient() {
        if (rowGrad == null) {
            throw new IllegalStateException(name + " has a dense gradient");
        }
        return rowGrad;
    }

    /**
     * Overwrites the values.
     *
     * @param values exactly {@link #size()} values. Not modified.
     * @throws IllegalArgumentException if the length differs or a value is not finite
     */
    public void set(float[] values) {
        if (values == null || values.length != value.length) {
            throw new IllegalArgumentException("parameter " + name + " needs " + value.length + " values, got "
                    + (values == null ? "null" : values.length));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("parameter " + name + " value " + i + " is not finite: " + values[i]);
            }
        }
        System.arraycopy(values, 0, value, 0, value.length);
    }
}
