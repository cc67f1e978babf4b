package dev.udpm.schemas.event;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.job.JobRequest;
import java.time.Instant;
import java.util.Map;

/**
 * {@code type: failed}: the job ended without a result.
 *
 * @param code    machine-readable reason
 * @param message human-readable explanation and what to do
 * @param field   JSON pointer of the offending request field (e.g. {@code /count}), or {@code null}
 * @param tenant  the request's tenant, echoed when the request was read (a job may fail before it is accepted)
 */
public record JobFailed(String jobId, Instant time, String workerId, Map<String, String> callback,
        FailureCode code, String message, String field, String tenant) implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "failed";

    public JobFailed {
        callback = Collections2.copy(callback);
    }

    /** A failed event without tenant. */
    public JobFailed(String jobId, Instant time, String workerId, Map<String, String> callback, FailureCode code,
            String message, String field) {
        this(jobId, time, workerId, callback, code, message, field, null);
    }

    /** Failed event for {@code request}, echoing its callback and tenant. */
    public static JobFailed of(JobRequest request, String workerId, Instant time, FailureCode code,
            String message, String field) {
        return new JobFailed(request.jobId(), time, workerId, request.callback(), code, message, field,
                request.tenant());
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_JOB_FAILED;
    }

    @Override
    public boolean terminal() {
        return true;
    }
}
