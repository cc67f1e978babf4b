package dev.udpm.worker.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import dev.udpm.core.model.TinyModels;
import dev.udpm.schemas.ObjectKeys;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.storage.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A worker started with no bundled model and nothing announced: readiness is DOWN saying "no model loaded" while
 * Kafka and S3 answer; once a model is published it turns UP. Liveness stays UP throughout.
 */
@QuarkusTest
@TestProfile(NoModelProfile.class)
class ReadinessWithoutModelTest {

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void readyOnlyOnceAModelIsLoaded() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.find { it.name == 'models' }.status", is("DOWN"))
                .body("checks.find { it.name == 'models' }.data.reason", is(ModelsReadinessCheck.NO_MODEL))
                .body("checks.find { it.name == 'object-store' }.status", is("UP"))
                .body("checks.find { it.name == 'kafka-broker' }.status", is("UP"))
                .body("checks.find { it.name == 'job-intake' }.status", is("UP")));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'model-loader' }.status", is("UP"));

        String name = "first-" + UUID.randomUUID().toString().substring(0, 8);
        publish(name, "v1");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'models' }.data.loaded", is(name + "/v1*")));
    }

    private void publish(String name, String version) throws Exception {
        var dir = Files.createTempDirectory("udpm-first-").resolve(version);
        ModelManifest manifest = TinyModels.export(dir, 5, name, version, 32, 1, 10);
        for (ModelManifest.FileEntry file : manifest.files()) {
            store.putFile(manifest.prefix() + file.path(), dir.resolve(file.path()), "application/octet-stream");
        }
        byte[] manifestBytes = Files.readAllBytes(dir.resolve(ModelManifest.FILE_NAME));
        String sha = store.put(manifest.prefix() + ModelManifest.FILE_NAME, manifestBytes, ObjectKeys.JSON).sha256();
        String event = """
                {"name":"%s","version":"%s","location":{"bucket":"%s","prefix":"%s"},
                 "manifestSha256":"%s","created":"2025-01-31T12:00:00Z","metrics":{}}"""
                .formatted(name, version, store.bucket(), manifest.prefix(), sha);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                java.util.Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.MODELS, name, event)).get();
        }
    }
}
