package dev.udpm.worker.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to {@code POST /v1/jobs}.
 *
 * @param jobId the job's id (the request's {@code jobId})
 * @param status {@code submitted}: the job is on {@code udpm.jobs}
 * @param statusUrl where to look for its result ({@code GET /v1/jobs/{jobId}})
 */
@Schema(name = "JobSubmitted")
public record JobSubmitted(String jobId, String status, String statusUrl) {
}
