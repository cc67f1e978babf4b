package dev.udpm.trainer.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.udpm.rest.Problem;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.trainer.runs.RunStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runs API end to end through the real broker and S3 (RealInfraResource): a tiny run checkpoints to S3,
 * completes, uploads its model (manifest last) and announces it on udpm.models exactly as workers accept it; bad
 * requests are 400 naming the field, unknown runs 404, a second run while one is active 409; a stopped run ends
 * STOPPED with its checkpoint uploaded. One run at a time, so the run tests are ordered.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunsResourceTest {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @Inject
    ObjectStore objects;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Every request of this class carries a key (authentication itself: TrainerAuthTest). */
    @BeforeAll
    static void withKey() {
        RestAssured.filters((request, response, next) -> {
            request.header("X-API-Key", TrainerAuthTest.KEY);
            return next.next(request, response);
        });
    }

    @AfterAll
    static void withoutKey() {
        RestAssured.replaceFiltersWith(List.of());
    }

    @Test
    @Order(1)
    void invalidRequestsAreProblemsNamingTheField() {
        problem("{\"dataset\":\"fashion-mnist\",\"steps\":0}", "/steps")
                .body("detail", startsWith("/steps must be >= 1"));
        problem("{\"dataset\":\"mnist\"}", "/dataset").body("violations[0].rule", is("enum"));
        problem("{\"steps\":5}", "/dataset").body("violations[0].rule", is("required"));
        problem("{\"dataset\":\"fashion-mnist\",\"steps\":\"many\"}", "/steps");
        problem("{\"dataset\":\"fashion-mnist\",\"stepz\":5}", "/stepz");
        problem("{\"dataset\":\"folder\"}", "/path");
        problem("{\"dataset\":\"folder\",\"path\":\"/no/such/folder\"}", "/path");
        problem("{\"dataset\":\"fashion-mnist\",\"hyperparameters\":{\"perceptualWeight\":4}}",
                "/hyperparameters/perceptualWeight");
        problem("{\"dataset\":\"fashion-mnist\",\"modelName\":\"../x\"}", "/modelName");
        problem("not json", "");
    }

    @Test
    @Order(1)
    void unknownRunsAre404() {
        for (String path : List.of("/v1/runs/no-such-run", "/v1/runs/..")) {
            given().get(path).then().statusCode(404).contentType(Problem.MEDIA_TYPE).body("status", is(404));
        }
        given().post("/v1/runs/no-such-run/stop").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().post("/v1/runs/no-such-run/resume").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    @Order(2)
    void aRunCheckpointsCompletesUploadsItsModelAndAnnouncesIt() throws Exception {
        String model = "rest-" + UUID.randomUUID().toString().substring(0, 8);
        String runId = given().contentType(ContentType.JSON).body(tinyRun(model, 8, null))
                .post("/v1/runs").then().statusCode(202)
                .header("Location", containsString("/v1/runs/"))
                .body("state", is("RUNNING")).body("totalSteps", is(8)).body("modelName", is(model))
                .extract().path("runId");

        // one run at a time per instance
        given().contentType(ContentType.JSON).body(tinyRun("other", 8, null)).post("/v1/runs").then()
                .statusCode(409).contentType(Problem.MEDIA_TYPE).body("detail", containsString(runId));

        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given()
                .get("/v1/runs/" + runId).then().statusCode(200).body("state", is("COMPLETED")));
        String version = runId + "-step-8";
        given().get("/v1/runs/" + runId).then()
                .body("step", is(8)).body("exportedVersion", is(version))
                .body("latestCheckpoint", is(RunStore.checkpointPrefix(runId, 8)))
                .body("losses.'g.l1'", notNullValue()).body("imagesPerSecond", notNullValue());
        given().get("/v1/runs").then().statusCode(200).body("runId", hasItem(runId));
        given().post("/v1/runs/" + runId + "/stop").then().statusCode(409).contentType(Problem.MEDIA_TYPE);

        // checkpoints (with markers), run.json, state.json and previews in S3
        String runPrefix = RunStore.runPrefix(runId);
        List<String> keys = objects.list(runPrefix).stream().map(o -> o.key()).toList();
        for (long step : List.of(6L, 8L)) { // checkpointEvery 2, keep 2
            String prefix = RunStore.checkpointPrefix(runId, step);
            assertTrue(keys.contains(prefix + RunStore.MARKER), "marker of step " + step + " missing in " + keys);
            assertTrue(keys.contains(prefix + "state.json"), "state.json of step " + step + " missing in " + keys);
            assertTrue(keys.contains(prefix + "model.index"), "model.index of step " + step + " missing in " + keys);
        }
        assertFalse(keys.contains(RunStore.checkpointPrefix(runId, 2) + RunStore.MARKER), "step 2 must be pruned");
        for (String file : List.of("run.json", "state.json", "samples/step-000000008.png", "samples/loss-curve.png")) {
            assertTrue(keys.contains(runPrefix + file), file + " missing in " + keys);
        }

        // the model version: every listed file matches its object; the event carries the manifest's SHA-256
        byte[] manifestBytes = objects.get(ModelManifest.keyOf(model, version));
        ModelManifest manifest = ContractValidator.shared()
                .parseModelManifest(new String(manifestBytes, StandardCharsets.UTF_8));
        assertEquals(version, manifest.version());
        for (ModelManifest.FileEntry file : manifest.files()) {
            byte[] bytes = objects.get(manifest.prefix() + file.path());
            assertEquals(file.sha256(), Sha256.hex(bytes), file.path() + " differs from the manifest");
            assertEquals(file.size(), bytes.length, file.path() + ": size differs from the manifest");
        }
        ConsumerRecord<String, String> record = announcement(model, version);
        ModelPublished published = ContractValidator.shared().parseModelPublished(record.value());
        assertEquals(model, record.key(), "key = model name");
        assertEquals(Sha256.hex(manifestBytes), published.manifestSha256());
        assertTrue(published.metrics().isEmpty(), "no classifier configured: no evaluation, " + published.metrics());
        assertEquals(new ModelPublished.Location(RealInfraResource.BUCKET, ModelManifest.prefixOf(model, version)),
                published.location());
        assertEquals(CloudEvents.TYPE_MODEL_PUBLISHED, header(record, CloudEvents.HEADER_TYPE));
        assertEquals(CloudEvents.SPEC_VERSION, header(record, CloudEvents.HEADER_SPEC_VERSION));
        assertEquals("/udpm/trainer", header(record, CloudEvents.HEADER_SOURCE));
        assertFalse(header(record, CloudEvents.HEADER_ID).isBlank());
        assertFalse(header(record, CloudEvents.HEADER_TIME).isBlank());

        // progress gauges
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("udpm_trainer_step 8.0"), "udpm_trainer_step 8 missing:\n" + grep(metrics));
        assertTrue(metrics.contains("udpm_trainer_loss{term=\"g.l1\"}"), "loss gauge missing:\n" + grep(metrics));
        assertTrue(metrics.contains("udpm_trainer_images_per_second"), grep(metrics));
    }

    @Test
    @Order(3)
    void aStoppedRunEndsStoppedWithItsCheckpointUploadedAndCanBeResumed() {
        String runId = "stop-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(tinyRun("stopped-model", 100000, runId)).post("/v1/runs")
                .then().statusCode(202);
        await().atMost(RUN_TIMEOUT).until(() -> objects.exists(RunStore.checkpointPrefix(runId, 2) + RunStore.MARKER));
        given().post("/v1/runs/" + runId + "/stop").then().statusCode(202).body("state", is("STOPPING"));
        await().atMost(RUN_TIMEOUT).untilAsserted(() -> given().get("/v1/runs/" + runId).then()
                .body("state", is("STOPPED")));
        int step = given().get("/v1/runs/" + runId).then().extract().path("step");
        given().get("/v1/runs/" + runId).then().body("latestCheckpoint",
                is(RunStore.checkpointPrefix(runId, step)));
        assertTrue(objects.exists(RunStore.checkpointPrefix(runId, step) + RunStore.MARKER),
                "the stop checkpoint of step " + step + " must be uploaded with its marker");
        given().post("/v1/runs/" + runId + "/stop").then().statusCode(409);

        // resume continues from the stop checkpoint; stop it again right away
        given().post("/v1/runs/" + runId + "/resume").then().statusCode(202).body("state", is("RUNNING"));
        await().atMost(RUN_TIMEOUT).untilAsserted(() -> given().get("/v1/runs/" + runId).then()
                .body("resumedFromStep", equalTo(step)));
        given().post("/v1/runs/" + runId + "/stop").then().statusCode(202);
        await().atMost(RUN_TIMEOUT).untilAsserted(() -> given().get("/v1/runs/" + runId).then()
                .body("state", is("STOPPED")));
    }

    private static io.restassured.response.ValidatableResponse problem(String body, String field) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/runs").then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("status", is(400)).body("violations[0].field", is(field))
                .body("detail", startsWith(field.isEmpty() ? "the request body" : field));
    }

    /** Tiny nets, batch 4, checkpoints every 2 steps (2 kept), samples every 4, Grappler off. */
    private static String tinyRun(String model, long steps, String runId) {
        return """
                {%s"dataset":"fashion-mnist","network":"tiny","steps":%d,"batch":4,"seed":3,"checkpointEvery":2,
                 "sampleEvery":4,"logEvery":2,"keepCheckpoints":2,"graphOptimizations":false,"modelName":"%s",
                 "exportOnFinish":true,"hyperparameters":{"warmupSteps":0,"generatorLearningRate":0.001}}"""
                .formatted(runId == null ? "" : "\"runId\":\"" + runId + "\",", steps, model);
    }

    private ConsumerRecord<String, String> announcement(String model, String version) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "runs-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.MODELS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (model.equals(r.key()) && r.value() != null && r.value().contains("\"" + version + "\"")) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no announcement of " + model + "/" + version + " on " + Topics.MODELS + " in 30 s");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return Optional.ofNullable(h).map(x -> new String(x.value(), StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("header " + name + " missing"));
    }

    private static String grep(String metrics) {
        return String.join("\n", metrics.lines().filter(l -> l.startsWith("udpm_trainer")).toList());
    }
}
