package dev.udpm.worker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ModelLoaderLivenessCheckTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Test
    void idleOrNormallyBusyLoaderIsAlive() {
        assertEquals(HealthCheckResponse.Status.UP, ModelLoaderLivenessCheck.evaluate(Optional.empty(), TIMEOUT).getStatus());
        assertEquals(HealthCheckResponse.Status.UP,
                ModelLoaderLivenessCheck.evaluate(Optional.of(Duration.ofMinutes(9)), TIMEOUT).getStatus());
    }

    @Test
    void loadStuckBeyondTheTimeoutIsDownWithTheReason() {
        HealthCheckResponse response = ModelLoaderLivenessCheck.evaluate(Optional.of(Duration.ofMinutes(11)), TIMEOUT);
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        String reason = (String) response.getData().orElseThrow().get("reason");
        assertTrue(reason.contains("660 s") && reason.contains("udpm.worker.models.load-timeout"), reason);
    }
}
