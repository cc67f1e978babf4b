package dev.udpm.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link StorageConfig} as a plain value, for code that builds its settings itself instead of reading Quarkus
 * configuration: the CLI (from its options) and tests (from an embedded S3 server).
 */
public record StorageSettings(String endpoint, String region, String accessKey, String secretKey, String bucket,
        Duration presignExpiry, Optional<Path> caFile) implements StorageConfig {

    /** {@link StorageConfig#healthInterval()}'s default. */
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(10);

    /** Presigned URLs valid for one hour, as {@link StorageConfig#presignExpiry()}'s default. */
    public static final Duration DEFAULT_PRESIGN_EXPIRY = Duration.ofHours(1);

    public StorageSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(presignExpiry, "presignExpiry");
        Objects.requireNonNull(caFile, "caFile");
    }

    /** Settings for a plain-http or publicly trusted endpoint, presigned URLs valid for an hour. */
    public static StorageSettings of(String endpoint, String region, String accessKey, String secretKey,
            String bucket) {
        return new StorageSettings(endpoint, region, accessKey, secretKey, bucket, DEFAULT_PRESIGN_EXPIRY,
                Optional.empty());
    }

    /** The readiness check's default interval (only a Quarkus app has a readiness check). */
    @Override
    public Duration healthInterval() {
        return DEFAULT_HEALTH_INTERVAL;
    }

    /** The same settings with {@code endpoint} instead (e.g. a proxy in front of the store). */
    public StorageSettings withEndpoint(String otherEndpoint) {
        return new StorageSettings(otherEndpoint, region, accessKey, secretKey, bucket, presignExpiry, caFile);
    }
}
