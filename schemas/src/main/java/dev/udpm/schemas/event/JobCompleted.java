package dev.udpm.schemas.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.job.Lineage;

/**
 * {@code type: completed}: every object is stored and the job manifest was written last.
 *
 * @param objects      the stored objects (images, grid), each with its sha256
 * @param manifestKey  key of the job manifest, {@code jobs/{jobId}/manifest.json}
 * @param modelName    model that served the job
 * @param modelVersion exact version that served the job
 * @param timings      where the time went
 * @param manifestSha256 bulk jobs: sha256 of the merged manifest (then {@code objects} is empty), else {@code null}
 * @param objectCount  bulk jobs: images listed by the shard manifests, else {@code null}
 * @param lineage      the job manifest's lineage, or {@code null} when it has none
 * @param traceId the W3C trace id of the job's trace (32 hex digits), or {@code null} when not traced
 */
public record JobCompleted(String jobId, Instant time, String workerId, Map<String, String> callback,
        List<StoredObject> objects, String manifestKey, String modelName, String modelVersion, Timings timings,
        String manifestSha256, Integer objectCount, Lineage lineage, String traceId) implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "completed";

    public JobCompleted {
        callback = Collections2.copy(callback);
        objects = Collections2.copy(objects);
    }

    /** {@code completed} without trace id. */
    public JobCompleted(String jobId, Instant time, String workerId, Map<String, String> callback,
            List<StoredObject> objects, String manifestKey, String modelName, String modelVersion, Timings timings,
            String manifestSha256, Integer objectCount, Lineage lineage) {
        this(jobId, time, workerId, callback, objects, manifestKey, modelName, modelVersion, timings,
                manifestSha256, objectCount, lineage, null);
    }

    @Override
    public JobCompleted withTraceId(String traceId) {
        return new JobCompleted(jobId, time, workerId, callback, objects, manifestKey, modelName, modelVersion,
                timings, manifestSha256, objectCount, lineage, traceId);
    }

    /** Completed event without lineage (as written before it existed). */
    public JobCompleted(String jobId, Instant time, String workerId, Map<String, String> callback,
            List<StoredObject> objects, String manifestKey, String modelName, String modelVersion, Timings timings,
            String manifestSha256, Integer objectCount) {
        this(jobId, time, workerId, callback, objects, manifestKey, modelName, modelVersion, timings, manifestSha256,
                objectCount, null);
    }

    /** Completed event of a single job (every object listed). */
    public JobCompleted(String jobId, Instant time, String workerId, Map<String, String> callback,
            List<StoredObject> objects, String manifestKey, String modelName, String modelVersion, Timings timings) {
        this(jobId, time, workerId, callback, objects, manifestKey, modelName, modelVersion, timings, null, null,
                null);
    }

    /** Whether this completes a bulk job (the merged manifest, not the event, lists the objects). */
    public boolean completesBulk() {
        return manifestSha256 != null;
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_JOB_COMPLETED;
    }

    @Override
    public boolean terminal() {
        return true;
    }
}
