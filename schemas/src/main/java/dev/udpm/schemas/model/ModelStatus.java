package dev.udpm.schemas.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one worker did with a model version (schema {@code model-status.schema.json}); on topic
 * {@code udpm.model-status}, keyed by {@link #modelName()}.
 *
 * @param modelName model name
 * @param version   model version
 * @param status    loaded, rejected or unloaded
 * @param reason    why; required when rejected (which step failed and how), else optional
 * @param workerId  the worker
 * @param time      when it happened
 */
public record ModelStatus(String modelName, String version, Status status, String reason, String workerId,
        Instant time) {

    /** Schema file of this record. */
    public static final String SCHEMA = "model-status.schema.json";

    /** The outcome; wire values are lower case. */
    public enum Status {
        /** Downloaded, verified, loaded, warmed up and now serving. */
        @JsonProperty("loaded") LOADED,
        /** A step failed; the previous version keeps serving. */
        @JsonProperty("rejected") REJECTED,
        /** Released and closed (replaced by a newer version, or shutdown). */
        @JsonProperty("unloaded") UNLOADED
    }
}
