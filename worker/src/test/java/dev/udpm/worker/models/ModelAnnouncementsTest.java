package dev.udpm.worker.models;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.udpm.storage.ObjectStore;
import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
class ModelAnnouncementsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ModelAnnouncements announcements;

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void readinessIsUpWithObjectStoreAndKafkaChecks() {
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("object-store", "kafka-broker",
                        "SmallRye Reactive Messaging - readiness check")));
    }

    @Test
    void configuredBucketExistsInTheObjectStore() {
        assertEquals(RealInfraResource.BUCKET, store.bucket());
        assertTrue(store.bucketExists(), "the test bucket must exist at " + store.endpoint());
    }

    @Test
    void newestAnnouncedVersionPerModelIsRemembered() {
        String model = "fmnist-" + UUID.randomUUID();
        send(model, published(model, "1"));
        send(model, published(model, "2"));

        await().atMost(WAIT).until(() -> announcements.latestVersion(model), is(Optional.of("2")));
    }

    @Test
    void invalidAnnouncementsAreSkippedWithoutStoppingTheChannel() {
        String model = "skip-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        String sentinel = "sentinel-" + UUID.randomUUID();
        send(model, published(model, "7"));
        send(model, "{not json");
        send(model, "{\"name\":\"" + model + "\",\"version\":\"8\"}"); // fails the schema: no location, ...
        send(model, published(other, "9")); // key is not the model name
        String canary = ",\"canary\":{\"version\":\"%s\",\"location\":{\"bucket\":\"udpm-test\",\"prefix\":"
                + "\"models/" + model + "/c/\"},\"manifestSha256\":\"" + "cd".repeat(32) + "\",\"created\":"
                + "\"2025-01-31T12:00:00Z\",\"metrics\":{},\"percent\":%d}";
        send(model, withExtra(published(model, "10"), canary.formatted("c", 100))); // percent over 99
        send(model, withExtra(published(model, "11"), canary.formatted("11", 10))); // canary = latest
        send(model, withExtra(published(model, "12"), canary.formatted("../c", 10))); // not a safe version
        send(model, withExtra(published(model, "13"), ",\"rollout\":\"yolo\""));
        send(sentinel, published(sentinel, "1"));

        // udpm.models has one partition: once the sentinel is seen, every record before it was handled.
        await().atMost(WAIT).until(() -> announcements.latestVersion(sentinel), is(Optional.of("1")));
        assertEquals(Optional.of("7"), announcements.latestVersion(model), "invalid records (also hostile canaries)"
                + " must not change it");
        assertEquals(Optional.empty(), announcements.latestVersion(other), "a record keyed by another name is skipped");
    }

    @Test
    void tombstoneWithdrawsTheModel() {
        String model = "withdrawn-" + UUID.randomUUID();
        send(model, published(model, "1"));
        await().atMost(WAIT).until(() -> announcements.latestVersion(model), is(Optional.of("1")));

        send(model, null);
        await().atMost(WAIT).until(() -> announcements.latestVersion(model), is(Optional.empty()));
    }

    private void send(String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("udpm.models", key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to udpm.models at " + bootstrapServers, e);
        }
    }

    /** {@code json} (an object) with {@code extra} (",\"field\":...") appended to its fields. */
    private static String withExtra(String json, String extra) {
        int end = json.lastIndexOf('}');
        return json.substring(0, end) + extra + json.substring(end);
    }

    /** A model-published value as the trainer writes it (schemas/model-published.schema.json). */
    private static String published(String name, String version) {
        return """
                {"name":"%s","version":"%s",
                 "location":{"bucket":"udpm-test","prefix":"models/%s/%s/"},
                 "manifestSha256":"%s","created":"2025-01-31T12:00:00Z","metrics":{"fid":12.5}}"""
                .formatted(name, version, name, version, "ab".repeat(32));
    }
}
