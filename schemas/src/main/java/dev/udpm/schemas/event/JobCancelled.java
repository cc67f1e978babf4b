package dev.udpm.schemas.event;

import java.time.Instant;
import java.util.Map;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.job.JobRequest;

/**
 * {@code type: cancelled}: the job was cancelled before it completed.
 *
 * @param traceId the W3C trace id of the job's trace (32 hex digits), or {@code null} when not traced
 */
public record JobCancelled(String jobId, Instant time, String workerId, Map<String, String> callback,
        String traceId) implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "cancelled";

    public JobCancelled {
        callback = Collections2.copy(callback);
    }

    /** {@code cancelled} without trace id. */
    public JobCancelled(String jobId, Instant time, String workerId, Map<String, String> callback) {
        this(jobId, time, workerId, callback, null);
    }

    @Override
    public JobCancelled withTraceId(String traceId) {
        return new JobCancelled(jobId, time, workerId, callback, traceId);
    }

    /** Cancelled event for {@code request}, echoing its callback. */
    public static JobCancelled of(JobRequest request, String workerId, Instant time) {
        return new JobCancelled(request.jobId(), time, workerId, request.callback());
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_JOB_CANCELLED;
    }

    @Override
    public boolean terminal() {
        return true;
    }
}
