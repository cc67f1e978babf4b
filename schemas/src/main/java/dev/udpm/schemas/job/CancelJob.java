package dev.udpm.schemas.job;

import java.time.Instant;
import java.util.Map;

import dev.udpm.schemas.Collections2;

/**
 * {@code type: cancel}: cancels the job with the same {@code jobId} (for clients without HTTP). Carries only
 * the common fields; a job already finished is unaffected.
 */
public record CancelJob(
        String jobId,
        Instant submittedAt,
        String tenant,
        Integer priority,
        Map<String, String> callback,
        ModelRef model,
        Webhook webhook) implements JobRequest {

    /** Wire value of {@code type}. */
    public static final String TYPE = "cancel";

    public CancelJob {
        callback = Collections2.copy(callback);
    }

    /** Without a webhook: the constructor before {@code webhook} existed. */
    public CancelJob(String jobId, Instant submittedAt, String tenant, Integer priority,
            Map<String, String> callback, ModelRef model) {
        this(jobId, submittedAt, tenant, priority, callback, model, null);
    }

    /** A cancel of job {@code jobId} sent at {@code submittedAt}. */
    public static CancelJob of(String jobId, Instant submittedAt) {
        return new CancelJob(jobId, submittedAt, null, null, null, null, null);
    }

    @Override
    public String jobType() {
        return TYPE;
    }

    @Override
    public int imageCount() {
        return 0;
    }
}
