package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.intake.UnacknowledgedRecords;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * When no dead letter can be written for a record (here: the dead-letter size bound is misconfigured above what the
 * producer may send, so both the intake's writer and the connector's last resort fail), the record stays
 * unacknowledged, the committed offset cannot pass it, and liveness and readiness say so.
 */
@QuarkusTest
@TestProfile(UnwritableDeadLetterEndToEndTest.OversizedDeadLetters.class)
class UnwritableDeadLetterEndToEndTest {

    /** Real broker and store, no model needed, a dead-letter bound the producer cannot honour. */
    public static class OversizedDeadLetters implements QuarkusTestProfile {

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RealInfraResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("udpm.worker.intake.dead-letter-max-bytes", "8000000");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aRecordThatCannotBeDeadLetteredTurnsLivenessAndReadinessDown() {
        given().get("/q/health/live").then().body("checks.name", hasItem(UnacknowledgedRecords.NAME));
        try (HostileWriter hostile = new HostileWriter(bootstrapServers)) {
            byte[] huge = new byte[1_048_000];
            Arrays.fill(huge, (byte) 'x');
            RecordMetadata record = hostile.send("unwritable-" + UUID.randomUUID(), huge, 0, List.of());
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().get("/q/health/live").then()
                    .statusCode(503).body("checks.find { it.name == '" + UnacknowledgedRecords.NAME + "' }.status",
                            is("DOWN")));
            given().get("/q/health/ready").then().statusCode(503);
            assertTrue(hostile.committed(0) <= record.offset(), "the committed offset did not pass the record");
        }
    }
}
