package dev.udpm.schemas.job;

import dev.udpm.schemas.Limits;

/**
 * Output options of a generate job; absent fields take the schema defaults.
 *
 * @param grid            also store {@code grid.png} (default false)
 * @param gridColumns     columns of the grid, or {@code null} for {@code ceil(sqrt(count))}
 * @param presignedUrls   put presigned GET URLs in the completed event (default false)
 * @param format          how the images are stored, or {@code null} for {@link OutputFormat#PNG}
 * @param samplesPerShard samples per tar shard with {@link OutputFormat#SHARDS}, or {@code null} for
 *                        {@link Limits#DEFAULT_SAMPLES_PER_SHARD}
 */
public record OutputOptions(Boolean grid, Integer gridColumns, Boolean presignedUrls, OutputFormat format,
        Integer samplesPerShard) {

    /** The options before {@code format} existed (PNG objects). */
    public OutputOptions(Boolean grid, Integer gridColumns, Boolean presignedUrls) {
        this(grid, gridColumns, presignedUrls, null, null);
    }

    /** Whether a grid image is wanted. */
    public boolean wantsGrid() {
        return Boolean.TRUE.equals(grid);
    }

    /** Whether presigned URLs are wanted. */
    public boolean wantsPresignedUrls() {
        return Boolean.TRUE.equals(presignedUrls);
    }

    /** The output format, {@link OutputFormat#PNG} when absent. */
    public OutputFormat formatOrDefault() {
        return format == null ? OutputFormat.PNG : format;
    }

    /** Samples per tar shard: {@link #samplesPerShard()} or {@link Limits#DEFAULT_SAMPLES_PER_SHARD}. */
    public int samplesPerShardOrDefault() {
        return samplesPerShard == null ? Limits.DEFAULT_SAMPLES_PER_SHARD : samplesPerShard;
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
