package dev.udpm.schemas.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.udpm.schemas.Collections2;

/**
 * Which version of a model serves (schema {@code model-published.schema.json}); on topic {@code udpm.models},
 * keyed by {@link #name()}, compacted so the newest record per model survives. That record is the model's whole
 * rollout state: {@link #version()} is the latest (unpinned jobs go to it) and {@link #canary()}, when present,
 * takes a share of the unpinned jobs ({@link CanaryRouting}).
 *
 * @param name           model name
 * @param version        model version (the latest)
 * @param location       where the version's files are
 * @param manifestSha256 SHA-256 of the {@code manifest.json} bytes
 * @param created        when the version was exported
 * @param metrics        evaluation metrics (may be empty)
 * @param description    free text, or {@code null}
 * @param canary         a canary version and its share, or {@code null}
 * @param rollout        the operator action that wrote the record, or {@code null} (a plain publish)
 */
public record ModelPublished(String name, String version, Location location, String manifestSha256,
        Instant created, Map<String, Double> metrics, String description, Canary canary, Rollout rollout) {

    /** Schema file of this record. */
    public static final String SCHEMA = "model-published.schema.json";

    public ModelPublished {
        metrics = Collections2.copy(metrics);
    }

    /** A plain publish of one version, without canary (the form written before canaries existed). */
    public ModelPublished(String name, String version, Location location, String manifestSha256, Instant created,
            Map<String, Double> metrics, String description) {
        this(name, version, location, manifestSha256, created, metrics, description, null, null);
    }

    /** Key of the version's manifest: {@code location.prefix() + "manifest.json"}. */
    public String manifestKey() {
        return manifestKey(location);
    }

    /** The canary, if this record names one. */
    public Optional<Canary> canaryVersion() {
        return Optional.ofNullable(canary);
    }

    /** This record's latest version alone: no canary, no rollout action (what a worker verifies and loads). */
    public ModelPublished latestOnly() {
        return canary == null && rollout == null ? this
                : new ModelPublished(name, version, location, manifestSha256, created, metrics, description);
    }

    /** This record with {@code canary} (null: none) and {@code rollout}; the latest version is unchanged. */
    public ModelPublished withCanary(Canary canary, Rollout rollout) {
        return new ModelPublished(name, version, location, manifestSha256, created, metrics, description, canary,
                rollout);
    }

    private static String manifestKey(Location location) {
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

    /** The operator action that wrote an announcement (wire form: lower case). */
    public enum Rollout {
        @JsonProperty("publish") PUBLISH,
        @JsonProperty("canary") CANARY,
        @JsonProperty("promote") PROMOTE,
        @JsonProperty("rollback") ROLLBACK
    }

    /**
     * A canary version of the model and the share of unpinned jobs it takes.
     *
     * @param version        the canary version
     * @param location       where its files are
     * @param manifestSha256 SHA-256 of its {@code manifest.json} bytes
     * @param created        when it was exported
     * @param metrics        its evaluation metrics (may be empty)
     * @param percent        share of the unpinned jobs, 1..99
     */
    public record Canary(String version, Location location, String manifestSha256, Instant created,
            Map<String, Double> metrics, int percent) {

        public Canary {
            metrics = Collections2.copy(metrics);
        }

        /** {@code published}'s version as a canary taking {@code percent} % of the unpinned jobs. */
        public static Canary of(ModelPublished published, int percent) {
            Objects.requireNonNull(published, "published");
            return new Canary(published.version(), published.location(), published.manifestSha256(),
                    published.created(), published.metrics(), percent);
        }

        /** The canary version as a plain announcement of model {@code name} (what a worker verifies and loads). */
        public ModelPublished asPublished(String name) {
            return new ModelPublished(name, version, location, manifestSha256, created, metrics, null);
        }

        /** Key of the canary version's manifest. */
        public String manifestKey() {
            return ModelPublished.manifestKey(location);
        }
    }
}
