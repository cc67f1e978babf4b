package dev.udpm.worker.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import dev.udpm.worker.status.JobEventJournal;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/jobs/{jobId}/events} read by a plain {@link HttpClient} as Server-Sent Events while a job runs on
 * the real broker and S3: accepted, progress and completed arrive live and in order, with ids that grow; a
 * reconnection with {@code Last-Event-ID} gets only what came after; a second status store built afterwards from the
 * topic (another instance) holds the same events under the same ids; unknown job and another tenant's job are 404,
 * no key 401, a bad Last-Event-ID 400.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class JobEventsEndToEndTest extends EndToEndTest {

    private static final Duration WAIT = PipelineEndToEndTest.WAIT;
    private static final String ACME = "acme-test-key";
    private static final String GLOBEX = "globex-test-key";

    /** One SSE event as received, with when it arrived. */
    record Received(String id, String event, String data, long arrivedNanos) {
    }

    /** A response: its status, the events of the stream (until the server ended it), the raw body if not 200. */
    record Answer(int status, String contentType, List<Received> events, String body) {
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    JobEventJournal journal;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theStreamShowsAcceptedProgressCompletedLiveAndResumesAfterLastEventIdWithoutRepeats() throws Exception {
        ChainDelay.set(Duration.ofMillis(400));
        String job = "sse-live-" + UUID.randomUUID();
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(uri("/v1/jobs")).header("X-API-Key", ACME)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Requests.generate(job, PipelineEndToEndTest.MODEL, 96, 5,
                        "\"classLabels\":[2]"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, submitted.statusCode(), submitted.body());

        // 404 while the job is queued (as GET /v1/jobs/{id}); the stream opens once a worker has accepted it
        Answer live = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (live == null || live.status() == 404) {
            assertTrue(System.nanoTime() < deadline, "the job never became visible: " + live);
            if (live != null) {
                Thread.sleep(50);
            }
            live = stream(job, ACME, null);
        }
        assertEquals(200, live.status(), live.body());
        assertTrue(live.contentType().startsWith("text/event-stream"), live.contentType());
        List<String> types = live.events().stream().map(Received::event).toList();
        assertEquals("accepted", types.get(0), "types: " + types);
        assertEquals("completed", types.get(types.size() - 1), "types: " + types);
        assertTrue(types.subList(1, types.size() - 1).contains("progress"), "at least one progress: " + types);
        assertTrue(types.subList(1, types.size() - 1).stream().allMatch("progress"::equals), "types: " + types);
        long previous = -1;
        for (Received r : live.events()) {
            long id = Long.parseLong(r.id());
            assertTrue(id > previous, "ids grow: " + live.events());
            previous = id;
            JobEvent event = ContractValidator.shared().parseJobEvent(r.data());
            assertEquals(job, event.jobId());
            assertEquals(r.event(), event.eventType(), "event: is the data's type");
        }
        Received accepted = live.events().get(0);
        Received completed = live.events().get(live.events().size() - 1);
        assertTrue(completed.arrivedNanos() - accepted.arrivedNanos() > TimeUnit.MILLISECONDS.toNanos(500),
                "the events came as the job ran (6 batches of 400 ms), not replayed at the end");
        List<String> onTopic = topics.currentEvents(job).stream().map(JobEvent::eventType).toList();
        assertEquals(onTopic.stream().filter(t -> !t.equals("progress")).toList(),
                types.stream().filter(t -> !t.equals("progress")).toList(), "every non-progress event: " + onTopic);

        // resume after accepted: nothing up to it again, the rest as received, ending with the same completed
        Answer resumed = stream(job, ACME, accepted.id());
        assertEquals(200, resumed.status(), resumed.body());
        List<String> resumedIds = resumed.events().stream().map(Received::id).toList();
        assertTrue(resumedIds.stream().allMatch(id -> Long.parseLong(id) > Long.parseLong(accepted.id())),
                "only events after Last-Event-ID: " + resumedIds);
        assertTrue(live.events().stream().map(Received::id).toList().containsAll(resumedIds), "no new ids: "
                + resumedIds);
        assertEquals(completed.id(), resumedIds.get(resumedIds.size() - 1));
        assertEquals(completed.data(), resumed.events().get(resumed.events().size() - 1).data());
        assertEquals(resumedIds.size(), resumedIds.stream().distinct().count(), "no repeats: " + resumedIds);

        Answer afterEnd = stream(job, ACME, completed.id());
        assertEquals(200, afterEnd.status());
        assertEquals(List.of(), afterEnd.events(), "after the last event of an ended job the stream ends empty");

        // another instance, built from the topic now, holds the same events under the same ids
        JobEventJournal elsewhere = new JobEventJournal();
        try (SecondStatusStore restored = new SecondStatusStore(bootstrapServers, WAIT, elsewhere)) {
            await().atMost(WAIT).until(() -> !elsewhere.entries(job).isEmpty()
                    && elsewhere.entries(job).get(elsewhere.entries(job).size() - 1).endsJob());
            assertEquals(journal.entries(job), elsewhere.entries(job));
        }
    }

    @Test
    void unknownJobAnotherTenantsJobNoKeyAndBadLastEventIdAreRefused() throws Exception {
        String job = "sse-refused-" + UUID.randomUUID();
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(uri("/v1/jobs")).header("X-API-Key", ACME)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Requests.generate(job, PipelineEndToEndTest.MODEL, 1, 1,
                        "\"classLabels\":[1]"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, submitted.statusCode(), submitted.body());
        topics.awaitTerminal(job, WAIT);
        await().atMost(WAIT).until(() -> stream(job, ACME, null).status() == 200);

        String unknownJob = "sse-unknown-" + UUID.randomUUID();
        Answer unknown = stream(unknownJob, ACME, null);
        assertProblem(unknown, 404, "unknown");
        Answer otherTenant = stream(job, GLOBEX, null);
        assertProblem(otherTenant, 404, "unknown");
        assertEquals(unknown.body().replace(unknownJob, "JOB"), otherTenant.body().replace(job, "JOB"),
                "another tenant's job is indistinguishable from an unknown one");
        assertProblem(stream(job, null, null), 401, "");
        Answer badId = stream(job, ACME, "abc");
        assertProblem(badId, 400, "Last-Event-ID");
        assertEquals("/headers/Last-Event-ID", Json.mapper().readTree(badId.body()).path("violations").path(0)
                .path("field").asText());
        assertProblem(stream("bad%20id", ACME, null), 400, "/jobId");
        assertEquals(200, stream(job, "test-key-1", null).status(), "an admin key sees every job");
    }

    private static void assertProblem(Answer answer, int status, String detailPart) throws Exception {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.toString());
        JsonNode problem = Json.mapper().readTree(answer.body());
        assertEquals(status, problem.path("status").asInt(), answer.body());
        assertTrue(problem.path("detail").asText().contains(detailPart), answer.body());
    }

    private URI uri(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    /** Opens the stream and reads it until the server ends it (or {@link #WAIT} passes: a failure). */
    private Answer stream(String job, String key, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/jobs/" + job + "/events"))
                .header("Accept", "text/event-stream").GET();
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        CompletableFuture<Answer> read = CompletableFuture.supplyAsync(() -> {
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    return new Answer(response.statusCode(), contentType, List.of(),
                            String.join("\n", lines.toList()));
                }
                return new Answer(200, contentType, events(lines.iterator()), "");
            }
        });
        try {
            return read.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            response.body().close();
            throw new AssertionError("the stream of " + job + " did not end within " + WAIT, e);
        }
    }

    /** The events of an SSE body: {@code id}, {@code event}, {@code data} lines up to a blank line; comments skipped. */
    private static List<Received> events(Iterator<String> lines) {
        List<Received> events = new ArrayList<>();
        String id = null;
        String event = null;
        StringBuilder data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Received(id, event, data.toString(), System.nanoTime()));
                }
                id = null;
                event = null;
                data = null;
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return events;
    }
}
