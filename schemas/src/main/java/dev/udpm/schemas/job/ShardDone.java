package dev.udpm.schemas.job;

import java.time.Instant;

import dev.udpm.schemas.StoredObject;

/**
 * {@code type: shard-done}: the shard manifest is stored. Keyed by the parent jobId, so every shard-done of a job
 * reaches the one worker that owns the parent's partition, which merges the manifests once all are there.
 *
 * @param jobId the parent job
 * @param shard the range
 * @param manifest the stored shard manifest
 * @param workerId the worker that ran the shard
 * @param time when the shard finished
 */
public record ShardDone(String jobId, ShardRange shard, StoredObject manifest, String workerId, Instant time)
        implements ShardTask {

    /** Wire value of {@code type}. */
    public static final String TYPE = "shard-done";

    @Override
    public String recordKey() {
        return jobId;
    }
}
