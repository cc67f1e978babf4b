package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.udpm.rest.Problem;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.status.JobPhase;
import dev.udpm.schemas.status.JobState;
import dev.udpm.storage.ObjectStore;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/jobs/{id}} and {@code DELETE /v1/jobs/{id}} through the real broker and S3: the state comes from
 * the Kafka Streams global store over {@code udpm.job-events}, and a second, independent instance of that store
 * ({@link SecondStatusStore}, standing for another worker) answers exactly the same.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class JobStatusEndToEndTest extends EndToEndTest {

    private static final String MODEL = PipelineEndToEndTest.MODEL;
    private static final Duration WAIT = PipelineEndToEndTest.WAIT;
    private static final String AUTH = "Bearer test-key-1";

    @Inject
    ObjectStore store;

    @Test
    void completedAndFailedJobsAreAnsweredIdenticallyByTheAppAndBySecondInstancesStartedBeforeAndAfter()
            throws Exception {
        try (SecondStatusStore live = new SecondStatusStore(bootstrapServers, WAIT)) {
            String done = "status-done-" + UUID.randomUUID();
            topics.send(done, Requests.generate(done, MODEL, 3, 77, "\"classLabels\":[1]"));
            String failed = "status-failed-" + UUID.randomUUID();
            topics.send(failed, Requests.generate(failed, "no-such-model-" + UUID.randomUUID(), 2, 1, ""));

            JobCompleted completed = StoredJobs.completed(topics.awaitTerminal(done, WAIT));
            JobState app = awaitStatus(done, JobPhase.COMPLETED);
            assertEquals(completed.objects(), app.objects(), "completed with the event's object keys and sha256s");
            assertEquals(ObjectKeys.jobManifestKey(done), app.manifestKey());
            assertEquals(completed.modelVersion(), app.modelVersion());
            assertEquals(3, app.objects().size());
            assertNotNull(app.acceptedAt(), "accepted was folded in");

            JobState appFailed = awaitStatus(failed, JobPhase.FAILED);
            assertEquals(FailureCode.MODEL_NOT_FOUND, appFailed.failureCode());
            assertEquals("/model", appFailed.failureField());

            // The instance that was running while the events were written, and one built afterwards from the topic
            // (Kafka Streams re-runs the fold while restoring): both answer exactly what the app answers.
            try (SecondStatusStore restored = new SecondStatusStore(bootstrapServers, WAIT)) {
                for (String id : List.of(done, failed)) {
                    JobState expected = status(id);
                    await().atMost(WAIT).until(() -> live.find(id).equals(Optional.of(expected)));
                    assertEquals(Optional.of(expected), restored.find(id), "restored store, job " + id);
                }
            }
        }
    }

    @Test
    void unknownJobIsA404ProblemAndBadIdsAndMissingCredentialsAreRefused() {
        String unknown = "status-unknown-" + UUID.randomUUID();
        given().header("Authorization", AUTH).when().get("/v1/jobs/" + unknown)
                .then().statusCode(404).contentType(startsWith(Problem.MEDIA_TYPE))
                .body("status", is(404)).body("detail", containsString(unknown))
                .body("detail", containsString("udpm.job-events"));
        given().header("Authorization", AUTH).when().get("/v1/jobs/bad%20id")
                .then().statusCode(400).body("violations[0].field", is("/jobId"));
        given().header("Authorization", AUTH).when().delete("/v1/jobs/bad%20id")
                .then().statusCode(400).body("violations[0].field", is("/jobId"));
        given().when().get("/v1/jobs/" + unknown).then().statusCode(401);
        given().when().delete("/v1/jobs/" + unknown).then().statusCode(401);
        assertEquals(List.of(), topics.currentEvents(unknown), "a refused DELETE writes nothing that runs");
    }

    @Test
    void deleteCancelsARunningJobWithinOneBatchAndTheStatusBecomesCancelledEverywhere() throws Exception {
        ChainDelay.set(Duration.ofMillis(400));
        String id = "status-cancel-" + UUID.randomUUID();
        given().header("Authorization", AUTH).contentType("application/json")
                .body(Requests.generate(id, MODEL, 96, 5, "\"classLabels\":[3]"))
                .when().post("/v1/jobs").then().statusCode(202);

        JobState running = awaitStatus(id, JobPhase.RUNNING);
        assertEquals(96, running.total());
        assertTrue(running.done() < 96, "running, not done: " + running);

        given().header("Authorization", AUTH).when().delete("/v1/jobs/" + id)
                .then().statusCode(202).body("jobId", is(id)).body("status", is("cancel-requested"))
                .body("statusUrl", is("/v1/jobs/" + id));

        List<JobEvent> events = topics.awaitTerminal(id, WAIT);
        assertEquals("cancelled", events.get(events.size() - 1).eventType(), "types: "
                + events.stream().map(JobEvent::eventType).toList());
        JobState cancelled = awaitStatus(id, JobPhase.CANCELLED);
        assertTrue(cancelled.done() == null || cancelled.done() < 96, "stopped early: " + cancelled);
        assertFalse(store.exists(ObjectKeys.jobManifestKey(id)), "a cancelled job writes no manifest");

        try (SecondStatusStore other = new SecondStatusStore(bootstrapServers, WAIT)) {
            assertEquals(Optional.of(cancelled), other.find(id), "another instance answers cancelled too");
        }
        given().header("Authorization", AUTH).when().delete("/v1/jobs/" + id)
                .then().statusCode(409).contentType(startsWith(Problem.MEDIA_TYPE))
                .body("detail", containsString("already ended as cancelled"));
    }

    /** GET /v1/jobs/{id} as a {@link JobState}. */
    static JobState status(String jobId) {
        Response response = given().header("Authorization", AUTH).when().get("/v1/jobs/" + jobId);
        assertEquals(200, response.statusCode(), "GET /v1/jobs/" + jobId + ": " + response.asString());
        return Json.read(response.asString(), JobState.class);
    }

    /** Polls GET /v1/jobs/{id} until it reports {@code phase}. */
    static JobState awaitStatus(String jobId, JobPhase phase) {
        AtomicReference<String> last = new AtomicReference<>();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                Response response = given().header("Authorization", AUTH).when().get("/v1/jobs/" + jobId);
                last.set(response.statusCode() + " " + response.asString());
                return response.statusCode() == 200
                        && Json.read(response.asString(), JobState.class).status() == phase;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("job " + jobId + " never reported " + phase + "; last answer: " + last.get(), e);
        }
        return status(jobId);
    }
}
