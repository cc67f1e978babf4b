package dev.udpm.worker.pipeline;

import static dev.udpm.worker.models.RejectedAtStartResource.GOOD;
import static dev.udpm.worker.models.RejectedAtStartResource.LONELY;
import static dev.udpm.worker.models.RejectedAtStartResource.NAME;
import static dev.udpm.worker.models.RejectedAtStartResource.REJECTED;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.LoadedModels;
import dev.udpm.worker.models.RejectedAtStartProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker that starts AFTER a bad publish, through the real broker and object store: udpm.models announces
 * {@code fallback/v2} last, with a manifestSha256 that is not its stored manifest's. The worker rejects v2 and serves
 * the last good version v1 (found in the object store) to unpinned jobs; a job pinned to v2 goes through the same
 * verification and fails with MODEL_LOAD_FAILED; a model whose only version is bad is named in readiness.
 */
@QuarkusTest
@TestProfile(RejectedAtStartProfile.class)
class RejectedVersionEndToEndTest {

    @Inject
    LoadedModels models;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private JobTopics topics;

    @BeforeEach
    void topics() {
        topics = new JobTopics(bootstrapServers);
    }

    @AfterEach
    void close() {
        topics.close();
    }

    @Test
    void workerStartedAfterARejectedPublishServesThePreviousGoodVersion() {
        await().atMost(PipelineEndToEndTest.WAIT).until(() -> models.latestVersion(NAME), Optional.of(GOOD)::equals);
        assertFalse(models.isLoaded(NAME, REJECTED), "the rejected version must not be loaded: " + models.loaded());

        String jobId = "fallback-" + UUID.randomUUID();
        topics.send(jobId, Requests.generate(jobId, NAME, 2, 5, "\"classLabels\":[1]"));
        JobCompleted completed = StoredJobs.completed(topics.awaitTerminal(jobId, PipelineEndToEndTest.WAIT));
        assertEquals(GOOD, completed.modelVersion(), "unpinned jobs are served by the last good version");

        await().atMost(PipelineEndToEndTest.WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'models' }.status", is("UP"))
                .body("checks.find { it.name == 'models' }.data.loaded", is(NAME + "/" + GOOD + "*"))
                .body("checks.find { it.name == 'models' }.data.unservable", containsString(LONELY + ": newest"
                        + " announced version v1 was rejected")));
    }

    @Test
    void jobPinnedToTheRejectedVersionFailsWithModelLoadFailed() {
        await().atMost(PipelineEndToEndTest.WAIT).until(() -> models.latestVersion(NAME), Optional.of(GOOD)::equals);
        String jobId = "pinned-rejected-" + UUID.randomUUID();
        topics.send(jobId, """
                {"type":"generate","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z",
                 "model":{"name":"%s","version":"%s"},"count":2,"seed":5,"classLabels":[1]}"""
                .formatted(jobId, NAME, REJECTED));
        List<JobEvent> events = topics.awaitTerminal(jobId, PipelineEndToEndTest.WAIT);
        JobEvent terminal = events.get(events.size() - 1);
        assertTrue(terminal instanceof JobFailed, "a job pinned to a rejected version must fail: " + events);
        JobFailed failed = (JobFailed) terminal;
        assertEquals(FailureCode.MODEL_LOAD_FAILED, failed.code(), failed.message());
        assertEquals("/model", failed.field());
        assertTrue(failed.message().contains("manifest.json: SHA-256 is"), failed.message());
        assertFalse(models.isLoaded(NAME, REJECTED), "the rejected version must not be loaded: " + models.loaded());
    }
}
