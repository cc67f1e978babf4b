package dev.udpm.storage.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.udpm.embedded.EmbeddedS3;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.StorageConfig;
import dev.udpm.storage.StorageSettings;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ObjectStoreHealthCheckTest {

    private static EmbeddedS3 s3;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.startTransient();
        s3.createBucket("present");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void upWhenTheBucketExists() {
        HealthCheckResponse response = check(s3.endpoint(), s3.secretKey(), "present");
        assertEquals("object-store", response.getName());
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals(Map.of("endpoint", s3.endpoint(), "bucket", "present"), response.getData().orElseThrow());
    }

    @Test
    void downNamingTheBucketWhenItIsMissing() {
        HealthCheckResponse response = check(s3.endpoint(), s3.secretKey(), "absent");
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals("bucket 'absent' does not exist: create it or set udpm.storage.bucket to an existing one",
                response.getData().orElseThrow().get("reason"));
    }

    @Test
    void downWithTheCauseWhenCredentialsAreRejected() {
        HealthCheckResponse response = check(s3.endpoint(), "wrong-secret", "present");
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        String reason = (String) response.getData().orElseThrow().get("reason");
        assertTrue(reason.contains("HTTP 403"), reason);
    }

    @Test
    void downWhenNothingListensAtTheEndpoint() {
        HealthCheckResponse response = check("http://127.0.0.1:1", s3.secretKey(), "present");
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        String reason = (String) response.getData().orElseThrow().get("reason");
        assertTrue(reason.startsWith("object store: cannot check bucket in bucket 'present' at http://127.0.0.1:1"),
                reason);
    }

    private static HealthCheckResponse check(String endpoint, String secret, String bucket) {
        StorageConfig config = StorageSettings.of(
endpoint, "us-east-1", s3.accessKey(), secret, bucket);
        try (ObjectStore store = ObjectStore.connect(config)) {
            return ObjectStoreHealthCheck.probe(store);
        }
    }

    @Test
    void theCheckAnswersFromItsLastProbeWithTheProbesAge() {
        StorageConfig config = StorageSettings.of(
s3.endpoint(), "us-east-1", s3.accessKey(), s3.secretKey(),
                "present");
        try (ObjectStore store = ObjectStore.connect(config)) {
            ObjectStoreHealthCheck check = new ObjectStoreHealthCheck(store, config);
            try {
                long deadline = System.nanoTime() + 10_000_000_000L;
                HealthCheckResponse response = check.call();
                while (response.getStatus() != HealthCheckResponse.Status.UP && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    response = check.call();
                }
                assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
                assertEquals("present", response.getData().orElseThrow().get("bucket"));
                assertTrue(response.getData().orElseThrow().containsKey("checkedAgoMs"), response.getData().toString());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                check.stop();
            }
        }
    }
}
