package dev.udpm.worker.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;
import java.util.UUID;

import dev.udpm.rest.Problem;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * {@code udpm.worker.jobs.presigned-urls=false}: the REST front door refuses a job asking for presigned URLs, naming
 * the field (the pipeline leaving them out of events is JobPipelineTest's). Also: the HTTP limits answer problems.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
@TestProfile(PresignedUrlsOffTest.NoUrls.class)
class PresignedUrlsOffTest {

    /** Presigned URLs switched off. */
    public static class NoUrls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("udpm.worker.jobs.presigned-urls", "false");
        }
    }

    @Test
    void aJobAskingForPresignedUrlsIsA400NamingTheField() {
        String jobId = "no-urls-" + UUID.randomUUID();
        String body = JobsApiTest.generate(jobId, 1)
                .replace("\"count\"", "\"output\":{\"presignedUrls\":true},\"count\"");
        given().header("X-API-Key", JobsApiTest.KEY).contentType("application/json").body(body)
                .when().post("/v1/jobs").then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE))
                .body("violations[0].field", is("/output/presignedUrls"));
        given().header("X-API-Key", JobsApiTest.KEY).contentType("application/json")
                .body(JobsApiTest.generate("with-no-urls-" + UUID.randomUUID(), 1))
                .when().post("/v1/jobs").then().statusCode(202);
    }
}
