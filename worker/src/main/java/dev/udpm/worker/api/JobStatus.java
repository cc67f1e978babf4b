package dev.udpm.worker.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to {@code GET /v1/jobs/{jobId}}, read from the object store.
 *
 * @param jobId the job
 * @param status {@code completed} (its manifest exists) or {@code pending} (no manifest yet: queued, running,
 *     failed or unknown; the {@code udpm.job-events} topic, key = jobId, tells which)
 * @param manifest the job manifest ({@code jobs/{jobId}/manifest.json}) when completed
 * @param detail explanation when pending
 */
@Schema(name = "JobStatus")
public record JobStatus(String jobId, String status,
        @Schema(description = "The job manifest (job-manifest.schema.json) when completed") JsonNode manifest,
        String detail) {
}
