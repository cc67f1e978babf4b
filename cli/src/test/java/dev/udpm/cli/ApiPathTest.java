package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.validation.ContractValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST path of submit, status, cancel and models against a local HTTP server answering as the worker's
 * front door does (202 JobSubmitted, RFC 9457 problems with violations, 401); it records what the CLI sent.
 */
class ApiPathTest {

    private HttpServer server;
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final Map<String, Object[]> answers = new ConcurrentHashMap<>();
    /** Answers given in turn (the last one repeats), before {@link #answers}. */
    private final Map<String, java.util.Deque<Object[]>> sequences = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            received.put(route, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.put(route + " auth", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            received.put(route + " key", String.valueOf(exchange.getRequestHeaders().getFirst("X-API-Key")));
            java.util.Deque<Object[]> sequence = sequences.get(route);
            Object[] answer = sequence != null ? (sequence.size() > 1 ? sequence.poll() : sequence.peek()) : answers.getOrDefault(route, new Object[] {404, "{\"title\":\"Not Found\",\"status\":404,"
                    + "\"detail\":\"no route\"}"});
            byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders((Integer) answer[0], body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void submitPostsTheValidatedRequestWithTheKeyAndPrintsTheAnswer() {
        answers.put("POST /v1/jobs", new Object[] {202, "{\"jobId\":\"api-1\",\"status\":\"submitted\","
                + "\"statusUrl\":\"/v1/jobs/api-1\"}"});
        TestInfra.Result r = TestInfra.runRaw("submit", "generate", "--model", "m", "--count", "3", "--seed", "4",
                "--job-id", "api-1", "--api", url(), "--api-key", "k-123");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(r.out().contains("submitted generate job api-1 (3 images, model m) to POST " + url()
                + "/v1/jobs (submitted)"), r.toString());
        GenerateJob sent = (GenerateJob) ContractValidator.shared().parseJobRequest(received.get("POST /v1/jobs"));
        assertEquals(3, sent.count());
        assertEquals("Bearer k-123", received.get("POST /v1/jobs auth"));
        assertEquals("k-123", received.get("POST /v1/jobs key"));
    }

    @Test
    void problemDetailsBecomeExitCodesWithTheServersExplanation() {
        answers.put("POST /v1/jobs", new Object[] {400, "{\"type\":\"https://udpm.dev/problems/invalid-request\","
                + "\"title\":\"Invalid request\",\"status\":400,\"detail\":\"1 violation\",\"violations\":[{\"field\":"
                + "\"/model/name\",\"rule\":\"pattern\",\"message\":\"/model/name: bad\"}]}"});
        TestInfra.Result bad = TestInfra.runRaw("submit", "generate", "--model", "m", "--count", "1", "--seed", "1",
                "--api", url());
        assertEquals(ExitCodes.INVALID_INPUT, bad.code(), bad.toString());
        assertTrue(bad.err().contains("answered 400: 1 violation\n  /model/name [pattern]: /model/name: bad"), bad.toString());

        answers.put("GET /v1/models", new Object[] {401, "{\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"send Authorization: Bearer <key>\"}"});
        TestInfra.Result denied = TestInfra.runRaw("models", "--api", url());
        assertEquals(ExitCodes.NO_PERMISSION, denied.code(), denied.toString());
        assertTrue(denied.err().contains("send Authorization: Bearer <key> (pass a key with --api-key or UDPM_API_KEY)"),
                denied.toString());

        TestInfra.Result noDelete = TestInfra.runRaw("cancel", "j9", "--api", url());
        assertEquals(ExitCodes.NOT_FOUND, noDelete.code(), noDelete.toString());
        assertTrue(noDelete.err().contains("cancel through Kafka: udpm cancel j9 without --api"), noDelete.toString());
    }

    @Test
    void statusAndModelsReadTheApisAnswers() {
        answers.put("GET /v1/jobs/j7", new Object[] {200, "{\"jobId\":\"j7\",\"status\":\"completed\",\"done\":2,"
                + "\"total\":2,\"modelName\":\"fashion\",\"modelVersion\":\"v3\",\"manifestKey\":\"jobs/j7/manifest.json\","
                + "\"objects\":[{},{}]}"});
        TestInfra.Result status = TestInfra.runRaw("status", "j7", "--api", url());
        assertEquals(ExitCodes.OK, status.code(), status.toString());
        assertEquals(List.of("job j7: completed 2/2 images", "  model fashion v3, 2 objects, manifest jobs/j7/manifest.json"),
                status.out().lines().toList());

        answers.put("GET /v1/models", new Object[] {200, "[{\"name\":\"fashion\",\"version\":\"v3\",\"latest\":true,"
                + "\"loadedAt\":\"2025-06-01T11:00:00Z\",\"imageSize\":32,\"channels\":1,\"numClasses\":10,"
                + "\"source\":\"bundled\"}]"});
        TestInfra.Result models = TestInfra.runRaw("models", "--api", url());
        assertEquals(ExitCodes.OK, models.code(), models.toString());
        List<String> lines = models.out().lines().toList();
        assertEquals("NAME     VERSION  LATEST  LOADED AT             SIZE     CLASSES  SOURCE", lines.get(0));
        assertEquals("fashion  v3       true    2025-06-01T11:00:00Z  32x32x1  10       bundled", lines.get(1));
    }

    @Test
    void modelsWaitForRetriesAStartingWorkerUntilTheModelIsLoaded() {
        String fashion = "[{\"name\":\"fashion-mnist\",\"version\":\"v1\",\"latest\":true,\"loadedAt\":"
                + "\"2025-06-01T11:00:00Z\",\"imageSize\":32,\"channels\":1,\"numClasses\":10,\"source\":\"bundled\"}]";
        sequences.put("GET /v1/models", new java.util.ArrayDeque<>(List.of(
                new Object[] {503, "{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"starting\"}"},
                new Object[] {200, "[]"},
                new Object[] {200, fashion})));
        TestInfra.Result r = TestInfra.runRaw("models", "--api", url(), "--wait-for", "fashion-mnist", "--timeout", "20s");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("fashion-mnist  v1")), r.toString());
        assertTrue(r.err().contains("waiting for model fashion-mnist"), r.toString());
        assertEquals(1, sequences.get("GET /v1/models").size(), "the last answer was reached");
    }

    @Test
    void modelsWaitForGivesUpAfterTheTimeoutSayingWhatIsLoaded() {
        answers.put("GET /v1/models", new Object[] {200, "[{\"name\":\"other\",\"version\":\"v1\"}]"});
        TestInfra.Result r = TestInfra.runRaw("models", "--api", url(), "--wait-for", "fashion-mnist", "--timeout", "2s");
        assertEquals(ExitCodes.TIMEOUT, r.code(), r.toString());
        assertTrue(r.err().contains("no version of model fashion-mnist loaded on " + url() + " within PT2S (loaded: [other])"),
                r.toString());

        TestInfra.Result noApi = TestInfra.runRaw("models", "--wait-for", "fashion-mnist");
        assertEquals(ExitCodes.INVALID_INPUT, noApi.code(), noApi.toString());
        assertTrue(noApi.err().contains("--wait-for asks a worker: add --api"), noApi.toString());
    }

    @Test
    void bareApiFlagMeansTheDefaultUrlAndDoesNotSwallowTheJobId() {
        StatusCommand bare = new StatusCommand();
        new picocli.CommandLine(bare).parseArgs("--api", "j7");
        assertEquals(ApiOption.defaultUrl(), bare.apiUrl);
        assertEquals("j7", bare.jobId);

        StatusCommand given = new StatusCommand();
        new picocli.CommandLine(given).parseArgs("--api", "http://10.0.0.1:8080", "j8");
        assertEquals("http://10.0.0.1:8080", given.apiUrl);
        assertEquals("j8", given.jobId);

        StatusCommand attached = new StatusCommand();
        new picocli.CommandLine(attached).parseArgs("j9", "--api=http://h:1");
        assertEquals("http://h:1", attached.apiUrl);

        StatusCommand none = new StatusCommand();
        new picocli.CommandLine(none).parseArgs("j9");
        assertEquals(null, none.apiUrl, "without --api the events topic is read");
    }
}
