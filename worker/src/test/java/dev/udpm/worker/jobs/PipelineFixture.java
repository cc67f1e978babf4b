package dev.udpm.worker.jobs;

import java.time.Duration;
import java.util.Optional;

import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageSettings;
import dev.udpm.worker.testmodels.TinyModelRegistry;

/**
 * What a pipeline test without Kafka runs on: a real object store (in-process S3Proxy) with one bucket, a client for
 * it, and the tiny model registry. Start it once per test class ({@code @BeforeAll}) and close it after all tests.
 */
public record PipelineFixture(EmbeddedS3 s3, ObjectStore store, TinyModelRegistry registry) implements AutoCloseable {

    /** Starts S3Proxy, creates {@code bucket}, connects a store to it and opens the tiny model registry. */
    public static PipelineFixture start(String bucket) {
        EmbeddedS3 s3 = EmbeddedS3.startTransient();
        try {
            s3.createBucket(bucket);
            return new PipelineFixture(s3, ObjectStore.connect(new StorageSettings(s3.endpoint(), s3.region(),
                    s3.accessKey(), s3.secretKey(), bucket, Duration.ofMinutes(10), Optional.empty())),
                    new TinyModelRegistry());
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    /** Closes the registry, the store client and S3Proxy, in that order. */
    @Override
    public void close() {
        registry.close();
        store.close();
        s3.close();
    }
}
