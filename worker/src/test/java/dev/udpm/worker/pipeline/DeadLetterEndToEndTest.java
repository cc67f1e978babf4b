package dev.udpm.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.udpm.schemas.Topics;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.testsupport.RealInfraResource;
import dev.udpm.worker.intake.DeadLetterHeaders;
import dev.udpm.worker.jobs.Requests;
import dev.udpm.worker.models.BundledTinyModelResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Poison records: dead-lettered unchanged with reason headers, a failed event when the jobId is readable. */
@QuarkusTest
@QuarkusTestResource(RealInfraResource.class)
@QuarkusTestResource(BundledTinyModelResource.class)
class DeadLetterEndToEndTest extends EndToEndTest {

    @Test
    void garbageBytesAreDeadLetteredUnchangedAndTheKeysJobGetsFailed() {
        String key = "garbage-" + UUID.randomUUID();
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'};
        topics.send(key, garbage, 0);

        ConsumerRecord<String, byte[]> dead = topics.awaitDeadLetter(key, PipelineEndToEndTest.WAIT);
        assertArrayEquals(garbage, dead.value(), "the original bytes, unchanged");
        assertEquals("", JobTopics.header(dead, DeadLetterHeaders.FIELD), "the whole record");
        assertEquals("json", JobTopics.header(dead, DeadLetterHeaders.RULE));
        assertEquals(key, JobTopics.header(dead, DeadLetterHeaders.JOB_ID));
        assertEquals(Topics.JOBS, JobTopics.header(dead, "dead-letter-topic"));
        assertTrue(JobTopics.header(dead, "dead-letter-reason").contains("[json]"),
                JobTopics.header(dead, "dead-letter-reason"));

        JobFailed failed = onlyFailed(topics.awaitTerminal(key, PipelineEndToEndTest.WAIT));
        assertEquals(FailureCode.INVALID_REQUEST, failed.code());
        assertEquals("", failed.field());
    }

    @Test
    void schemaInvalidRecordIsDeadLetteredNamingFieldAndRuleAndThePartitionGoesOn() {
        String invalid = "invalid-" + UUID.randomUUID();
        String json = Requests.generate(invalid, PipelineEndToEndTest.MODEL, 0, 5, "\"classLabels\":[1]");
        topics.send(invalid, json.getBytes(StandardCharsets.UTF_8), 1);
        String valid = "after-invalid-" + UUID.randomUUID();
        topics.send(valid, Requests.generate(valid, PipelineEndToEndTest.MODEL, 1, 5, "\"classLabels\":[1]")
                .getBytes(StandardCharsets.UTF_8), 1);

        ConsumerRecord<String, byte[]> dead = topics.awaitDeadLetter(invalid, PipelineEndToEndTest.WAIT);
        assertEquals(json, new String(dead.value(), StandardCharsets.UTF_8));
        assertEquals("/count", JobTopics.header(dead, DeadLetterHeaders.FIELD));
        assertEquals("minimum", JobTopics.header(dead, DeadLetterHeaders.RULE));
        assertTrue(JobTopics.header(dead, DeadLetterHeaders.VIOLATIONS).contains("\"field\":\"/count\""));
        assertEquals("1", JobTopics.header(dead, "dead-letter-partition"));

        JobFailed failed = onlyFailed(topics.awaitTerminal(invalid, PipelineEndToEndTest.WAIT));
        assertEquals(FailureCode.INVALID_REQUEST, failed.code());
        assertEquals("/count", failed.field());
        assertTrue(failed.message().contains("/count [minimum]"), failed.message());

        assertEquals("completed", topics.awaitTerminal(valid, PipelineEndToEndTest.WAIT).stream()
                .filter(JobEvent::terminal).findFirst().orElseThrow().eventType(),
                "the next record of the same partition still runs");
    }

    private static JobFailed onlyFailed(List<JobEvent> events) {
        assertEquals(1, events.size(), "only a failed event: " + events.stream().map(JobEvent::eventType).toList());
        return (JobFailed) events.get(0);
    }
}
