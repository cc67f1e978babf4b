package dev.udpm.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where and how the fleet reaches its S3-compatible object store (MinIO in Kubernetes, S3Proxy locally).
 * Every key lives under {@code udpm.storage}; the defaults reach a stock local MinIO server
 * ({@code minio server}, credentials {@code minioadmin}). Checked at start-up by
 * {@link StorageConfigValidation}.
 */
@ConfigMapping(prefix = "udpm.storage")
public interface StorageConfig {

    /**
     * {@code udpm.storage.endpoint}: base URL of the S3 API, {@code http(s)://host[:port]}, without bucket
     * or path (path-style addressing is used).
     */
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    /**
     * {@code udpm.storage.region}: region the requests are signed for (AWS signature V4); MinIO and
     * S3Proxy accept the default.
     */
    @WithDefault("us-east-1")
    String region();

    /** {@code udpm.storage.access-key}: access key id. The default is MinIO's; change it in every deployment. */
    @WithDefault("minioadmin")
    String accessKey();

    /** {@code udpm.storage.secret-key}: secret key of {@link #accessKey()}. The default is MinIO's. */
    @WithDefault("minioadmin")
    String secretKey();

    /**
     * {@code udpm.storage.bucket}: the one bucket holding job outputs ({@code jobs/...}), models
     * ({@code models/...}) and training runs ({@code runs/...}). Must follow S3 bucket naming rules.
     */
    @WithDefault("udpm")
    String bucket();

    /**
     * {@code udpm.storage.presign-expiry}: how long a presigned GET URL handed to clients stays valid,
     * ISO-8601 ({@code PT1H}); between 1 second and 7 days (the S3 limit).
     */
    @WithDefault("PT1H")
    Duration presignExpiry();

    /**
     * {@code udpm.storage.ca-file}: a PEM file with the CA certificate(s) that signed the certificate of an
     * {@code https} endpoint, e.g. a private CA for MinIO in Kubernetes. When set, ONLY these CAs are trusted for the
     * object store (hostname verification stays on); unset, the JDK's CAs. Only valid with an https endpoint.
     */
    Optional<Path> caFile();

    /**
     * {@code udpm.storage.health-interval}: the longest time between two requests of the object-store readiness
     * check while it is UP (ISO-8601, {@code PT10S}); it asks again within a second when the store's own calls fail
     * and every second while DOWN, and a request hanging for 3 s turns it DOWN. Between 1 second and 1 minute.
     */
    @WithDefault("PT10S")
    Duration healthInterval();
}
