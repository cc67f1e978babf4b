package dev.udpm.schemas.job;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.udpm.schemas.Limits;

/**
 * A job request (schema {@code job-request.schema.json}): on topic {@code udpm.jobs} keyed by {@link #jobId()},
 * or the body of {@code POST /jobs}. The JSON property {@code type} selects the record.
 *
 * <p>Common fields: {@code jobId} (client-chosen, safe in S3 keys and as a Kafka key), {@code submittedAt},
 * optional {@code tenant}, {@code priority} (higher runs sooner, absent = {@link Limits#DEFAULT_PRIORITY}),
 * {@code callback} (echoed in every event), {@code model} (required except for {@link CancelJob}) and
 * {@code webhook} (where the delivery service POSTs the job's events; echoed in the accepted event).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = GenerateJob.class, name = GenerateJob.TYPE),
    @JsonSubTypes.Type(value = InterpolateJob.class, name = InterpolateJob.TYPE),
    @JsonSubTypes.Type(value = SwapJob.class, name = SwapJob.TYPE),
    @JsonSubTypes.Type(value = PerturbJob.class, name = PerturbJob.TYPE),
    @JsonSubTypes.Type(value = CancelJob.class, name = CancelJob.TYPE)
})
public sealed interface JobRequest permits GenerateJob, InterpolateJob, SwapJob, PerturbJob, CancelJob {

    /** Client-chosen job id (pattern {@code ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$}). */
    String jobId();

    /** When the client submitted the job. */
    Instant submittedAt();

    /** Optional tenant, or {@code null}. */
    String tenant();

    /** Priority as sent (higher = sooner), or {@code null}; see {@link #effectivePriority()}. */
    Integer priority();

    /** Client metadata echoed in every event, or {@code null}. */
    Map<String, String> callback();

    /** Where the job's events are POSTed (echoed in the accepted event), or {@code null}. */
    Webhook webhook();

    /** The model to run, or {@code null} (allowed only for {@link CancelJob}). */
    ModelRef model();

    /** The wire value of {@code type}, e.g. {@code generate}. */
    String jobType();

    /** Number of images the job produces (0 for cancel). */
    int imageCount();

    /** {@link #priority()}, or {@link Limits#DEFAULT_PRIORITY} when absent. */
    default int effectivePriority() {
        return priority() == null ? Limits.DEFAULT_PRIORITY : priority();
    }
}
