package dev.udpm.schemas.job;

/**
 * Shard {@code index} of {@code count} of a bulk job: the images with global index {@code from..to-1}
 * (schema {@code shard-task.schema.json#/$defs/shardRange}).
 *
 * @param index shard index, 0..count-1
 * @param count shards of the job
 * @param from first image index
 * @param to one past the last image index
 */
public record ShardRange(int index, int count, int from, int to) {

    /** Images of the shard. */
    public int size() {
        return to - from;
    }
}
