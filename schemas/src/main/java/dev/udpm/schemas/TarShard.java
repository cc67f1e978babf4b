package dev.udpm.schemas;

/**
 * Format shards: one tar shard of a job (common.schema.json {@code $defs/tarShard}), samples
 * {@code first..first+count-1} in index order.
 *
 * @param key    {@code jobs/{jobId}/tar/{first:06d}.tar}
 * @param sha256 SHA-256 of the whole tar file
 * @param size   its size in bytes
 * @param first  index of its first sample
 * @param count  samples in it
 */
public record TarShard(String key, String sha256, long size, int first, int count) {

    /** Media type of a tar shard. */
    public static final String CONTENT_TYPE = "application/x-tar";

    /** This shard as a stored object (how {@code objects} lists it). */
    public StoredObject asStoredObject() {
        return StoredObject.of(key, sha256, size, CONTENT_TYPE);
    }
}
