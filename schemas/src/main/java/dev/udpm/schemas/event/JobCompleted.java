package dev.udpm.schemas.event;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.StoredObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code type: completed}: every object is stored and the job manifest was written last.
 *
 * @param objects      the stored objects (images, grid), each with its sha256
 * @param manifestKey  key of the job manifest, {@code jobs/{jobId}/manifest.json}
 * @param modelName    model that served the job
 * @param modelVersion exact version that served the job
 * @param timings      where the time went
 */
public record JobCompleted(String jobId, Instant time, String workerId, Map<String, String> callback,
        List<StoredObject> objects, String manifestKey, String modelName, String modelVersion, Timings timings)
        implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "completed";

    public JobCompleted {
        callback = Collections2.copy(callback);
        objects = Collections2.copy(objects);
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
