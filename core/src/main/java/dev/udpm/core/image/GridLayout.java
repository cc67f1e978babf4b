package dev.udpm.core.image;

/**
 * How {@link ImageGrid} lays tiles out.
 *
 * @param columns tiles per row, at least 1 (fewer tiles than columns give one row of just those tiles)
 * @param padding background pixels between tiles and around the border, at least 0
 * @param background the value in [-1, 1] of every channel of the padding and of empty cells
 *     (-1 black, 1 white)
 */
public record GridLayout(int columns, int padding, double background) {

    public GridLayout {
        if (columns < 1) {
            throw new IllegalArgumentException("grid columns = " + columns + " must be at least 1");
        }
        if (padding < 0) {
            throw new IllegalArgumentException("grid padding = " + padding + " pixels must be >= 0");
        }
        if (!(background >= -1.0 && background <= 1.0)) {
            throw new IllegalArgumentException("grid background = " + background + " must be in [-1, 1]");
        }
    }

    /** {@code columns} per row, 2 pixels of white padding. */
    public static GridLayout of(int columns) {
        return new GridLayout(columns, 2, 1.0);
    }
}
