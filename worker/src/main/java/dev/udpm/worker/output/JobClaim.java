package dev.udpm.worker.output;

import java.time.Instant;

import dev.udpm.schemas.ObjectKeys;

/**
 * {@code jobs/{jobId}/attempt.json}: written before a job's first image and deleted after its manifest, so an
 * object set without a manifest says which request content and model version made its images. A worker that
 * redoes a crashed job reuses the images found only when both match; a different content is a reused jobId
 * ({@code JOB_ID_CONFLICT}).
 *
 * @param jobId the job
 * @param contentSha256 {@code RequestContent.sha256} of the request
 * @param modelName model name
 * @param modelVersion exact version that makes the images
 * @param started when the attempt started
 */
public record JobClaim(String jobId, String contentSha256, String modelName, String modelVersion, Instant started) {

    /** File name of the claim inside {@code jobs/{jobId}/}. */
    public static final String FILE_NAME = "attempt.json";

    /** {@code jobs/{jobId}/attempt.json}. */
    public static String keyOf(String jobId) {
        return ObjectKeys.jobPrefix(jobId) + FILE_NAME;
    }
}
