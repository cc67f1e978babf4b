package dev.udpm.worker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class IntakeReadinessCheckTest {

    @Test
    void downUntilTheGroupAssignedUpWithThePartitionCountEvenWhenNone() {
        HealthCheckResponse waiting = IntakeReadinessCheck.evaluate(false, 0);
        assertEquals(HealthCheckResponse.Status.DOWN, waiting.getStatus());
        assertEquals("waiting for the consumer group (udpm-workers) to assign udpm.jobs partitions",
                waiting.getData().orElseThrow().get("reason"));

        HealthCheckResponse none = IntakeReadinessCheck.evaluate(true, 0);
        assertEquals(HealthCheckResponse.Status.UP, none.getStatus());
        assertEquals(0L, none.getData().orElseThrow().get("partitions"));

        assertEquals(3L, IntakeReadinessCheck.evaluate(true, 3).getData().orElseThrow().get("partitions"));
    }
}
