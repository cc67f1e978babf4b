package dev.udpm.schemas.status;

import java.time.Instant;
import java.util.List;

import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;

/**
 * A job's state folded from its events ({@link JobStateFold}), the same on every reader of {@code udpm.job-events}:
 * the value of the workers' status store, the body of {@code GET /v1/jobs/{jobId}}, and what the CLI and the client
 * library show. Immutable. Absent fields are left out of the JSON.
 *
 * @param jobId the job
 * @param status where it is
 * @param done images finished (last {@code progress}; {@code total} once completed), or null before any progress
 * @param total images of the job (from {@code progress}), or null before any progress
 * @param workerId the worker that wrote the last applied event
 * @param acceptedAt when a worker accepted the current attempt, or null if no {@code accepted} was seen
 * @param updatedAt time of the last applied event
 * @param objects when completed: every stored object (key, sha256, size, content type)
 * @param manifestKey when completed: {@code jobs/{jobId}/manifest.json}
 * @param modelName when completed: the model that served the job
 * @param modelVersion when completed: the exact version
 * @param failureCode when failed: the machine-readable reason
 * @param failureMessage when failed: what went wrong and what to do
 * @param failureField when failed: JSON pointer of the offending request field, or null
 * @param shards bulk jobs: how many shards the job was split into (from the shards' progress), else null
 * @param shardsDone bulk jobs: shards that reported all their images done
 * @param shardProgress bulk jobs: images done per shard (the highest reported; a redone shard never goes back)
 * @param manifestSha256 bulk jobs, when completed: sha256 of the merged manifest
 * @param objectCount bulk jobs, when completed: images listed by the shard manifests
 * @param tenant the tenant of the job's request (from its {@code accepted} event), or null: a tenant's API key
 *     sees and cancels only its tenant's jobs, jobs without tenant only admin keys
 */
public record JobState(String jobId, JobPhase status, Integer done, Integer total, String workerId,
        Instant acceptedAt, Instant updatedAt, List<StoredObject> objects, String manifestKey, String modelName,
        String modelVersion, FailureCode failureCode, String failureMessage, String failureField, Integer shards,
        Integer shardsDone, List<Integer> shardProgress, String manifestSha256, Integer objectCount, String tenant) {

    public JobState {
        objects = Collections2.copy(objects);
        shardProgress = Collections2.copy(shardProgress);
    }

    /** A state without tenant. */
    public JobState(String jobId, JobPhase status, Integer done, Integer total, String workerId, Instant acceptedAt,
            Instant updatedAt, List<StoredObject> objects, String manifestKey, String modelName, String modelVersion,
            FailureCode failureCode, String failureMessage, String failureField, Integer shards, Integer shardsDone,
            List<Integer> shardProgress, String manifestSha256, Integer objectCount) {
        this(jobId, status, done, total, workerId, acceptedAt, updatedAt, objects, manifestKey, modelName,
                modelVersion, failureCode, failureMessage, failureField, shards, shardsDone, shardProgress,
                manifestSha256, objectCount, null);
    }

    /** The state of a single (not bulk) job. */
    public JobState(String jobId, JobPhase status, Integer done, Integer total, String workerId, Instant acceptedAt,
            Instant updatedAt, List<StoredObject> objects, String manifestKey, String modelName, String modelVersion,
            FailureCode failureCode, String failureMessage, String failureField) {
        this(jobId, status, done, total, workerId, acceptedAt, updatedAt, objects, manifestKey, modelName,
                modelVersion, failureCode, failureMessage, failureField, null, null, null, null, null);
    }

    /** This state owned by {@code owner} (null = no tenant). */
    JobState withTenant(String owner) {
        return java.util.Objects.equals(owner, tenant) ? this : new JobState(jobId, status, done, total, workerId,
                acceptedAt, updatedAt, objects, manifestKey, modelName, modelVersion, failureCode, failureMessage,
                failureField, shards, shardsDone, shardProgress, manifestSha256, objectCount, owner);
    }

    /** This state with the shard fields of {@code from} (a bulk job keeps its per-shard progress across events). */
    JobState withShardsOf(JobState from) {
        if (from == null || from.shards() == null) {
            return this;
        }
        return new JobState(jobId, status, done, total, workerId, acceptedAt, updatedAt, objects, manifestKey,
                modelName, modelVersion, failureCode, failureMessage, failureField, from.shards(), from.shardsDone(),
                from.shardProgress(), manifestSha256, objectCount);
    }
}
