package dev.udpm.worker.models;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Start-up: with no announcement of its model, the bundled default model is loaded, serves and makes the worker ready. */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class ModelStartupTest {

    @Inject
    ModelRegistry registry;

    @Test
    void bundledModelIsLoadedAtStartAndIsTheLatest() {
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.loaded().stream()
                .anyMatch(m -> m.name().equals(BundledTinyModelResource.NAME)));
        LoadedModel bundled = registry.loaded().stream()
                .filter(m -> m.name().equals(BundledTinyModelResource.NAME)
                        && m.version().equals(BundledTinyModelResource.VERSION))
                .findFirst().orElseThrow(() -> new AssertionError("bundled version not listed: " + registry.loaded()));
        assertTrue(bundled.latest(), "the bundled version must be the latest of its model");
        assertEquals(32, bundled.imageSize());
        assertEquals(1, bundled.channels());
        assertEquals(10, bundled.numClasses());
        assertTrue(bundled.source().startsWith("bundled:"), bundled.source());

        try (ModelLease lease = registry.acquire(BundledTinyModelResource.NAME, null)) {
            assertEquals(BundledTinyModelResource.VERSION, lease.version());
            float[] images = lease.model().generate(
                    new dev.udpm.core.latent.LatentGenerator(lease.model().latentShapes()).generate(7, 0, 2),
                    new int[] {3, 4});
            assertEquals(2 * 32 * 32, images.length);
        }
    }

    @Test
    void readinessIsUpWithTheModelsCheck() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'models' }.status", is("UP"))
                .body("checks.find { it.name == 'models' }.data.loaded",
                        org.hamcrest.Matchers.containsString(BundledTinyModelResource.NAME + "/"
                                + BundledTinyModelResource.VERSION + "*")));
        List<String> names = given().when().get("/q/health/ready").then().extract().jsonPath().getList("checks.name");
        assertTrue(names.contains("object-store") && names.contains("kafka-broker"), names.toString());
    }
}
