package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.udpm.rest.Problem;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.status.JobPhase;
import dev.udpm.schemas.status.JobState;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * API keys bound to tenants (%test.udpm.worker.api.tenant-keys: acme, globex) through the real broker and the
 * fleet-wide status store: a tenant key stamps its tenant into what it submits, sees and cancels only its tenant's
 * jobs (another tenant's job is a 404 like an unknown one), cannot submit for another tenant (403); an admin key sees
 * every job; Kafka submitters work as before, with or without a tenant.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class TenantJobsEndToEndTest extends EndToEndTest {

    private static final String ADMIN = "test-key-1";
    private static final String ACME = "acme-test-key";
    private static final String GLOBEX = "globex-test-key";
    private static final String LIMITED = "limited-test-key";
    private static final Duration WAIT = PipelineEndToEndTest.WAIT;
    private static final String LABELS = "\"classLabels\":[1]";

    @Test
    void aTenantKeySeesAndCancelsOnlyItsTenantsJobsAndAnAdminKeySeesAll() {
        String acmeJob = "tenant-acme-" + UUID.randomUUID();
        given().header("X-API-Key", ACME).contentType("application/json")
                .body(Requests.generate(acmeJob, PipelineEndToEndTest.MODEL, 2, 7, LABELS))
                .when().post("/v1/jobs").then().statusCode(202);
        topics.awaitTerminal(acmeJob, WAIT);

        JobState seen = awaitState(ACME, acmeJob, JobPhase.COMPLETED);
        assertEquals("acme", seen.tenant(), "the REST path stamped the key's tenant into the request");
        assertEquals("acme", awaitState(ADMIN, acmeJob, JobPhase.COMPLETED).tenant(), "an admin key sees every job");

        given().header("X-API-Key", GLOBEX).when().get("/v1/jobs/" + acmeJob).then().statusCode(404)
                .contentType(startsWith(Problem.MEDIA_TYPE)).body("detail", containsString("unknown"));
        given().header("X-API-Key", GLOBEX).when().delete("/v1/jobs/" + acmeJob).then().statusCode(404);
        given().header("X-API-Key", GLOBEX).contentType("application/json")
                .body("{\"type\":\"cancel\",\"jobId\":\"" + acmeJob + "\",\"submittedAt\":\"2025-01-31T12:00:00Z\"}")
                .when().post("/v1/jobs").then().statusCode(404);
        // its own tenant gets past the ownership check (and is told the job has ended)
        given().header("X-API-Key", ACME).when().delete("/v1/jobs/" + acmeJob).then().statusCode(409);
        List<String> types = topics.currentEvents(acmeJob).stream().map(JobEvent::eventType).toList();
        assertEquals("completed", types.get(types.size() - 1), "no cancel reached the job: " + types);
    }

    @Test
    void aTenantOverItsRequestRateGets429WithRetryAfterAndOthersAreNotSlowed() {
        String unknown = "tenant-rate-" + UUID.randomUUID();
        // %test: tenant "limited" may make 0.01 requests/s: one request, then none for 100 s
        given().header("X-API-Key", LIMITED).when().get("/v1/jobs/" + unknown).then().statusCode(not(429));
        String retryAfter = given().header("X-API-Key", LIMITED).when().get("/v1/jobs/" + unknown).then()
                .statusCode(429).contentType(startsWith(Problem.MEDIA_TYPE)).body("status", is(429))
                .body("detail", containsString("limited")).body("detail", containsString("max-requests-per-second"))
                .extract().header("Retry-After");
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 100, "Retry-After " + retryAfter + " s: until the next token");
        given().header("X-API-Key", LIMITED).contentType("application/json")
                .body(Requests.generate(unknown, PipelineEndToEndTest.MODEL, 1, 1, LABELS))
                .when().post("/v1/jobs").then().statusCode(429);
        assertEquals(List.of(), topics.currentEvents(unknown), "a refused submission is not written");
        for (int i = 0; i < 3; i++) {
            given().header("X-API-Key", ACME).when().get("/v1/jobs/" + unknown).then().statusCode(not(429));
            given().header("X-API-Key", ADMIN).when().get("/v1/jobs/" + unknown).then().statusCode(not(429));
        }
    }

    @Test
    void aTenantKeyCannotSubmitForAnotherTenant() {
        String job = "tenant-forged-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + GLOBEX).contentType("application/json")
                .body(Requests.generate(job, PipelineEndToEndTest.MODEL, 1, 1, "\"tenant\":\"acme\""))
                .when().post("/v1/jobs").then().statusCode(403).contentType(startsWith(Problem.MEDIA_TYPE))
                .body("status", is(403)).body("detail", containsString("/tenant"));
        assertEquals(List.of(), topics.currentEvents(job), "nothing was submitted");
    }

    @Test
    void kafkaSubmittersWorkAsBeforeWithOrWithoutATenant() {
        String untenanted = "tenant-none-" + UUID.randomUUID();
        String named = "tenant-kafka-acme-" + UUID.randomUUID();
        topics.send(untenanted, Requests.generate(untenanted, PipelineEndToEndTest.MODEL, 1, 3, LABELS));
        topics.send(named, Requests.generate(named, PipelineEndToEndTest.MODEL, 1, 4, LABELS + ",\"tenant\":\"acme\""));
        topics.awaitTerminal(untenanted, WAIT);
        topics.awaitTerminal(named, WAIT);

        assertNull(awaitState(ADMIN, untenanted, JobPhase.COMPLETED).tenant());
        given().header("X-API-Key", ACME).when().get("/v1/jobs/" + untenanted).then().statusCode(404);
        assertEquals("acme", awaitState(ACME, named, JobPhase.COMPLETED).tenant());
        given().header("X-API-Key", GLOBEX).when().get("/v1/jobs/" + named).then().statusCode(404);
    }

    @Test
    void aTenantSeesItsJobThatFailedBeforeItWasAccepted() {
        String job = "tenant-refused-" + UUID.randomUUID();
        given().header("X-API-Key", ACME).contentType("application/json")
                .body(Requests.generate(job, "no-such-model-" + UUID.randomUUID(), 1, 1, ""))
                .when().post("/v1/jobs").then().statusCode(202);
        topics.awaitTerminal(job, WAIT);
        JobState failed = awaitState(ACME, job, JobPhase.FAILED);
        assertEquals("acme", failed.tenant());
        given().header("X-API-Key", GLOBEX).when().get("/v1/jobs/" + job).then().statusCode(404);
    }

    private static JobState awaitState(String key, String jobId, JobPhase phase) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response r = given().header("X-API-Key", key).when().get("/v1/jobs/" + jobId);
            return r.statusCode() == 200 && Json.read(r.asString(), JobState.class).status() == phase;
        });
        return Json.read(given().header("X-API-Key", key).when().get("/v1/jobs/" + jobId).asString(), JobState.class);
    }
}
