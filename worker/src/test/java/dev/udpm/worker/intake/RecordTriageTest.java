package dev.udpm.worker.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.validation.CloudEventHeaderCheck.RawHeader;
import dev.udpm.schemas.validation.Violation;
import dev.udpm.worker.jobs.Requests;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** Classification of raw udpm.jobs records and the dead-letter reason headers. */
class RecordTriageTest {

    @Test
    void validJobAndCancel() {
        Triage job = classify("j1", Requests.generate("j1", "tiny", 2, 1, "\"classLabels\":[0]"));
        assertEquals(Triage.Kind.JOB, job.kind());
        assertTrue(job.request() instanceof GenerateJob);
        assertEquals("j1", job.jobId());

        Triage cancel = classify("j1", Requests.cancel("j1"));
        assertEquals(Triage.Kind.CANCEL, cancel.kind());
        assertEquals("j1", cancel.jobId());
        assertEquals(Triage.Kind.JOB, classify(null, Requests.generate("j2", "tiny", 1, 1, "")).kind(),
                "a record without key is accepted");
    }

    @Test
    void garbageBytesAreInvalidJsonWithTheKeyAsReadableJobId() {
        Triage garbage = RecordTriage.classify("job-7", new byte[] {(byte) 0xff, 0x00, 0x13, 'x'});
        assertEquals(Triage.Kind.INVALID, garbage.kind());
        assertEquals(new Violation("", Violation.RULE_JSON, garbage.firstViolation().message()),
                garbage.firstViolation());
        assertEquals("job-7", garbage.jobId());

        assertNull(RecordTriage.classify("bad key/", "{".getBytes(StandardCharsets.UTF_8)).jobId(),
                "a key that is no jobId is not readable");
        assertEquals(Triage.Kind.INVALID, RecordTriage.classify("k", null).kind(), "a tombstone is invalid");
    }

    @Test
    void schemaInvalidRecordNamesFieldAndRuleAndSpeaksOnlyForItsOwnJob() {
        Triage invalid = classify("other-key", Requests.generate("j9", "tiny", 2_000_000, 1, ""));
        assertEquals(Triage.Kind.INVALID, invalid.kind());
        assertEquals("/count", invalid.firstViolation().field());
        assertEquals("maximum", invalid.firstViolation().rule());
        assertNull(invalid.jobId(), "key and body disagree: the record speaks for no job");
        assertEquals("j9", classify("j9", Requests.generate("j9", "tiny", 2_000_000, 1, "")).jobId());
        assertNull(classify(null, Requests.generate("j9", "tiny", 2_000_000, 1, "")).jobId(), "no key, no job");
        assertNull(classify("j9", Requests.generate("j9", "tiny", 0, 1, "\"jobId\":\"j8\"")).jobId(),
                "a body naming two jobs speaks for none");
        assertEquals("j9", classify("j9", "{\"jobId\":\"j9\",\"x\":" + "[".repeat(1001)).jobId(),
                "the jobId read before the parser gave up counts");
        assertNull(classify("j9", "{\"jobId\":7}").jobId(), "a jobId that is no string is another job");
    }

    @Test
    void malformedCloudEventsHeadersAreViolationsMissingOnesAreAllowed() {
        byte[] job = Requests.generate("j3", "tiny", 1, 1, "").getBytes(StandardCharsets.UTF_8);
        Triage badTime = RecordTriage.classify("j3", job, List.of(new RawHeader("ce_time",
                "yesterday".getBytes(StandardCharsets.UTF_8))));
        assertEquals(Triage.Kind.INVALID, badTime.kind());
        assertEquals("header", badTime.firstViolation().rule());
        assertTrue(badTime.firstViolation().message().contains("ce_time"), badTime.firstViolation().message());
        assertEquals("j3", badTime.jobId());
        assertEquals(Triage.Kind.JOB, RecordTriage.classify("j3", job, List.of(new RawHeader("ce_time",
                "2025-01-31T12:00:00.123+01:00".getBytes(StandardCharsets.UTF_8)), new RawHeader("ce_custom",
                new byte[] {(byte) 0xff}))).kind(), "a valid time and an extension attribute pass");
    }

