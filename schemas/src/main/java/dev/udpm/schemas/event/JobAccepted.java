package dev.udpm.schemas.event;

import java.time.Instant;
import java.util.Map;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Collections2;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.Webhook;

/**
 * {@code type: accepted}: a worker took the job (validated, model resolved).
 *
 * @param tenant  the request's tenant, echoed (null if it has none): the job-status store records whose job it is
 * @param webhook the request's webhook, echoed (null if it has none): the webhook delivery service learns from
 *                this event where the job's later events go
 * @param traceId the W3C trace id of the job's trace (32 hex digits), or {@code null} when not traced
 */
public record JobAccepted(String jobId, Instant time, String workerId, Map<String, String> callback, String tenant,
        Webhook webhook, String traceId) implements JobEvent {

    /** Wire value of {@code type}. */
    public static final String TYPE = "accepted";

    public JobAccepted {
        callback = Collections2.copy(callback);
    }

    /** {@code accepted} without trace id. */
    public JobAccepted(String jobId, Instant time, String workerId, Map<String, String> callback, String tenant,
            Webhook webhook) {
        this(jobId, time, workerId, callback, tenant, webhook, null);
    }

    @Override
    public JobAccepted withTraceId(String traceId) {
        return new JobAccepted(jobId, time, workerId, callback, tenant, webhook, traceId);
    }

    /** An accepted event without webhook. */
    public JobAccepted(String jobId, Instant time, String workerId, Map<String, String> callback, String tenant) {
        this(jobId, time, workerId, callback, tenant, null);
    }

    /** An accepted event without tenant. */
    public JobAccepted(String jobId, Instant time, String workerId, Map<String, String> callback) {
        this(jobId, time, workerId, callback, null, null);
    }

    /** Accepted event for {@code request}, echoing its callback, tenant and webhook. */
    public static JobAccepted of(JobRequest request, String workerId, Instant time) {
        return new JobAccepted(request.jobId(), time, workerId, request.callback(), request.tenant(),
                request.webhook());
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
