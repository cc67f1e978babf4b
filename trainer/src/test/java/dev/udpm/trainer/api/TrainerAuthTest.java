package dev.udpm.trainer.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.function.Function;

import dev.udpm.rest.Problem;
import dev.udpm.testsupport.RawHttp;
import dev.udpm.testsupport.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * The trainer's REST API needs a key (the worker's scheme, shared in {@code dev.udpm.rest}): without one, with a
 * wrong one or a malformed header every {@code /v1} call is a 401 problem and nothing happens; health, metrics and
 * the OpenAPI document stay open.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
class TrainerAuthTest {

    /** The key of %test.udpm.trainer.api.keys. */
    static final String KEY = "trainer-test-key";

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    private static final String RUN = "{\"dataset\":\"fashion-mnist\",\"runId\":\"auth-never-started\",\"steps\":1}";

    @Test
    void everyRunsAndModelsCallWithoutAValidKeyIsA401Problem() {
        List<Function<RequestSpecification, io.restassured.response.Response>> calls = List.of(
                r -> r.get("/v1/runs"),
                r -> r.get("/v1/runs/some-run"),
                r -> r.contentType(ContentType.JSON).body(RUN).post("/v1/runs"),
                r -> r.post("/v1/runs/some-run/stop"),
                r -> r.post("/v1/runs/some-run/resume"),
                r -> r.contentType(ContentType.JSON).body("{\"version\":\"v2\",\"percent\":10}")
                        .post("/v1/models/m/canary"),
                r -> r.contentType(ContentType.JSON).body("{}").post("/v1/models/m/promote"),
                r -> r.contentType(ContentType.JSON).body("{\"toVersion\":\"v1\"}").post("/v1/models/m/rollback"));
        for (var call : calls) {
            call.apply(given()).then().statusCode(401).contentType(startsWith(Problem.MEDIA_TYPE))
                    .header("WWW-Authenticate", is("Bearer realm=\"udpm-trainer\""))
                    .body("status", is(401)).body("detail", containsString("Authorization: Bearer"));
            call.apply(given().header("X-API-Key", "wrong-key")).then().statusCode(401)
                    .contentType(startsWith(Problem.MEDIA_TYPE)).body("detail", is("the key presented is not valid"));
            call.apply(given().header("Authorization", "Bearer " + KEY + "x")).then().statusCode(401);
            call.apply(given().header("Authorization", "Basic dHJhaW5lcjp0ZXN0")).then().statusCode(401)
                    .body("detail", containsString("Bearer <key>"));
        }
        // the refused POST started nothing
        given().header("X-API-Key", KEY).get("/v1/runs/auth-never-started").then().statusCode(404);
    }

    @Test
    void aValidKeyAsBearerOrApiKeyHeaderPasses() {
        given().header("Authorization", "Bearer " + KEY).get("/v1/runs").then().statusCode(200);
        given().header("X-API-Key", KEY).get("/v1/runs/no-such-run").then().statusCode(404)
                .contentType(startsWith(Problem.MEDIA_TYPE));
    }

    @Test
    void overLongUrisAndOversizedBodiesAreProblemsEvenWithoutAKey() throws Exception {
        given().get("/v1/runs/" + "r".repeat(5000)).then().statusCode(414)
                .contentType(startsWith(Problem.MEDIA_TYPE)).body("status", is(414));
        RawHttp.assertOversizedPostIsAProblem(base, "/v1/runs", "X-API-Key: " + KEY, Problem.MEDIA_TYPE);
    }

    @Test
    void healthMetricsAndOpenApiStayOpenAndTheDocumentNamesTheSchemes() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", is("bearer"))
                .body("components.securitySchemes.apiKey.name", is("X-API-Key"))
                .body("paths.'/v1/runs'.post.responses.'401'", notNullValue())
                .body("paths.'/v1/models/{name}/canary'.post.responses.'401'", notNullValue());
    }
}
