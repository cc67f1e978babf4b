package dev.udpm.schemas.model;

import dev.udpm.schemas.Collections2;
import java.time.Instant;
import java.util.Map;

/**
 * A complete model version is in the object store (schema {@code model-published.schema.json}); on topic
 * {@code udpm.models}, keyed by {@link #name()}, compacted so the latest version per model survives.
 *
 * @param name           model name
 * @param version        model version
 * @param location       where the version's files are
 * @param manifestSha256 SHA-256 of the {@code manifest.json} bytes
 * @param created        when the version was exported
 * @param metrics        evaluation metrics (may be empty)
 * @param description    free text, or {@code null}
 */
public record ModelPublished(String name, String version, Location location, String manifestSha256,
        Instant created, Map<String, Double> metrics, String description) {

    /** Schema file of this record. */
    public static final String SCHEMA = "model-published.schema.json";

    public ModelPublished {
        metrics = Collections2.copy(metrics);
    }

    /** Key of the version's manifest: {@code location.prefix() + "manifest.json"}. */
    public String manifestKey() {
        String prefix = location.prefix();
        return (prefix.endsWith("/") ? prefix : prefix + "/") + ModelManifest.FILE_NAME;
    }

    /**
     * Bucket and key prefix of a model version.
     *
     * @param bucket S3 bucket
     * @param prefix key prefix, {@code models/{name}/{version}/}
     */
    public record Location(String bucket, String prefix) {
    }
}
