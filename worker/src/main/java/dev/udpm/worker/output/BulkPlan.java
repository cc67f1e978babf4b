package dev.udpm.worker.output;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.ShardRange;

/**
 * {@code jobs/{jobId}/bulk.json}: how a bulk job was split, written before its shard tasks. A redelivered bulk job
 * finds it and republishes the SAME shards (same ranges, same pinned version), so a crash between writing the split
 * and acknowledging the job changes nothing; a different request content under the jobId is a
 * {@code JOB_ID_CONFLICT}. The owner of the job reads it to merge the shard manifests and to cancel the job.
 *
 * @param contentSha256 {@code RequestContent.sha256} of the request as submitted
 * @param request the request as submitted
 * @param modelVersion the version pinned for every shard (the one serving the model when the job was split)
 * @param shards the ranges, in order
 * @param created when the job was split
 * @param traceContext the W3C trace-context headers ({@code traceparent}, {@code tracestate}) of the span that split
 *     the job, or {@code null} (absent from the JSON) when the split was not traced: the one trace of the bulk job.
 *     Its shard records continue it, and so do its completion and cancel and a redelivered split (which keeps the
 *     stored value). Absent in a {@code bulk.json} written before it existed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkPlan(String contentSha256, GenerateJob request, String modelVersion, List<ShardRange> shards,
        Instant created, Map<String, String> traceContext) {

    public BulkPlan {
        shards = List.copyOf(shards);
        traceContext = traceContext == null || traceContext.isEmpty() ? null : Map.copyOf(traceContext);
    }

    /** The trace context to continue for this job: {@link #traceContext()}, or empty when the split was not traced. */
    public Map<String, String> traceContextOrEmpty() {
        return traceContext == null ? Map.of() : traceContext;
    }

    /** What every shard runs: the request with {@code model.version} pinned. */
    public GenerateJob pinnedRequest() {
        return request.withModelVersion(modelVersion);
    }

    /** Its key. */
    public String key() {
        return ObjectKeys.bulkKey(request.jobId());
    }
}
