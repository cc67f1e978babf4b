package dev.udpm.worker.pipeline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.storage.ObjectStore;
import dev.udpm.storage.Sha256;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.intake.DeadLetterHeaders;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and careless records on {@code udpm.jobs} through the real broker, object store and worker (issue 14):
 * whatever the key, value and headers, the record is dead-lettered with a reason, acknowledged, and the partition
 * and both consuming channels go on; a {@code failed} event speaks only for the record's own job and always keeps
 * its schema.
 */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class HostileRecordsEndToEndTest extends EndToEndTest {

    private static final Duration WAIT = PipelineEndToEndTest.WAIT;
    private static final String MODEL = PipelineEndToEndTest.MODEL;
    private static final String AUTH = "Bearer test-key-2";

    @Inject
    ObjectStore store;

    HostileWriter hostile;

    @BeforeEach
    void writer() {
        hostile = new HostileWriter(bootstrapServers);
    }

    @AfterEach
    void closeWriter() {
        hostile.close();
    }

    private static String job(String jobId) {
        return Requests.generate(jobId, MODEL, 2, 7, "\"classLabels\":[1]");
    }

    @Test
    void badCloudEventsHeadersAreDeadLetteredWithAReasonAndBothChannelsGoOn() {
        List<Map.Entry<String, byte[]>> badHeaders = List.of(
                Map.entry(CloudEvents.HEADER_TIME, bytes("yesterday")),
                Map.entry(CloudEvents.HEADER_TIME, bytes("2025-01-01T00:00:00")),
                Map.entry(CloudEvents.HEADER_TIME, new byte[] {(byte) 0xff, (byte) 0xfe, 0}),
                Map.entry(CloudEvents.HEADER_SOURCE, bytes("::not a uri::")),
                Map.entry(CloudEvents.HEADER_SPEC_VERSION, bytes("0.3")),
                Map.entry(CloudEvents.HEADER_TYPE, bytes("dev.udpm.something.else.v1")),
                Map.entry(CloudEvents.HEADER_ID, bytes("")),
                Map.entry(CloudEvents.HEADER_CONTENT_TYPE, bytes("text/plain")));
        Map<String, String> expectedName = new LinkedHashMap<>();
        List<String> jobs = new ArrayList<>();
        for (Map.Entry<String, byte[]> bad : badHeaders) {
            String jobId = "bad-header-" + UUID.randomUUID();
            List<Header> headers = HostileWriter.headers(HostileWriter.goodCloudEventHeaders());
            headers.removeIf(h -> h.key().equals(bad.getKey()));
            headers.add(new RecordHeader(bad.getKey(), bad.getValue()));
            hostile.send(jobId, job(jobId), 2, headers);
            jobs.add(jobId);
            expectedName.put(jobId, bad.getKey());
        }
        // Only a time, twice (a header given twice is ambiguous).
        String twice = "bad-header-twice-" + UUID.randomUUID();
        hostile.send(twice, job(twice), 2, List.of(new RecordHeader(CloudEvents.HEADER_TIME, bytes("2025-01-01T00:00:00Z")),
                new RecordHeader(CloudEvents.HEADER_TIME, bytes("2025-01-02T00:00:00Z"))));
        jobs.add(twice);
        expectedName.put(twice, CloudEvents.HEADER_TIME);

        String good = "good-headers-" + UUID.randomUUID();
        hostile.send(good, job(good), 2, HostileWriter.headers(HostileWriter.goodCloudEventHeaders()));
        String noHeaders = "no-headers-" + UUID.randomUUID();
        topics.send(noHeaders, job(noHeaders).getBytes(StandardCharsets.UTF_8), 2);

        for (String jobId : jobs) {
            ConsumerRecord<byte[], byte[]> dead = hostile.awaitDeadLetter(jobId, WAIT);
            assertEquals("header", JobTopics.header(dead, DeadLetterHeaders.RULE), jobId);
            assertTrue(JobTopics.header(dead, DeadLetterHeaders.MESSAGE).contains(expectedName.get(jobId)),
                    JobTopics.header(dead, DeadLetterHeaders.MESSAGE));
            assertNotNull(JobTopics.header(dead, "dead-letter-reason"));
            JobFailed failed = onlyFailed(topics.awaitTerminal(jobId, WAIT));
            assertEquals(FailureCode.INVALID_REQUEST, failed.code());
            assertTrue(failed.message().contains(expectedName.get(jobId)), failed.message());
        }
        assertEquals("completed", terminalType(good), "well-formed headers are accepted");
        assertEquals("completed", terminalType(noHeaders), "missing CloudEvents headers are allowed");
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        RecordMetadata last = hostile.send("after-" + UUID.randomUUID(), "not json", 2, List.of());
        await().atMost(HostileWriter.commitWait()).until(() -> hostile.committed(2) > last.offset());
    }

    @Test
    void jacksonLimitsAreCleanValidationFailuresOnKafkaAndRest() {
        Map<String, String> limits = new LinkedHashMap<>();
        limits.put("nesting", "\"deep\":" + "[".repeat(1001) + "]".repeat(1001));
        limits.put("number", "\"seed\":1" + "0".repeat(1001));
        limits.put("name", "\"" + "n".repeat(50_001) + "\":1");
        for (Map.Entry<String, String> limit : limits.entrySet()) {
            String jobId = "limit-" + limit.getKey() + "-" + UUID.randomUUID();
            String body = """
                    {"type":"generate","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"%s"},\
                    "count":2,%s}""".formatted(jobId, MODEL, limit.getValue());
            topics.send(jobId, body);
            ConsumerRecord<byte[], byte[]> dead = hostile.awaitDeadLetter(jobId, WAIT);
            assertEquals("json", JobTopics.header(dead, DeadLetterHeaders.RULE), limit.getKey());
            assertEquals("", JobTopics.header(dead, DeadLetterHeaders.FIELD), limit.getKey());
            assertEquals(jobId, JobTopics.header(dead, DeadLetterHeaders.JOB_ID), limit.getKey());
            JobFailed failed = onlyFailed(topics.awaitTerminal(jobId, WAIT));
            assertEquals(FailureCode.INVALID_REQUEST, failed.code());
            assertEquals("", failed.field());

            given().header("Authorization", AUTH).contentType("application/json").body(body)
                    .when().post("/v1/jobs").then().statusCode(400).body("violations[0].rule", is("json"));
        }
    }

    @Test
    void aFailedEventSpeaksOnlyForTheRecordsOwnJob() {
        String victim = "victim-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        // A valid request for the victim under another key, an invalid one under another key, one without a key,
        // and one whose body names the victim twice next to the key's own jobId.
        String forgedValid = "forger-" + UUID.randomUUID();
        hostile.send(forgedValid, job(victim), 0, List.of());
        String forgedInvalid = "forger-" + UUID.randomUUID();
        hostile.send(forgedInvalid, Requests.generate(victim, MODEL, 0, 1, "\"classLabels\":[1]"), 0, List.of());
        hostile.send(null, Requests.generate(victim, MODEL, 0, 1, "\"classLabels\":[1],\"callback\":{\"m\":\""
                + marker + "\"}"), 0, List.of());

        assertEquals(victim, bodyJobId(hostile.awaitDeadLetter(forgedValid, WAIT)));
        ConsumerRecord<byte[], byte[]> invalid = hostile.awaitDeadLetter(forgedInvalid, WAIT);
        assertNull(JobTopics.header(invalid, DeadLetterHeaders.JOB_ID), "no jobId the record could speak for");
        hostile.awaitDeadLetter(record -> record.key() == null
                && new String(record.value(), StandardCharsets.UTF_8).contains(marker), WAIT);

        String after = "after-forged-" + UUID.randomUUID();
        topics.send(after, job(after).getBytes(StandardCharsets.UTF_8), 0);
        assertEquals("completed", terminalType(after));
        assertEquals(List.of(), topics.currentEvents(victim), "nothing was said about the victim's job");
        assertEquals(List.of(), topics.currentEvents(forgedValid), "nor about the forger's key");
    }

    @Test
    void aFailedEventsFieldIsTruncatedSoTheEventKeepsItsSchemaAndTheStatusAnswers() {
        String jobId = "long-name-" + UUID.randomUUID();
        topics.send(jobId, Requests.generate(jobId, MODEL, 2, 1, "\"" + "p".repeat(2001) + "\":1"));
        JobFailed failed = onlyFailed(topics.awaitTerminal(jobId, WAIT));
        assertTrue(failed.field().length() <= 1024, "field of " + failed.field().length() + " characters");
        assertTrue(failed.field().startsWith("/ppp"), failed.field());
        assertTrue(failed.message().length() <= 4096);
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", AUTH).get("/v1/jobs/" + jobId)
                .then().statusCode(200).body("status", is("failed")));
    }

    @Test
    void duplicateKeysAreRejected() {
        String duplicateCount = "dup-count-" + UUID.randomUUID();
        topics.send(duplicateCount, Requests.generate(duplicateCount, MODEL, 2, 1, "\"count\":3"));
        ConsumerRecord<byte[], byte[]> dead = hostile.awaitDeadLetter(duplicateCount, WAIT);
        assertEquals("json", JobTopics.header(dead, DeadLetterHeaders.RULE));
        assertTrue(JobTopics.header(dead, DeadLetterHeaders.MESSAGE).contains("count"),
                JobTopics.header(dead, DeadLetterHeaders.MESSAGE));
        assertEquals(FailureCode.INVALID_REQUEST, onlyFailed(topics.awaitTerminal(duplicateCount, WAIT)).code());

        String other = "dup-other-" + UUID.randomUUID();
        String duplicateJobId = "dup-job-id-" + UUID.randomUUID();
        topics.send(duplicateJobId, Requests.generate(other, MODEL, 2, 1, "\"jobId\":\"" + duplicateJobId + "\""));
        assertEquals("json", JobTopics.header(hostile.awaitDeadLetter(duplicateJobId, WAIT), DeadLetterHeaders.RULE));
        String after = "after-dup-" + UUID.randomUUID();
        topics.send(after, job(after));
        assertEquals("completed", terminalType(after));
        assertEquals(List.of(), topics.currentEvents(other), "an ambiguous jobId runs nothing and speaks for no job");
        assertFalse(topics.currentEvents(duplicateJobId).stream().anyMatch(e -> !e.eventType().equals("failed")),
                "the job never ran");
        given().header("Authorization", AUTH).contentType("application/json")
                .body(Requests.generate(other, MODEL, 2, 1, "\"count\":3"))
                .when().post("/v1/jobs").then().statusCode(400).body("violations[0].rule", is("json"));
    }

    @Test
    void controlCharactersFromKeysAndPropertyNamesAreEscapedInTheLog() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                if (text != null && text.contains("FORGED")) {
                    lines.add(text);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.udpm.worker");
        logger.addHandler(capture);
        try {
            String jobId = "log-" + UUID.randomUUID();
            String forgedKey = "k\r\n2025-01-01 00:00:00,000 ERROR [FORGED-KEY] " + jobId;
            topics.send(forgedKey, job(jobId).getBytes(StandardCharsets.UTF_8), 3);
            String named = "log-name-" + UUID.randomUUID();
            topics.send(named, Requests.generate(named, MODEL, 2, 1,
                    "\"x\\n2025-01-01 00:00:00,000 ERROR [FORGED-NAME] \\u0085\\u2028\":1"));
            hostile.awaitDeadLetter(forgedKey, WAIT);
            hostile.awaitDeadLetter(named, WAIT);
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("FORGED-KEY"))
                    && lines.stream().anyMatch(l -> l.contains("FORGED-NAME")));
            for (String line : lines) {
                assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028),
                        "a raw control character in: " + line.replace("\n", "<LF>").replace("\r", "<CR>"));
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains("\\r\\n2025-01-01")), "escaped, not dropped: " + lines);
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void oversizedDeadLettersAreBoundedAndEveryRecordIsAcknowledged() {
        // 1: a value at the broker's record limit (its dead-letter copy would not fit): kept in the object store.
        String hugeKey = "huge-" + UUID.randomUUID();
        byte[] huge = new byte[1_048_000];
        Arrays.fill(huge, (byte) 'x');
        RecordMetadata hugeRecord = hostile.send(hugeKey, huge, 3, List.of());
        ConsumerRecord<byte[], byte[]> dead = hostile.awaitDeadLetter(hugeKey, WAIT);
        String pointer = JobTopics.header(dead, "udpm-dlq-value-object");
        assertNotNull(pointer, "the value is kept in the object store");
        assertTrue(dead.value() == null || dead.value().length == 0, "and not copied into the dead letter");
        assertArrayEquals(huge, store.get(pointer));
        assertEquals(Sha256.hex(huge), JobTopics.header(dead, "udpm-dlq-value-sha256"));
        assertEquals(Integer.toString(huge.length), JobTopics.header(dead, "udpm-dlq-value-bytes"));
        assertEquals("json", JobTopics.header(dead, DeadLetterHeaders.RULE));

        // 2: 0.9 MB of property names whose violations would be repeated in the reason headers, and long headers.
        String namesKey = "names-" + UUID.randomUUID();
        StringBuilder extra = new StringBuilder("\"classLabels\":[1]");
        for (int i = 0; i < 20; i++) {
            extra.append(",\"").append(Character.toString('a' + i).repeat(45_000)).append("\":1");
        }
        String names = Requests.generate(namesKey, MODEL, 2, 1, extra.toString());
        Map<String, String> longHeaders = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            longHeaders.put("x-long-" + i, "h".repeat(30_000));
        }
        RecordMetadata namesRecord = hostile.send(namesKey, names, 3, HostileWriter.headers(longHeaders));
        ConsumerRecord<byte[], byte[]> namesDead = hostile.awaitDeadLetter(namesKey, WAIT);
        assertEquals(names, new String(namesDead.value(), StandardCharsets.UTF_8), "the value fits: kept as is");
        assertEquals("additionalProperties", JobTopics.header(namesDead, DeadLetterHeaders.RULE));
        int headerBytes = 0;
        for (var header : namesDead.headers()) {
            headerBytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        assertTrue(headerBytes <= 64 * 1024, "headers bounded: " + headerBytes + " bytes");
        JobFailed failed = onlyFailed(topics.awaitTerminal(namesKey, WAIT));
        assertTrue(failed.field().length() <= 1024);

        await().atMost(HostileWriter.commitWait()).until(() -> hostile.committed(3) > namesRecord.offset());
        assertTrue(hostile.committed(3) > hugeRecord.offset());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String bodyJobId(ConsumerRecord<byte[], byte[]> dead) {
        return Json.read(new String(dead.value(), StandardCharsets.UTF_8), JsonNode.class).path("jobId").asText();
    }

    private String terminalType(String jobId) {
        return topics.awaitTerminal(jobId, WAIT).stream().filter(JobEvent::terminal).findFirst().orElseThrow()
                .eventType();
    }

    private static JobFailed onlyFailed(List<JobEvent> events) {
        assertEquals(1, events.size(), "only a failed event: " + events.stream().map(JobEvent::eventType).toList());
        return (JobFailed) events.get(0);
    }
}
