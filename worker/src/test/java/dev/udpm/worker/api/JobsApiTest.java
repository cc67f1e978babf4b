package dev.udpm.worker.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.udpm.rest.ApiKeyAuthenticator;
import dev.udpm.rest.Problem;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Topics;
import dev.udpm.testsupport.RawHttp;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The REST front door through the real broker: submit (202 / 400 / 401) and credentials; job status and cancel are
 * tested in {@code pipeline.JobStatusEndToEndTest}.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class JobsApiTest {

    /** A key from %test.udpm.worker.api.keys. */
    static final String KEY = "test-key-2";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    @Test
    void validJobIsAcceptedAndLandsOnTheJobsTopicWithCloudEventHeaders() {
        String jobId = "api-" + UUID.randomUUID();
        String body = generate(jobId, 1);

        given().header("Authorization", "Bearer " + KEY).contentType("application/json").body(body)
                .when().post("/v1/jobs")
                .then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/jobs/" + jobId))
                .body("jobId", is(jobId))
                .body("status", is("submitted"))
                .body("statusUrl", is("/v1/jobs/" + jobId));

        ConsumerRecord<String, String> record = findOnJobsTopic(jobId);
        assertEquals(body, record.value(), "the record value must be the request as submitted");
        assertEquals(CloudEvents.TYPE_JOB_REQUEST, header(record, CloudEvents.HEADER_TYPE));
        assertEquals(CloudEvents.SPEC_VERSION, header(record, CloudEvents.HEADER_SPEC_VERSION));
        assertEquals(CloudEvents.CONTENT_TYPE_JSON, header(record, CloudEvents.HEADER_CONTENT_TYPE));
        assertNotNull(header(record, CloudEvents.HEADER_ID));
        assertNotNull(java.time.Instant.parse(header(record, CloudEvents.HEADER_TIME)));
        org.junit.jupiter.api.Assertions.assertTrue(header(record, CloudEvents.HEADER_SOURCE).startsWith("/udpm/worker/"));
    }

    @Test
    void apiKeyHeaderIsAcceptedLikeABearerToken() {
        String jobId = "api-key-" + UUID.randomUUID();
        given().header(ApiKeyAuthenticator.API_KEY_HEADER, "test-key-1").contentType("application/json")
                .body(generate(jobId, 2))
                .when().post("/v1/jobs")
                .then().statusCode(202).body("jobId", is(jobId));
        assertEquals(jobId, findOnJobsTopic(jobId).key());
    }

    @Test
    void invalidBodyIsA400ProblemNamingTheField() {
        String jobId = "api-bad-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + KEY).contentType("application/json").body(generate(jobId, 0))
                .when().post("/v1/jobs")
                .then().statusCode(400)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", is(Problem.TYPE_PREFIX + "invalid-request"))
                .body("title", is("Invalid request"))
                .body("status", is(400))
                .body("detail", containsString("/count"))
                .body("violations.field", hasItem("/count"))
                .body("violations.find { it.field == '/count' }.rule", is("minimum"));
    }

    @Test
    void missingRequiredFieldAndUnparseableBodyAreNamed() {
        given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body("{\"type\":\"generate\",\"jobId\":\"x1\",\"submittedAt\":\"2025-06-01T12:00:00Z\","
                        + "\"model\":{\"name\":\"m\"},\"count\":1}")
                .when().post("/v1/jobs")
                .then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE))
                .body("violations.find { it.field == '/seed' }.rule", is("required"));

        given().header("Authorization", "Bearer " + KEY).contentType("application/json").body("{\"type\":")
                .when().post("/v1/jobs")
                .then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE))
                .body("violations[0].field", is(""))
                .body("violations[0].rule", is("json"));
    }

    @Test
    void noCredentialsIsA401ProblemAndNothingIsWritten() {
        String jobId = "api-anon-" + UUID.randomUUID();
        given().contentType("application/json").body(generate(jobId, 1))
                .when().post("/v1/jobs")
                .then().statusCode(401)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", is(401))
                .body("title", is("Unauthorized"))
                .body("detail", containsString("Authorization: Bearer"));

        given().header("Authorization", "Bearer wrong-key").contentType("application/json").body(generate(jobId, 1))
                .when().post("/v1/jobs")
                .then().statusCode(401).body("detail", containsString("not valid"));

        given().header("Authorization", "Basic dXNlcjpwdw==").contentType("application/json").body(generate(jobId, 1))
                .when().post("/v1/jobs")
                .then().statusCode(401).body("detail", containsString("Bearer <key>"));

        // a later valid submission proves the topic is read; the refused jobId never appears before it
        String sentinel = "api-sentinel-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + KEY).contentType("application/json").body(generate(sentinel, 1))
                .when().post("/v1/jobs").then().statusCode(202);
        List<String> keys = keysUpTo(sentinel);
        org.junit.jupiter.api.Assertions.assertFalse(keys.contains(jobId), "a refused job must not reach udpm.jobs");
    }

    @Test
    void wrongMediaTypeIsAProblemToo() {
        given().header("Authorization", "Bearer " + KEY).contentType("text/plain").body("hello")
                .when().post("/v1/jobs")
                .then().statusCode(415).contentType(startsWith(Problem.MEDIA_TYPE)).body("status", is(415));
    }

    @Test
    void aBodyWithoutContentTypeIsA415ProblemNotAGuess() throws Exception {
        // RestAssured always sends a Content-Type with a body; the JDK client sends none unless told
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(base.toURI().resolve("/v1/jobs"))
                        .header("Authorization", "Bearer " + KEY)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(generate("api-untyped-"
                                + UUID.randomUUID(), 1))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(415, answer.statusCode(), answer.body());
        assertEquals(Problem.MEDIA_TYPE, answer.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        org.junit.jupiter.api.Assertions.assertTrue(answer.body().contains("Content-Type: application/json"),
                answer.body());
    }

    @Test
    void overLongUrisAndOversizedBodiesAreProblems() throws Exception {
        given().header("Authorization", "Bearer " + KEY).when().get("/v1/jobs/" + "a".repeat(5000))
                .then().statusCode(414).contentType(startsWith(Problem.MEDIA_TYPE)).body("status", is(414));
        given().when().get("/v1/models?q=" + "a".repeat(5000)).then().statusCode(414)
                .contentType(startsWith(Problem.MEDIA_TYPE));
        RawHttp.assertOversizedPostIsAProblem(base, "/v1/jobs", "Authorization: Bearer " + KEY, Problem.MEDIA_TYPE);
    }

    static String generate(String jobId, int count) {
        return """
                {"type":"generate","jobId":"%s","submittedAt":"2025-06-01T12:00:00Z",\
                "model":{"name":"api-test-no-such-model"},"count":%d,"seed":42}""".formatted(jobId, count);
    }

    private ConsumerRecord<String, String> findOnJobsTopic(String jobId) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (jobId.equals(r.key())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("job " + jobId + " not found on " + Topics.JOBS);
    }

    private List<String> keysUpTo(String sentinel) {
        List<String> keys = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                    if (sentinel.equals(r.key())) {
                        return keys;
                    }
                }
            }
        }
        throw new AssertionError("sentinel " + sentinel + " not found on " + Topics.JOBS);
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOBS).stream()
                .map(p -> new TopicPartition(Topics.JOBS, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
