package dev.udpm.worker.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import dev.udpm.rest.Problem;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** GET /v1/models, and the endpoints that stay open without credentials: health, metrics, OpenAPI. */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class OperationsEndpointsTest {

    @Test
    void modelsListsTheLoadedVersionsAndNeedsCredentials() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + JobsApiTest.KEY).when().get("/v1/models")
                        .then().statusCode(200)
                        .body("find { it.name == 'tiny' && it.version == 'bundled-1' }.latest", is(true))
                        .body("find { it.name == 'tiny' && it.version == 'bundled-1' }.imageSize", is(32))
                        .body("find { it.name == 'tiny' && it.version == 'bundled-1' }.numClasses", is(10))
                        .body("find { it.name == 'tiny' && it.version == 'bundled-1' }.loadedAt", notNullValue()));
        given().when().get("/v1/models").then().statusCode(401)
                .contentType(org.hamcrest.Matchers.startsWith(Problem.MEDIA_TYPE));
    }

    @Test
    void openApiDocumentIsServedWithoutCredentialsAndDescribesTheApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/v1/jobs'.post.responses.'202'", notNullValue())
                .body("paths.'/v1/jobs'.post.responses.'400'.content.'application/problem+json'", notNullValue())
                .body("paths.'/v1/models'.get", notNullValue())
                .body("components.schemas.Problem.properties.violations", notNullValue())
                .body("components.schemas.JobSubmitted.properties.statusUrl", notNullValue())
                .body("components.schemas.GenerateJob.properties.count", notNullValue())
                .body("components.securitySchemes.bearer.scheme", is("bearer"))
                .body("components.securitySchemes.apiKey.name", is("X-API-Key"));
    }

    @Test
    void metricsAreOpenAndHaveTheModelMeters() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("udpm_models_loaded"))
                .body(containsString("udpm_model_leases_active"))
                .body(containsString("udpm_model_reloads_total{model=\"tiny\"}"))
                .body(containsString("udpm_model_load_seconds_count{model=\"tiny\"}")));
    }

    @Test
    void healthIsOpen() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200).body("checks.name", hasItem("models")));
    }
}
