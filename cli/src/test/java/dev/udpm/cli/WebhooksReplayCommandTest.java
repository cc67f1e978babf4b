package dev.udpm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.udpm.schemas.CloudEvents;
import dev.udpm.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@code udpm webhooks replay} against a real broker: what it picks from the dead letters and writes back. */
class WebhooksReplayCommandTest {

    private static String letter(String webhookId, String jobId, String lastAttemptAt) {
        return "{\"webhookId\":\"" + webhookId + "\",\"jobId\":\"" + jobId + "\",\"eventType\":\"completed\","
                + "\"url\":\"https://hooks.example.com/x\",\"reason\":\"RETRIES_EXHAUSTED\",\"detail\":\"HTTP 500\","
                + "\"attempts\":3,\"firstAttemptAt\":\"" + lastAttemptAt + "\",\"lastAttemptAt\":\"" + lastAttemptAt
                + "\",\"payload\":{\"type\":\"job.completed\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"data\":{\"jobId\":\"" + jobId + "\"}}}";
    }

    @Test
    void replaysTheChosenDeadLettersUnchangedAndADryRunWritesNothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "wr-a-" + run;
        String b = "wr-b-" + run;
        String oldA = letter("msg_old-" + run, a, "2026-01-01T00:00:00Z");
        String newA = letter("msg_new-" + run, a, "2026-06-01T00:00:00Z");
        TestInfra.produce(Topics.WEBHOOKS_DEAD, a, oldA);
        TestInfra.produce(Topics.WEBHOOKS_DEAD, a, "not json");
        TestInfra.produce(Topics.WEBHOOKS_DEAD, a, newA);
        TestInfra.produce(Topics.WEBHOOKS_DEAD, b, letter("msg_b-" + run, b, "2026-06-01T00:00:00Z"));

        TestInfra.Result dry = TestInfra.run("webhooks replay", "--job", a, "--dry-run");
        assertEquals(0, dry.code(), dry.toString());
        assertTrue(dry.out().contains("would replay msg_old-" + run) && dry.out().contains("would replay msg_new-" + run),
                dry.toString());
        assertTrue(dry.out().contains("would replay 2 dead letter(s)"), dry.toString());
        assertEquals(List.of(), TestInfra.records(Topics.WEBHOOKS_RETRY, a), "a dry run writes nothing");

        TestInfra.Result since = TestInfra.run("webhooks replay", "--job", a, "--since", "2026-03-01T00:00:00Z");
        assertEquals(0, since.code(), since.toString());
        List<ConsumerRecord<String, String>> retried = TestInfra.records(Topics.WEBHOOKS_RETRY, a);
        assertEquals(List.of(newA), retried.stream().map(ConsumerRecord::value).toList(),
                "only the later one of job a, byte for byte");
        assertEquals(CloudEvents.TYPE_WEBHOOK_REPLAY, new String(retried.get(0).headers()
                .lastHeader(CloudEvents.HEADER_TYPE).value(), StandardCharsets.UTF_8));
        assertEquals(List.of(), TestInfra.records(Topics.WEBHOOKS_RETRY, b), "job b was not chosen");
    }

    @Test
    void aBadSinceIsAnInputErrorNamingTheOption() {
        TestInfra.Result r = TestInfra.run("webhooks replay", "--since", "yesterday");
        assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("--since: 'yesterday'"), r.toString());
    }
}
