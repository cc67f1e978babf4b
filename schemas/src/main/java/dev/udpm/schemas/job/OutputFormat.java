package dev.udpm.schemas.job;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code output.format} of a generate job (job-request.schema.json): how its images are stored. */
public enum OutputFormat {
    /** One object {@code jobs/{jobId}/{index:06d}.png} per image (the default). */
    @JsonProperty("png")
    PNG,
    /** WebDataset-style tar shards {@code jobs/{jobId}/tar/{first:06d}.tar} of {@code samplesPerShard} samples. */
    @JsonProperty("shards")
    SHARDS
}
