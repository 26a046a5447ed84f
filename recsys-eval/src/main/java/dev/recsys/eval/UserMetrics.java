package dev.recsys.eval;

import dev.recsys.api.Scene;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Per-user metric values of one evaluation: one row per evaluated (user, scene) unit, one column
 * per per-user metric (rating, ranking and list metrics; aggregate metrics such as coverage have no
 * per-user value). A cell is empty when the metric is undefined for that row, e.g. RMSE for a user
 * without test ratings, or diversity of a list with fewer than two items. Write it with
 * {@link dev.recsys.eval.output.CsvOutput#writePerUser} to check aggregates with another tool: the
 * overall value of a ranking or list metric is the plain mean of its non-empty cells.
 *
 * <p>Thread safety: immutable.
 */
public final class UserMetrics {
    private final String[] users;
    private final int[] userIndex;
    private final Scene[] scenes;
    private final List<String> metrics;
    private final double[][] values; // [column][row], NaN = undefined (never returned)

    UserMetrics(String[] users, int[] userIndex, Scene[] scenes, List<String> metrics, double[][] values) {
        this.users = users;
        this.userIndex = userIndex;
        this.scenes = scenes;
        this.metrics = List.copyOf(metrics);
        this.values = values;
    }

    /** Number of rows (evaluated units). */
    public int rows() {
        return users.length;
    }

    /** External id of the row's user. */
    public String user(int row) {
        return users[check(row)];
    }

    /** Dense index of the row's user. */
    public int userIndex(int row) {
        return userIndex[check(row)];
    }

    /** The row's scene ({@link Scene#HOME} for events without scene). */
    public Scene scene(int row) {
        return scenes[check(row)];
    }

    /** Metric names of the columns, in order. */
    public List<String> metrics() {
        return metrics;
    }

    /**
     * The column of a metric.
     *
     * @throws IllegalArgumentException listing the columns if there is none with this name
     */
    public int column(String metric) {
        int c = metrics.indexOf(metric);
        if (c < 0) {
            throw new IllegalArgumentException("no per-user values for metric '" + metric + "'; available: " + metrics);
        }
        return c;
    }

    /** Whether the cell holds a value. */
    public boolean has(int row, int column) {
        return !Double.isNaN(values[checkColumn(column)][check(row)]);
    }

    /** The cell's value, or empty if undefined. */
    public OptionalDouble value(int row, int column) {
        double v = values[checkColumn(column)][check(row)];
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * The cell's value.
     *
     * @throws IllegalStateException if the cell is empty
     */
    public double get(int row, int column) {
        double v = values[checkColumn(column)][check(row)];
        if (Double.isNaN(v)) {
            throw new IllegalStateException("metric " + metrics.get(column) + " is undefined for user " + users[row]
                    + " on scene " + scenes[row]);
        }
        return v;
    }

    private int check(int row) {
        if (row < 0 || row >= users.length) {
            throw new IndexOutOfBoundsException("row " + row + " out of range 0.." + (users.length - 1));
        }
        return row;
    }

    private int checkColumn(int c) {
        if (c < 0 || c >= metrics.size()) {
            throw new IndexOutOfBoundsException("column " + c + " out of range 0.." + (metrics.size() - 1));
        }
        return c;
    }
}
