package dev.udpm.schemas.event;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.job.JobRequest;
import java.time.Instant;
import java.util.Map;

/**
 * {@code type: progress}: {@code done} of {@code total} images finished.
 *
 * @param done  finished images, 0..total
 * @param total images of the job, >= 1
 */
public record JobProgress(String jobId, Instant time, String workerId, Map<String, String> callback,
        int done, int total) implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "progress";

    public JobProgress {
        callback = Collections2.copy(callback);
    }

    /** Progress event for {@code request}, echoing its callback. */
    public static JobProgress of(JobRequest request, String workerId, Instant time, int done, int total) {
        return new JobProgress(request.jobId(), time, workerId, request.callback(), done, total);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_JOB_PROGRESS;
    }
}
