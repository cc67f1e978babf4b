package dev.udpm.schemas.event;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A job lifecycle event (schema {@code job-event.schema.json}) on topic {@code udpm.job-events}, keyed by
 * {@link #jobId()}. The JSON property {@code type} selects the record. Per job: {@link JobAccepted}, any
 * number of {@link JobProgress}, then exactly one of {@link JobCompleted}, {@link JobFailed},
 * {@link JobCancelled}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobAccepted.class, name = JobAccepted.TYPE),
    @JsonSubTypes.Type(value = JobProgress.class, name = JobProgress.TYPE),
    @JsonSubTypes.Type(value = JobCompleted.class, name = JobCompleted.TYPE),
    @JsonSubTypes.Type(value = JobFailed.class, name = JobFailed.TYPE),
    @JsonSubTypes.Type(value = JobCancelled.class, name = JobCancelled.TYPE)
})
public sealed interface JobEvent permits JobAccepted, JobProgress, JobCompleted, JobFailed, JobCancelled {

    /** The job's id. */
    String jobId();

    /** When the event happened. */
    Instant time();

    /** The worker that emitted it, or {@code null}. */
    String workerId();

    /** The request's callback, echoed, or {@code null}. */
    Map<String, String> callback();

    /** The W3C trace id of the job's trace (32 hex digits), or {@code null} when the worker does not trace. */
    String traceId();

    /** This event with {@code traceId} set ({@code null}: none). */
    JobEvent withTraceId(String traceId);

    /** The wire value of {@code type}, e.g. {@code completed}. */
    String eventType();

    /** The CloudEvents {@code ce_type} of this event, e.g. {@code dev.udpm.job.completed.v1}. */
    String cloudEventType();

    /** Whether this event ends the job (completed, failed or cancelled). */
    default boolean terminal() {
        return false;
    }
}
