package dev.udpm.schemas.event;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.job.JobRequest;
import java.time.Instant;
import java.util.Map;

/**
 * {@code type: accepted}: a worker took the job (validated, model resolved).
 *
 * @param tenant the request's tenant, echoed (null if it has none): the job-status store records whose job it is
 */
public record JobAccepted(String jobId, Instant time, String workerId, Map<String, String> callback, String tenant)
        implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "accepted";

    public JobAccepted {
        callback = Collections2.copy(callback);
    }

    /** An accepted event without tenant. */
    public JobAccepted(String jobId, Instant time, String workerId, Map<String, String> callback) {
        this(jobId, time, workerId, callback, null);
    }

    /** Accepted event for {@code request}, echoing its callback and tenant. */
    public static JobAccepted of(JobRequest request, String workerId, Instant time) {
        return new JobAccepted(request.jobId(), time, workerId, request.callback(), request.tenant());
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
