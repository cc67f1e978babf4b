package dev.udpm.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.udpm.embedded.EmbeddedS3;
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
        StorageConfig config = StorageConfigTest.mapping(Map.of(
                "udpm.storage.endpoint", endpoint,
                "udpm.storage.access-key", s3.accessKey(),
                "udpm.storage.secret-key", secret,
                "udpm.storage.bucket", bucket));
        try (ObjectStore store = ObjectStore.connect(config)) {
            return ObjectStoreHealthCheck.probe(store);
        }
    }

    @Test
    void theCheckAnswersFromItsLastProbeWithTheProbesAge() {
        StorageConfig config = StorageConfigTest.mapping(Map.of(
                "udpm.storage.endpoint", s3.endpoint(),
                "udpm.storage.access-key", s3.accessKey(),
                "udpm.storage.secret-key", s3.secretKey(),
                "udpm.storage.bucket", "present"));
        try (ObjectStore store = ObjectStore.connect(config)) {
            ObjectStoreHealthCheck check = new ObjectStoreHealthCheck(store);
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