    @Test
    void keyOtherThanTheJobIdIsInvalid() {
        Triage invalid = classify("someone-else", Requests.generate("j1", "tiny", 1, 1, ""));
        assertEquals(Triage.Kind.INVALID, invalid.kind());
        assertEquals("/jobId", invalid.firstViolation().field());
        assertEquals(RecordTriage.RULE_KEY, invalid.firstViolation().rule());
        assertTrue(invalid.firstViolation().message().contains("someone-else"));
        assertNull(invalid.jobId(), "a valid request under another job's key fails neither job");
    }

    @Test
    void deadLetterHeadersNameFieldRuleAndEveryViolation() throws Exception {
        Triage invalid = classify("j5", Requests.generate("j5", "tiny", 0, -1, ""));
        Map<String, String> headers = new LinkedHashMap<>();
        for (RecordHeader header : DeadLetterHeaders.of(invalid)) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertEquals(invalid.firstViolation().field(), headers.get(DeadLetterHeaders.FIELD));
        assertEquals(invalid.firstViolation().rule(), headers.get(DeadLetterHeaders.RULE));
        assertEquals("j5", headers.get(DeadLetterHeaders.JOB_ID));
        List<Map<String, String>> all = Json.mapper().readValue(headers.get(DeadLetterHeaders.VIOLATIONS),
                new TypeReference<>() { });
        assertEquals(invalid.violations().size(), all.size());
        assertTrue(all.stream().anyMatch(v -> v.get("field").equals("/count") && v.get("rule").equals("minimum")),
                "count 0 breaks minimum: " + all);
        assertTrue(all.stream().anyMatch(v -> v.get("field").equals("/seed") && v.get("rule").equals("minimum")),
                "seed -1 breaks minimum: " + all);
        assertTrue(new InvalidJobRecordException(invalid).getMessage().contains("/seed [minimum]"));
    }

    @Test
    void bulkJobsAndShardRecordsAreToldApartAndShardKeysAreChecked() {
        assertEquals(Triage.Kind.BULK, classify("b1", Requests.generate("b1", "tiny", 100_000, 1,
                "\"classLabels\":[0],\"bulk\":true")).kind());
        String shard = """
                {"type":"generate-shard","jobId":"b1","shard":{"index":2,"count":3,"from":16,"to":20},
                 "request":{"type":"generate","jobId":"b1","submittedAt":"2025-01-31T12:00:00Z",
                 "model":{"name":"tiny","version":"v1"},"count":20,"seed":1,"bulk":true}}""";
        Triage run = classify("b1#s2", shard);
        assertEquals(Triage.Kind.SHARD, run.kind());
        assertEquals("b1", run.jobId());
        Triage wrongKey = classify("b1", shard);
        assertEquals(Triage.Kind.INVALID, wrongKey.kind(), "a shard keyed by the jobId would not spread");
        assertEquals(RecordTriage.RULE_KEY, wrongKey.firstViolation().rule());
        String done = """
                {"type":"shard-done","jobId":"b1","shard":{"index":2,"count":3,"from":16,"to":20},
                 "manifest":{"key":"jobs/b1/shards/00002.json","sha256":"%s","size":10,
                 "contentType":"application/json"},"workerId":"w1","time":"2025-01-31T12:00:00Z"}"""
                .formatted("a".repeat(64));
        assertEquals(Triage.Kind.SHARD_DONE, classify("b1", done).kind());
        Triage pastCount = classify("b1#s2", shard.replace("\"to\":20}", "\"to\":21}"));
        assertEquals(Triage.Kind.INVALID, pastCount.kind());
        assertEquals("/shard/to", pastCount.firstViolation().field());
    }

    private static Triage classify(String key, String json) {
        return RecordTriage.classify(key, json.getBytes(StandardCharsets.UTF_8));
    }
}
