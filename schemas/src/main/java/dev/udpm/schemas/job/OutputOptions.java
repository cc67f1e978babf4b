package dev.udpm.schemas.job;

/**
 * Output options of a generate job; absent fields take the schema defaults.
 *
 * @param grid          also store {@code grid.png} (default false)
 * @param gridColumns   columns of the grid, or {@code null} for {@code ceil(sqrt(count))}
 * @param presignedUrls put presigned GET URLs in the completed event (default false)
 */
public record OutputOptions(Boolean grid, Integer gridColumns, Boolean presignedUrls) {

    /** Whether a grid image is wanted. */
    public boolean wantsGrid() {
        return Boolean.TRUE.equals(grid);
    }

    /** Whether presigned URLs are wanted. */
    public boolean wantsPresignedUrls() {
        return Boolean.TRUE.equals(presignedUrls);
    }

    /** The grid's column count for {@code count} images: {@link #gridColumns()} or {@code ceil(sqrt(count))}. */
    public int columnsFor(int count) {
        if (gridColumns != null) {
            return gridColumns;
        }
        int columns = (int) Math.ceil(Math.sqrt(count));
        return Math.max(columns, 1);
    }
}
