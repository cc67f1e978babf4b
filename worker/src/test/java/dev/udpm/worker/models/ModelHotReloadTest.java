package dev.udpm.worker.models;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.udpm.core.model.DeviceOptions;
import dev.udpm.core.model.ModelLoader;
import dev.udpm.core.model.UdpmModel;
import dev.udpm.schemas.model.ModelManifest;
import dev.udpm.schemas.model.ModelStatus;
import dev.udpm.storage.ObjectStore;
import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hot reload through the real broker and object store: versions uploaded like the trainer does (files, then
 * manifest, then a model-published event) are downloaded, verified, loaded, warmed up and swapped in; a corrupted
 * one is rejected with a model-status event naming the file while the old version keeps serving.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class ModelHotReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    LoadedModels models;

    @Inject
    ModelRegistry registry;

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "udpm.worker.models.cache-dir")
    Path cacheDir;

    private ModelPublisher publisher;

    @BeforeEach
    void publisher() throws Exception {
        publisher = new ModelPublisher(store, bootstrapServers, Files.createTempDirectory("udpm-publish-"));
    }

    @Test
    void publishedVersionsAreLoadedAndBecomeLatestAndAnOlderPinnedVersionStillServes() throws Exception {
        String name = "reload-" + UUID.randomUUID().toString().substring(0, 8);
        Path v1 = publisher.publish(name, "v1", 21);
        await().atMost(WAIT).until(() -> models.latestVersion(name), Optional.of("v1")::equals);
        ModelStatus loaded = ModelStatusEvents.await(bootstrapServers, name,
                s -> s.status() == ModelStatus.Status.LOADED && s.version().equals("v1"), WAIT);
        assertTrue(loaded.reason().contains("s3://"), loaded.reason());

        Path v2 = publisher.publish(name, "v2", 22);
        await().atMost(WAIT).until(() -> models.latestVersion(name), Optional.of("v2")::equals);
        try (ModelLease latest = registry.acquire(name, null)) {
            assertEquals("v2", latest.version());
            assertArrayEquals(fingerprintOf(v2), TinyExports.fingerprint(latest.model()),
                    "the latest lease must run the weights published as v2");
        }
        try (ModelLease pinned = registry.acquire(name, "v1")) {
            assertEquals("v1", pinned.version());
            assertArrayEquals(fingerprintOf(v1), TinyExports.fingerprint(pinned.model()),
                    "a job pinned to v1 still gets v1's weights");
        }
        try (var cached = Files.list(cacheDir.resolve(name))) {
            assertEquals(0, cached.count(), "downloads are deleted once loaded");
        }
    }

    @Test
    void corruptedVersionIsRejectedNamingTheFileAndTheOldKeepsServing() throws Exception {
        String name = "corrupt-" + UUID.randomUUID().toString().substring(0, 8);
        publisher.publish(name, "v1", 31);
        await().atMost(WAIT).until(() -> models.latestVersion(name), Optional.of("v1")::equals);

        Path exported = publisher.export(name + "-probe", "p", 1);
        String dataFile = ModelPublisher.manifestOf(exported).files().stream().map(ModelManifest.FileEntry::path)
                .filter(p -> p.startsWith("variables/variables.data")).findFirst().orElseThrow();
        publisher.publishCorrupted(name, "v2", 32, dataFile);

        ModelStatus rejected = ModelStatusEvents.await(bootstrapServers, name,
                s -> s.status() == ModelStatus.Status.REJECTED, WAIT);
        assertEquals("v2", rejected.version());
        assertTrue(rejected.reason().contains(dataFile), "the reason must name the file: " + rejected.reason());
        assertTrue(rejected.reason().contains("SHA-256"), rejected.reason());
        assertEquals(Optional.of("v1"), models.latestVersion(name), "the old version keeps serving");
        try (ModelLease lease = registry.acquire(name, null)) {
            assertEquals("v1", lease.version());
        }
        given().when().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "udpm_model_rejects_total{model=\"" + name + "\",step=\"verify\"} 1.0"));
    }

    @Test
    void manifestChangedAfterPublicationIsRejected() throws Exception {
        String name = "resigned-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = publisher.export(name, "v1", 41);
        publisher.upload(dir);
        publisher.announce(name, "v1", "0".repeat(64));
        ModelStatus rejected = ModelStatusEvents.await(bootstrapServers, name,
                s -> s.status() == ModelStatus.Status.REJECTED, WAIT);
        assertTrue(rejected.reason().startsWith("verify failed: manifest.json: SHA-256 is"), rejected.reason());
        assertTrue(models.latestVersion(name).isEmpty());
    }

    @Test
    void pinnedVersionOnlyInTheStoreIsLoadedOnDemandAndAMissingOneIsNotAvailable() throws Exception {
        String name = "pinned-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = publisher.export(name, "v7", 51);
        publisher.upload(dir); // uploaded, never announced
        try (ModelLease lease = registry.acquire(name, "v7")) {
            assertEquals("v7", lease.version());
            assertArrayEquals(fingerprintOf(dir), TinyExports.fingerprint(lease.model()));
        }
        assertTrue(models.latestVersion(name).isEmpty(), "a pinned load does not make a version the latest");

        ModelNotAvailableException missing = assertThrows(ModelNotAvailableException.class,
                () -> registry.acquire(name, "v8"));
        assertTrue(missing.getMessage().contains("'" + name + "' version 'v8'"), missing.getMessage());
    }

    private static float[] fingerprintOf(Path dir) throws Exception {
        try (UdpmModel model = ModelLoader.load(dir, DeviceOptions.cpu(1, 1))) {
            return TinyExports.fingerprint(model);
        }
    }
}
