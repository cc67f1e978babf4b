package dev.udpm.schemas.event;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.job.JobRequest;
import java.time.Instant;
import java.util.Map;

/** {@code type: accepted}: a worker took the job (validated, model resolved). */
public record JobAccepted(String jobId, Instant time, String workerId, Map<String, String> callback)
        implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "accepted";

    public JobAccepted {
        callback = Collections2.copy(callback);
    }

    /** Accepted event for {@code request}, echoing its callback. */
    public static JobAccepted of(JobRequest request, String workerId, Instant time) {
        return new JobAccepted(request.jobId(), time, workerId, request.callback());
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_JOB_ACCEPTED;
    }
}
