package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.udpm.core.image.ImageCodec;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.StoredObject;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.storage.ObjectStore;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import dev.udpm.worker.models.ModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each job type through the real broker and object store: udpm.jobs -> worker -> S3 -> udpm.job-events, with the
 * worker's real model registry serving the bundled tiny model (32x32x1, 10 classes, L = 3).
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class PipelineEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String MODEL = BundledTinyModelResource.NAME;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ObjectStore store;

    @Inject
    ModelRegistry registry;

    private JobTopics topics;

    @BeforeEach
    void modelLoadedAndClient() {
        await().atMost(WAIT).until(() -> registry.loaded().stream().anyMatch(m -> m.name().equals(MODEL)));
        topics = new JobTopics(bootstrapServers);
    }

    @AfterEach
    void closeClient() {
        topics.close();
    }

    @Test
    void generateWithGridAndPresignedUrls() throws Exception {
        String id = "e2e-gen-" + UUID.randomUUID();
        JobRequest request = Requests.parse(Requests.generate(id, MODEL, 5, 2024,
                "\"classLabels\":[0,1,2,3,4],\"output\":{\"grid\":true,\"gridColumns\":5,\"presignedUrls\":true}"));
        topics.send(id, Requests.generate(id, MODEL, 5, 2024,
                "\"classLabels\":[0,1,2,3,4],\"output\":{\"grid\":true,\"gridColumns\":5,\"presignedUrls\":true}"));

        List<JobEvent> events = topics.awaitTerminal(id, WAIT);

        assertEquals("accepted", events.get(0).eventType(), "accepted first");
        assertEquals("completed", events.get(events.size() - 1).eventType(), "completed last");
        JobCompleted completed = StoredJobs.completed(events);
        assertEquals(MODEL, completed.modelName());
        List<String> keys = completed.objects().stream().map(StoredObject::key).toList();
        assertEquals(List.of(ObjectKeys.imageKey(id, 0), ObjectKeys.imageKey(id, 1), ObjectKeys.imageKey(id, 2),
                ObjectKeys.imageKey(id, 3), ObjectKeys.imageKey(id, 4), ObjectKeys.gridKey(id)), keys);
        StoredJobs.assertStored(store, request, completed);
        assertEquals(5 * 32 + 6 * 2, ImageCodec.decodePng(store.get(ObjectKeys.gridKey(id))).width(), "5 columns");

        HttpClient http = HttpClient.newHttpClient();
        for (StoredObject object : completed.objects()) {
            assertNotNull(object.url(), "presigned URL of " + object.key());
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(object.url())).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), "GET " + object.url());
            assertArrayEquals(store.get(object.key()), response.body(), "presigned GET returns the object");
        }
        assertTrue(completed.timings().totalMs() >= completed.timings().computeMs());
    }

    @Test
    void pipelineMetricsArePublishedUnderTheUdpmPrefix() {
        String id = "e2e-metrics-" + UUID.randomUUID();
        topics.send(id, Requests.generate(id, MODEL, 2, 3, "\"classLabels\":[1]"));
        StoredJobs.completed(topics.awaitTerminal(id, WAIT));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("udpm_images_generated_total{model=\"tiny\"",
                "udpm_batch_size_count{model=\"tiny\"",
                "udpm_batch_size_bucket{model=\"tiny\"", "udpm_chain_time_seconds_count{model=\"tiny\"",
                "udpm_queue_wait_seconds_count",
                "udpm_job_latency_seconds_count{model=\"tiny\",model_version=\""
                        + BundledTinyModelResource.VERSION + "\",outcome=\"completed\",type=\"generate\"",
                "udpm_jobs_total{code=\"none\",model=\"tiny\",model_version=\""
                        + BundledTinyModelResource.VERSION + "\",outcome=\"completed\",type=\"generate\"")) {
            assertTrue(metrics.contains(name), "missing metric " + name);
        }
    }

    @Test
    void interpolateStoresTheGridOfCellsAndItsGridPng() {
        String id = "e2e-interp-" + UUID.randomUUID();
        String json = Requests.interpolate(id, MODEL, "[5,6,7,8]", 3, "\"levels\":[2,3],\"classLabel\":7");
        topics.send(id, json);

        JobCompleted completed = StoredJobs.completed(topics.awaitTerminal(id, WAIT));
        assertEquals(10, completed.objects().size(), "3 x 3 cells + grid.png");
        assertEquals(ObjectKeys.gridKey(id), completed.objects().get(9).key());
        StoredJobs.assertStored(store, Requests.parse(json), completed);
    }

    @Test
    void swapStoresOneImagePerLevel() {
        String id = "e2e-swap-" + UUID.randomUUID();
        String json = Requests.swap(id, MODEL, 11, 12, "[1,2,3]", "\"classLabel\":3");
        topics.send(id, json);

        JobCompleted completed = StoredJobs.completed(topics.awaitTerminal(id, WAIT));
        assertEquals(List.of(ObjectKeys.imageKey(id, 0), ObjectKeys.imageKey(id, 1), ObjectKeys.imageKey(id, 2)),
                completed.objects().stream().map(StoredObject::key).toList());
        StoredJobs.assertStored(store, Requests.parse(json), completed);
    }

    @Test
    void perturbStoresSamplesAndPrincipalComponents() {
        String id = "e2e-perturb-" + UUID.randomUUID();
        String json = Requests.perturb(id, MODEL, 31, 2, "[0.3,0.9]", 5, 3, "\"classLabel\":1");
        topics.send(id, json);

        JobCompleted completed = StoredJobs.completed(topics.awaitTerminal(id, WAIT));
        assertEquals(2 * 5 + 2 * 3, completed.objects().size(), "10 samples, then 3 components per strength");
        assertEquals(ObjectKeys.imageKey(id, 15), completed.objects().get(15).key());
        StoredJobs.assertStored(store, Requests.parse(json), completed);
    }

    @Test
    void requestsThatDoNotFitTheModelFailNamingTheField() {
        String level = "e2e-level-" + UUID.randomUUID();
        topics.send(level, Requests.swap(level, MODEL, 1, 2, "[2,4]", "\"classLabel\":0"));
        String label = "e2e-label-" + UUID.randomUUID();
        topics.send(label, Requests.generate(label, MODEL, 2, 1, "\"classLabels\":[10]"));

        JobFailed levelFailed = (JobFailed) topics.awaitTerminal(level, WAIT).get(0);
        assertEquals(FailureCode.INVALID_REQUEST, levelFailed.code());
        assertEquals("/levels/1", levelFailed.field());
        JobFailed labelFailed = (JobFailed) topics.awaitTerminal(label, WAIT).get(0);
        assertEquals(FailureCode.INVALID_REQUEST, labelFailed.code());
        assertEquals("/classLabels/0", labelFailed.field());
        assertTrue(labelFailed.message().contains("outside 0..9"), labelFailed.message());
    }
}
