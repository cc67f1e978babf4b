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
 */
public record JobFailed(String jobId, Instant time, String workerId, Map<String, String> callback,
        FailureCode code, String message, String field) implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "failed";

    public JobFailed {
        callback = Collections2.copy(callback);
    }

    /** Failed event for {@code request}, echoing its callback. */
    public static JobFailed of(JobRequest request, String workerId, Instant time, FailureCode code,
            String message, String field) {
        return new JobFailed(request.jobId(), time, workerId, request.callback(), code, message, field);
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
