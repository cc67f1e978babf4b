package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.udpm.rest.Problem;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Image quotas per tenant through the real broker, object store and HTTP: tenant "capped" may have 8 images in flight
 * (%test.udpm.worker.tenants.tenant.capped.max-images-in-flight). While its 8-image job runs (held long by
 * {@link ChainDelay}), its next job is refused at both doors - 429 problem with Retry-After on REST before anything is
 * written, {@code failed QUOTA_EXCEEDED} naming the limit and the use on Kafka, the record acknowledged - while
 * another tenant's jobs run; once its job has ended it submits again; {@code /q/metrics} counts the refusals.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class TenantQuotaEndToEndTest extends EndToEndTest {

    private static final String CAPPED = "capped-test-key";
    private static final String ACME = "acme-test-key";
    private static final Duration WAIT = PipelineEndToEndTest.WAIT;
    private static final String MODEL = PipelineEndToEndTest.MODEL;
    private static final String LABELS = "\"classLabels\":[3]";

    @Test
    void aTenantOverItsInFlightQuotaIsRefusedAtBothDoorsWhileOthersRunAndSubmitsAgainOnceItsJobEnded() {
        // every lease waits 8 s: the first job holds its 8 images in flight for the whole of its one batch
        ChainDelay.set(Duration.ofSeconds(8));
        String first = "quota-first-" + UUID.randomUUID();
        submit(CAPPED, Requests.generate(first, MODEL, 8, 1, LABELS), 202);
        topics.awaitEvents(first, events -> events.stream().anyMatch(JobAccepted.class::isInstance), WAIT);

        // REST: refused before Kafka, naming the limit and the use, with Retry-After
        String second = "quota-rest-" + UUID.randomUUID();
        String retryAfter = given().header("X-API-Key", CAPPED).contentType("application/json")
                .body(Requests.generate(second, MODEL, 1, 2, LABELS)).when().post("/v1/jobs").then()
                .statusCode(429).contentType(startsWith(Problem.MEDIA_TYPE)).body("status", is(429))
                .body("detail", containsString("tenant capped"))
                .body("detail", containsString("max-images-in-flight = 8"))
                .body("detail", containsString("it has 8 images in flight"))
                .extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 60, "Retry-After " + retryAfter + " s");
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("udpm_tenant_images_in_flight{tenant=\"capped\"} 8.0"));

        // Kafka: failed QUOTA_EXCEEDED, no accepted, the record acknowledged
        String third = "quota-kafka-" + UUID.randomUUID();
        RecordMetadata refusedRecord = topics.send(third, Requests.generate(third, MODEL, 2, 3,
                LABELS + ",\"tenant\":\"capped\""));
        List<JobEvent> refused = topics.awaitTerminal(third, WAIT);
        assertEquals(List.of("failed"), refused.stream().map(JobEvent::eventType).toList());
        JobFailed failed = assertInstanceOf(JobFailed.class, refused.get(0));
        assertEquals(FailureCode.QUOTA_EXCEEDED, failed.code());
        assertEquals("capped", failed.tenant());
        assertTrue(failed.message().contains("max-images-in-flight = 8") && failed.message().contains(
                "it has 8 images in flight") && failed.message().contains("asks for 2"), failed.message());
        assertFalse(topics.currentEvents(first).stream().anyMatch(JobEvent::terminal),
                "the refusals happened while the first job was still running");

        // other tenants are not affected
        String otherRest = "quota-other-rest-" + UUID.randomUUID();
        String otherKafka = "quota-other-kafka-" + UUID.randomUUID();
        submit(ACME, Requests.generate(otherRest, MODEL, 8, 4, LABELS), 202);
        topics.send(otherKafka, Requests.generate(otherKafka, MODEL, 8, 5, LABELS + ",\"tenant\":\"acme\""));

        ChainDelay.set(Duration.ZERO);
        assertInstanceOf(JobCompleted.class, last(topics.awaitTerminal(first, WAIT)));
        assertInstanceOf(JobCompleted.class, last(topics.awaitTerminal(otherRest, WAIT)));
        assertInstanceOf(JobCompleted.class, last(topics.awaitTerminal(otherKafka, WAIT)));

        // its job ended: its images are given back and it may submit 8 again, on both doors
        String again = "quota-again-" + UUID.randomUUID();
        submit(CAPPED, Requests.generate(again, MODEL, 8, 6, LABELS), 202);
        assertInstanceOf(JobCompleted.class, last(topics.awaitTerminal(again, WAIT)));
        topics.send(third, Requests.generate(third, MODEL, 2, 3, LABELS + ",\"tenant\":\"capped\""));
        assertInstanceOf(JobCompleted.class, last(topics.awaitEvents(third,
                events -> events.stream().anyMatch(JobCompleted.class::isInstance), WAIT)),
                "the refused job, resent once the tenant has room, completes");

        assertEquals(List.of(), topics.currentEvents(second), "the job refused at the REST door was never written");
        try (HostileWriter offsets = new HostileWriter(bootstrapServers)) {
            await().atMost(HostileWriter.commitWait()).pollInterval(Duration.ofMillis(500)).until(
                    () -> offsets.committed(refusedRecord.partition()) > refusedRecord.offset());
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("udpm_tenant_rejected_total{reason=\"max-images-in-flight\",tenant=\"capped\"}"
                        + " 2.0"))
                .body(containsString("udpm_tenant_images_in_flight{tenant=\"capped\"} 0.0"))
                .body(containsString("udpm_tenant_images_done_total{tenant=\"capped\"} 18.0"));
    }

    private static void submit(String key, String body, int status) {
        given().header("X-API-Key", key).contentType("application/json").body(body).when().post("/v1/jobs").then()
                .statusCode(status);
    }

    private static JobEvent last(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }
}
