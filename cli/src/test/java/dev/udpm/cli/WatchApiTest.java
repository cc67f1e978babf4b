package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code udpm watch JOB --api URL} against a local HTTP server answering {@code GET /v1/jobs/{id}/events} as the
 * worker does (404 problem while queued, then {@code text/event-stream} with {@code id}/{@code event}/{@code data},
 * comments, streams the server ends before the job ends); the worker's own stream is tested end to end in the
 * worker module (JobEventsEndToEndTest).
 */
class WatchApiTest {

    private static final java.time.Instant T = WatchCommandTest.T;

    private HttpServer server;
    /** Answers in turn: {status, body}; the last one repeats. */
    private final Deque<Object[]> answers = new ArrayDeque<>();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<String> auth = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/jobs/", exchange -> {
            lastEventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            auth.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Object[] answer;
            synchronized (answers) {
                answer = answers.size() > 1 ? answers.poll() : answers.peek();
            }
            int status = (Integer) answer[0];
            byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "text/event-stream"
                    : "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
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

    @Test
    void watchApiWaitsWhileQueuedFollowsTheStreamAndResumesAfterTheLastEventWithoutRepeats() {
        String id = "wa-ok";
        answers.add(new Object[] {404, problem(404, "no event of job " + id + " yet")});
        answers.add(new Object[] {200, ": events of job " + id + "\nretry: 2000\n\n"
                + event(5, new JobAccepted(id, T, "worker-1", null))
                + event(7, new JobProgress(id, T, "worker-1", null, 8, 16))
                + ": this stream reached its maximum duration\n\n"});
        answers.add(new Object[] {200, ": heartbeat\n\n"
                + event(9, new JobProgress(id, T, "worker-1", null, 16, 16))
                + event(12, WatchCommandTest.completed(id))});
        TestInfra.Result r = TestInfra.runRaw("watch", id, "--api", url(), "--api-key", "k-9", "--timeout", "30s");

        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertEquals(List.of("accepted   by worker-1 at 2025-06-01T12:00:00Z",
                "progress   [###############---------------]  8/16  50%",
                "progress   [##############################] 16/16 100%",
                "completed  2 objects (manifest jobs/" + id + "/manifest.json), model fashion v1, queued 12 ms,"
                        + " compute 340 ms, total 12.3 s"), r.out().lines().toList(), r.toString());
        assertEquals(List.of("null", "null", "7"), lastEventIds, "reconnected after the last event it saw");
        assertEquals(Collections.nCopies(3, "Bearer k-9"), auth);
    }

    @Test
    void aFailedJobExitsOneAndARefusedKeyExitsWithTheServersExplanation() {
        String id = "wa-fail";
        answers.add(new Object[] {200, event(3, new JobAccepted(id, T, "worker-2", null))
                + "id: 4\nevent: failed\ndata: {not json\n\n"
                + event(6, new JobFailed(id, T, "worker-2", null, FailureCode.LIMIT_EXCEEDED, "too many", "/count"))});
        TestInfra.Result failed = TestInfra.runRaw("watch", id, "--api", url(), "--timeout", "20s");
        assertEquals(ExitCodes.JOB_FAILED, failed.code(), failed.toString());
        assertTrue(failed.out().contains("failed     LIMIT_EXCEEDED at /count: too many"), failed.toString());
        assertTrue(failed.err().contains("warning: skipped an invalid event of job " + id + " (id 4)"),
                failed.toString());

        answers.clear();
        answers.add(new Object[] {401, problem(401, "send Authorization: Bearer <key>")});
        TestInfra.Result denied = TestInfra.runRaw("watch", id, "--api", url(), "--timeout", "20s");
        assertEquals(ExitCodes.NO_PERMISSION, denied.code(), denied.toString());
        assertTrue(denied.err().contains("answered 401: send Authorization: Bearer <key> (pass a key with --api-key"
                + " or UDPM_API_KEY)"), denied.toString());
    }

    @Test
    void aJobThatNeverBecomesVisibleTimesOut() {
        answers.add(new Object[] {404, problem(404, "no event of job wa-none")});
        TestInfra.Result r = TestInfra.runRaw("watch", "wa-none", "--api", url(), "--timeout", "3s");
        assertEquals(ExitCodes.TIMEOUT, r.code(), r.toString());
        assertTrue(r.err().contains("job wa-none did not end within"), r.toString());
        assertTrue(lastEventIds.size() >= 2, "asked again while the job was not visible: " + lastEventIds);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String event(long id, Object event) {
        String json = Json.write(event);
        String type = Json.mapper().valueToTree(event).path("type").asText();
        return "id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n";
    }

    private static String problem(int status, String detail) {
        return "{\"title\":\"t\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }
}
