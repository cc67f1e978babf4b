package dev.udpm.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
class PublishedVersionsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    PublishedVersions published;

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void readinessIsUpWithObjectStoreAndKafkaChecks() {
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("object-store", "Kafka connection health check",
                        "SmallRye Reactive Messaging - readiness check")));
    }

    @Test
    void configuredBucketExistsInTheObjectStore() {
        assertEquals(RealInfraResource.BUCKET, store.bucket());
        assertTrue(store.bucketExists(), "the test bucket must exist at " + store.endpoint());
    }

    @Test
    void publishedVersionsAccumulatePerModelInAnnouncementOrder() {
        String model = "fmnist-" + UUID.randomUUID();
        send(model, announcement(model, "1"));
        send(model, announcement(model, "2"));
        send(model, announcement(model, "1")); // re-announced: newest again

        await().atMost(WAIT).until(() -> published.versions(model), is(Set.of("1", "2")));
        assertEquals(List.of("2", "1"), List.copyOf(published.versions(model)));
        assertEquals(Optional.of("1"), published.latestVersion(model));
        assertTrue(published.isPublished(model, "2"));
        assertFalse(published.isPublished(model, "3"));
    }

    @Test
    void invalidRecordsAreSkippedAndATombstoneForgetsTheModel() {
        String model = "gone-" + UUID.randomUUID();
        String sentinel = "sentinel-" + UUID.randomUUID();
        send(model, announcement(model, "1"));
        send(model, "{\"name\":\"" + model + "\",\"version\":\"2\"}"); // fails the schema
        send(sentinel, announcement(sentinel, "1"));
        // udpm.models has one partition: once the sentinel is seen, every record before it was handled.
        await().atMost(WAIT).until(() -> published.isPublished(sentinel, "1"));
        assertEquals(Set.of("1"), published.versions(model));

        send(model, null);
        await().atMost(WAIT).until(() -> published.versions(model), is(Set.of()));
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

    /** A model-published value (schemas/model-published.schema.json). */
    private static String announcement(String name, String version) {
        return """
                {"name":"%s","version":"%s",
                 "location":{"bucket":"udpm-test","prefix":"models/%s/%s/"},
                 "manifestSha256":"%s","created":"2025-01-31T12:00:00Z","metrics":{"fid":12.5}}"""
                .formatted(name, version, name, version, "cd".repeat(32));
    }
}
