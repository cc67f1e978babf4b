package dev.udpm.schemas.event;

import java.time.Instant;
import java.util.Map;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.job.JobRequest;

/**
 * {@code type: failed}: the job ended without a result.
 *
 * @param code    machine-readable reason
 * @param message human-readable explanation and what to do; cut to {@value #MAX_MESSAGE} characters
 * @param field   JSON pointer of the offending request field (e.g. {@code /count}), or {@code null}; cut to
 *                {@value #MAX_FIELD} characters (a pointer to a property with a hostile name can be any length),
 *                so a failed event always keeps its schema
 * @param tenant  the request's tenant, echoed when the request was read (a job may fail before it is accepted)
 * @param traceId the W3C trace id of the job's trace (32 hex digits), or {@code null} when not traced
 */
public record JobFailed(String jobId, Instant time, String workerId, Map<String, String> callback,
        FailureCode code, String message, String field, String tenant, String traceId) implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "failed";

    /** {@code maxLength} of {@code message} in job-event.schema.json. */
    public static final int MAX_MESSAGE = 4096;
    /** {@code maxLength} of {@code field} in job-event.schema.json. */
    public static final int MAX_FIELD = 1024;

    public JobFailed {
        callback = Collections2.copy(callback);
        message = cut(message, MAX_MESSAGE);
        field = cut(field, MAX_FIELD);
    }

    /** {@code failed} without trace id. */
    public JobFailed(String jobId, Instant time, String workerId, Map<String, String> callback,
            FailureCode code, String message, String field, String tenant) {
        this(jobId, time, workerId, callback, code, message, field, tenant, null);
    }

    @Override
    public JobFailed withTraceId(String traceId) {
        return new JobFailed(jobId, time, workerId, callback, code, message, field, tenant, traceId);
    }

    /**
     * {@code text} cut to {@code max} UTF-16 characters (so to at most {@code max} code points too), ending in "..."
     * when cut, never inside a surrogate pair.
     */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 3;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
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
