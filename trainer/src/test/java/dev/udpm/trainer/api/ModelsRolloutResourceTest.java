package dev.udpm.trainer.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.rest.Problem;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.model.ModelRollout;
import dev.udpm.storage.ObjectStore;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.trainer.PublishedVersions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/models/{name}/canary|promote|rollback} through the real broker and S3: each writes one announcement
 * on udpm.models (read back by the trainer's own consumer), the quality gate refuses a worse version with 422 naming
 * the metric, and hostile bodies are 400 naming the field.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
class ModelsRolloutResourceTest {

    private static final Path EXAMPLE_MANIFEST = Path.of("../schemas/examples/valid/model-manifest.json");

    @Inject
    ObjectStore store;

    @Inject
    PublishedVersions published;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private ModelPublished storeVersion(String name, String version, Map<String, Double> metrics) throws Exception {
        ObjectNode manifest = (ObjectNode) Json.mapper().readTree(Files.readString(EXAMPLE_MANIFEST));
        manifest.put("name", name).put("version", version);
        manifest.set("metrics", Json.mapper().valueToTree(metrics));
        byte[] bytes = Json.mapper().writeValueAsBytes(manifest);
        store.put(ModelManifest.keyOf(name, version), bytes, "application/json");
        return ModelRollout.storedVersion(name, version, store.bucket(), bytes);
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().header("X-API-Key", TrainerAuthTest.KEY).contentType(ContentType.JSON);
    }

    private ModelPublished awaitCurrent(String name, java.util.function.Predicate<ModelPublished> done) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> published.current(name),
                c -> c.isPresent() && done.test(c.get())).orElseThrow();
    }

    @Test
    void canaryPromoteAndRollbackAnnounceOnceEach() throws Exception {
        String name = "rest-ro-" + UUID.randomUUID();
        ModelPublished v1 = storeVersion(name, "v1", Map.of("casRatio", 0.9, "fdIndependent", 10.0));
        ModelPublished v2 = storeVersion(name, "v2", Map.of("casRatio", 0.91, "fdIndependent", 9.0));
        storeVersion(name, "v3", Map.of("casRatio", 0.9, "fdIndependent", 20.0));

        api().body("{}").post("/v1/models/" + name + "/promote").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE).body("detail", containsString("has no announcement"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.MODELS, name, Json.write(v1))).get();
        }
        awaitCurrent(name, c -> c.version().equals("v1"));

        api().body("{\"version\":\"v2\",\"percent\":10}").post("/v1/models/" + name + "/canary").then()
                .statusCode(200).body("version", is("v1")).body("canary.version", is("v2"))
                .body("canary.percent", is(10)).body("canary.manifestSha256", is(v2.manifestSha256()))
                .body("rollout", is("canary"));
        ModelPublished canary = awaitCurrent(name, c -> c.canary() != null);
        assertEquals("v2", canary.canary().version(), "the trainer reads its own announcement back");

        api().body("{\"version\":\"v3\",\"percent\":10}").post("/v1/models/" + name + "/canary").then()
                .statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("fdIndependent 20.0000 is above the latest's 10.0000"));
        api().body("{\"version\":\"nope\",\"percent\":10}").post("/v1/models/" + name + "/canary").then()
                .statusCode(404).body("detail", containsString("models/" + name + "/nope/manifest.json"));

        api().body("{}").post("/v1/models/" + name + "/promote").then().statusCode(200)
                .body("version", is("v2")).body("canary", nullValue()).body("rollout", is("promote"));
        awaitCurrent(name, c -> c.version().equals("v2"));
        api().body("").post("/v1/models/" + name + "/rollback").then().statusCode(409)
                .body("detail", containsString("no canary to roll back"));
        api().body("{\"toVersion\":\"v1\"}").post("/v1/models/" + name + "/rollback").then().statusCode(200)
                .body("version", is("v1")).body("manifestSha256", is(v1.manifestSha256()))
                .body("rollout", is("rollback"));
        Optional<ModelPublished> last = Optional.of(awaitCurrent(name, c -> c.version().equals("v1")));
        assertEquals(ModelPublished.Rollout.ROLLBACK, last.get().rollout());
    }

    @Test
    void hostileBodiesAre400NamingTheField() {
        String path = "/v1/models/m/canary";
        problem(api().body("{\"version\":\"v2\"}").post(path).then(), "/percent");
        problem(api().body("{\"version\":\"v2\",\"percent\":100}").post(path).then(), "/percent");
        problem(api().body("{\"version\":\"v2\",\"percent\":\"10\"}").post(path).then(), "/percent");
        problem(api().body("{\"version\":\"../x\",\"percent\":10}").post(path).then(), "/version");
        problem(api().body("{\"percent\":10}").post(path).then(), "/version");
        problem(api().body("{\"version\":\"v2\",\"percent\":10,\"force\":\"yes\"}").post(path).then(), "/force");
        problem(api().body("{\"version\":\"v2\",\"percent\":10,\"share\":1}").post(path).then(), "/share");
        problem(api().body("[1]").post(path).then(), "");
        problem(api().body("not json").post(path).then(), "");
        problem(api().body("{\"toVersion\":5}").post("/v1/models/m/rollback").then(), "/toVersion");
        api().body("{}").post("/v1/models/..%2Fx/promote").then().statusCode(404);
    }

    private static void problem(ValidatableResponse response, String field) {
        response.statusCode(400).contentType(Problem.MEDIA_TYPE).body("violations[0].field", is(field));
    }
}
