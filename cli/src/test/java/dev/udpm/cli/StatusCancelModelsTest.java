package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.job.CancelJob;
import dev.udpm.schemas.model.ModelPublished;
import dev.udpm.schemas.validation.ContractValidator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code udpm status}, {@code cancel} and {@code models} through the real broker. */
class StatusCancelModelsTest {

    static final Instant T = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void statusSummarisesTheEventsAndUnknownJobsAreNotFound() {
        String id = "s-" + UUID.randomUUID();
        TestInfra.produceEvents(new JobAccepted(id, T, "worker-7", null), new JobProgress(id, T, "worker-7", null, 3, 8));
        TestInfra.Result r = TestInfra.run("status", id);
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("job " + id + ": running 3/8 (worker worker-7)", lines.get(0), r.toString());
        assertEquals(3, lines.size(), r.toString());

        TestInfra.produceEvents(WatchCommandTest.completed(id));
        TestInfra.Result done = TestInfra.run("status", id, "--json");
        assertEquals(ExitCodes.OK, done.code(), done.toString());
        List<String> json = done.out().lines().toList();
        assertEquals(3, json.size(), done.toString());
        assertEquals("completed", ContractValidator.shared().parseJobEvent(json.get(2)).eventType());

        TestInfra.Result unknown = TestInfra.run("status", "s-unknown-" + UUID.randomUUID());
        assertEquals(ExitCodes.NOT_FOUND, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("no events for job s-unknown-"), unknown.toString());
    }

    @Test
    void cancelWritesAValidCancelRecordKeyedByJobId() {
        String id = "c-" + UUID.randomUUID();
        TestInfra.Result r = TestInfra.run("cancel", id);
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        List<ConsumerRecord<String, String>> records = TestInfra.records(Topics.JOBS, id);
        assertEquals(1, records.size());
        CancelJob cancel = assertInstanceOf(CancelJob.class,
                ContractValidator.shared().parseJobRequest(records.get(0).value()));
        assertEquals(id, cancel.jobId());
        assertEquals(CloudEvents.TYPE_JOB_REQUEST, SubmitCommandTest.header(records.get(0), CloudEvents.HEADER_TYPE));

        TestInfra.Result bad = TestInfra.run("cancel", "not a job id");
        assertEquals(ExitCodes.INVALID_INPUT, bad.code(), bad.toString());
        assertTrue(bad.err().contains("JOB_ID (/jobId, pattern)"), bad.toString());
    }

    @Test
    void modelsListsTheLatestPublishedVersionPerModel() {
        String a = "model-a-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "model-b-" + UUID.randomUUID().toString().substring(0, 8);
        TestInfra.produce(Topics.MODELS, a, Json.write(published(a, "v1")));
        TestInfra.produce(Topics.MODELS, b, Json.write(published(b, "2025-05-30.1")));
        TestInfra.produce(Topics.MODELS, a, Json.write(published(a, "v2")));
        TestInfra.Result r = TestInfra.run("models");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("NAME"), r.toString());
        String lineA = lines.stream().filter(l -> l.startsWith(a)).findFirst().orElseThrow(() -> new AssertionError(r));
        assertTrue(lineA.matches(a + "\\s+v2\\s+-\\s+2025-05-30T18:22:11Z\\s+udpm/models/" + a + "/v2/\\s+fid=6.86"), lineA);
        assertEquals(1, lines.stream().filter(l -> l.startsWith(a)).count(), "one line per model: " + r);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(b) && l.contains("2025-05-30.1")), r.toString());
    }

    static ModelPublished published(String name, String version) {
        return new ModelPublished(name, version, new ModelPublished.Location("udpm", "models/" + name + "/" + version + "/"),
                "c".repeat(64), Instant.parse("2025-05-30T18:22:11Z"), Map.of("fid", 6.86), null);
    }
}
