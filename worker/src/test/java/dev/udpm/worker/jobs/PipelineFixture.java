package dev.udpm.worker.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageSettings;
import dev.udpm.worker.testmodels.TinyModelRegistry;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a pipeline test without Kafka runs on: a real object store (in-process S3Proxy) with one bucket, a client for
 * it, and the tiny model registry. A JUnit extension registered on a static field, started before the class's tests
 * and closed after them all:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final PipelineFixture FIXTURE = PipelineFixture.bucket("my-test");
 * </pre>
 */
public final class PipelineFixture implements BeforeAllCallback, AfterAllCallback {

    /** Validity of the store's presigned URLs. */
    private static final Duration PRESIGN_EXPIRY = Duration.ofMinutes(10);

    private final String bucket;
    private final Optional<OkHttpClient> http;
    private EmbeddedS3 s3;
    private ObjectStore store;
    private TinyModelRegistry registry;

    private PipelineFixture(String bucket, Optional<OkHttpClient> http) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.http = http;
    }

    /** S3Proxy with {@code bucket}, a store client for it and the tiny model registry. */
    public static PipelineFixture bucket(String bucket) {
        return new PipelineFixture(bucket, Optional.empty());
    }

    /** The same, with every request of the store client going through {@code http} (e.g. one that records them). */
    public PipelineFixture through(OkHttpClient http) {
        return new PipelineFixture(bucket, Optional.of(http));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedS3 started = EmbeddedS3.startTransient();
        try {
            started.createBucket(bucket);
            store = http.isPresent()
                    ? ObjectStore.of(started.endpoint(), started.region(), started.accessKey(), started.secretKey(),
                            http.get(), bucket, PRESIGN_EXPIRY)
                    : ObjectStore.connect(new StorageSettings(started.endpoint(), started.region(),
                            started.accessKey(), started.secretKey(), bucket, PRESIGN_EXPIRY, Optional.empty()));
            registry = new TinyModelRegistry();
            s3 = started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** Closes the registry, the store client and S3Proxy, in that order. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (s3 == null) {
            return;
        }
        registry.close();
        store.close();
        s3.close();
        s3 = null;
    }

    /** The S3 server (started before the class's tests). */
    public EmbeddedS3 s3() {
        return started(s3);
    }

    /** The client for the bucket. */
    public ObjectStore store() {
        return started(store);
    }

    /** The tiny model registry. */
    public TinyModelRegistry registry() {
        return started(registry);
    }

    private <T> T started(T part) {
        if (s3 == null) {
            throw new IllegalStateException("PipelineFixture is not started: register it with @RegisterExtension on"
                    + " a static field");
        }
        return part;
    }
}
