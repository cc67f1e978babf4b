package dev.udpm.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;
import dev.udpm.schemas.event.FailureCode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCancelled;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;
import dev.udpm.schemas.event.Timings;
import dev.udpm.schemas.job.Webhook;
import dev.udpm.webhooks.app.WebhooksService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery service against a real broker and a real HTTP receiver in this JVM that answers 2xx, 500 or late on
 * purpose: signature, retry, dead letter, order per job, restart, SSRF refusal, tenant defaults, progress rate.
 */
class DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static FleetOnBroker broker;
    private Receiver receiver;
    private final List<WebhooksService.Delivery> started = new ArrayList<>();
    private Instant t = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void startBroker() {
        broker = new FleetOnBroker();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stopAll() {
        started.forEach(WebhooksService.Delivery::close);
        receiver.close();
    }

    private WebhooksService.Delivery start(Map<String, String> config, String group) {
        WebhooksService.Delivery d = broker.start(config, group);
        started.add(d);
        await().atMost(WAIT).until(() -> d.loop().assigned());
        return d;
    }

    private Instant tick() {
        t = t.plusSeconds(1);
        return t;
    }

    /** accepted, progress 1/2, progress 2/2, completed of {@code jobId}; returns webhook id per event, in order. */
    private List<String> runJob(String jobId, Webhook webhook, String tenant) {
        List<String> ids = new ArrayList<>();
        ids.add("msg_" + broker.publish(new JobAccepted(jobId, tick(), "w-0", null, tenant, webhook)));
        ids.add("msg_" + broker.publish(new JobProgress(jobId, tick(), "w-0", null, 1, 2)));
        ids.add("msg_" + broker.publish(new JobProgress(jobId, tick(), "w-0", null, 2, 2)));
        ids.add("msg_" + broker.publish(completed(jobId)));
        return ids;
    }

    private JobCompleted completed(String jobId) {
        return new JobCompleted(jobId, tick(), "w-0", null, List.of(), "jobs/" + jobId + "/manifest.json", "m", "v1",
                new Timings(1, 2, 3));
    }

    private static Webhook all(String url) {
        return new Webhook(url, List.of("accepted", "progress", "completed", "failed", "cancelled"));
    }

    /** The Standard Webhooks signature, computed here independently of the service's signer. */
    static String expectedSignature(String secret, Receiver.Request r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] signed = (r.webhookId() + "." + r.timestamp() + "." + r.text()).getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed));
    }

    private List<Receiver.Request> requestsOf(String jobId) {
        return receiver.requests().stream()
                .filter(r -> Json.read(r.text(), JsonNode.class).path("data").path("jobId").asText().equals(jobId))
                .toList();
    }

    @Test
    void deliversEveryChosenEventSignedInOrderPerJob() throws Exception {
        start(Map.of(), broker.groupAtEnd());
        List<String> a = runJob("order-a", all(receiver.url("/a")), null);
        List<String> b = runJob("order-b", new Webhook(receiver.url("/b"), null), null); // default: terminal only
        await().atMost(WAIT).until(() -> requestsOf("order-a").size() == 4 && requestsOf("order-b").size() == 1);

        List<Receiver.Request> toA = requestsOf("order-a");
        assertEquals(a, toA.stream().map(Receiver.Request::webhookId).toList(), "every event, in order, once");
        assertEquals(List.of("job.accepted", "job.progress", "job.progress", "job.completed"),
                toA.stream().map(r -> Json.read(r.text(), JsonNode.class).path("type").asText()).toList());
        for (Receiver.Request r : receiver.requests()) {
            assertEquals(expectedSignature(TestConfig.SECRET, r), r.signature(), "signature of " + r.webhookId());
            assertEquals("application/json", r.contentType());
            long age = Instant.now().getEpochSecond() - Long.parseLong(r.timestamp());
            assertTrue(age >= 0 && age < 120, "webhook-timestamp is the send time in seconds: " + r.timestamp());
        }
        JsonNode completed = Json.read(toA.get(3).text(), JsonNode.class);
        assertEquals("jobs/order-a/manifest.json", completed.path("data").path("manifestKey").asText(),
                "data is the event as published");
        assertEquals("/b", requestsOf("order-b").get(0).path());
        assertEquals(b.get(3), requestsOf("order-b").get(0).webhookId(), "only completed went to /b");
    }

    @Test
    void retriesWithBackoffUntilTheReceiverTakesIt() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(r -> switch (calls.incrementAndGet()) {
            case 1 -> Receiver.Answer.status(500);
            case 2 -> new Receiver.Answer(200, 3000); // later than the 2 s request timeout: a failed attempt
            case 3 -> Receiver.Answer.status(503);
            default -> Receiver.Answer.ok();
        });
        start(Map.of(), broker.groupAtEnd());
        String id = "msg_" + broker.publish(new JobCancelled("retry-1", tick(), "w-0", null));
        // no subscription yet: the accepted event makes one; cancel is a default event type
        String accepted = "msg_" + broker.publish(new JobAccepted("retry-2", tick(), "w-0", null, null,
                new Webhook(receiver.url("/r"), List.of("accepted"))));
        await().atMost(WAIT).until(() -> calls.get() >= 4);
        await().atMost(WAIT).until(() -> receiver.requests().size() == 4);
        List<Receiver.Request> got = receiver.requests();
        assertTrue(got.stream().allMatch(r -> r.webhookId().equals(accepted)),
                "four attempts of the same message, the same webhook-id each time: " + got);
        assertFalse(got.stream().anyMatch(r -> r.webhookId().equals(id)), "a job without webhook is not called");
        for (int i = 1; i < got.size(); i++) {
            assertTrue(!got.get(i).at().isBefore(got.get(i - 1).at()), "attempts in sequence");
        }
        assertTrue(broker.deadLetters(List.of("retry-2"), 1, Duration.ofSeconds(2)).isEmpty(), "no dead letter");
    }

    @Test
    void givesUpAfterTheRetryTimeAndDeadLettersThenGoesOnInOrder() {
        receiver.answer(r -> r.path().equals("/down") ? Receiver.Answer.status(500) : Receiver.Answer.ok());
        start(Map.of("udpm.webhooks.retry.max-duration", "2s"), broker.groupAtEnd());
        String failing = "msg_" + broker.publish(new JobAccepted("dead-1", tick(), "w-0", null, null,
                all(receiver.url("/down"))));
        broker.publish(new JobAccepted("dead-2", tick(), "w-0", null, null, all(receiver.url("/up"))));

        List<ConsumerRecord<String, String>> dead = broker.deadLetters(List.of("dead-1"), 1, WAIT);
        assertEquals(1, dead.size());
        JsonNode letter = Json.read(dead.get(0).value(), JsonNode.class);
        assertEquals("RETRIES_EXHAUSTED", letter.path("reason").asText());
        assertEquals("HTTP 500", letter.path("detail").asText());
        assertEquals(failing, letter.path("webhookId").asText(), "a replay can use the same id");
        assertEquals(receiver.url("/down"), letter.path("url").asText());
        assertEquals("job.accepted", letter.path("payload").path("type").asText());
        long attempts = receiver.requests().stream().filter(r -> r.path().equals("/down")).count();
        assertEquals(attempts, letter.path("attempts").asLong(), "every attempt counted");
        assertTrue(attempts >= 3, "retried before giving up: " + attempts);
        await().atMost(WAIT).until(() -> requestsOf("dead-2").size() == 1);
    }

    @Test
    void aRestartMidDeliveryLosesNothingAndKeepsTheWebhookId() {
        receiver.answer(r -> Receiver.Answer.status(500)); // down while the first instance runs
        String group = broker.groupAtEnd();
        WebhooksService.Delivery first = start(Map.of("udpm.webhooks.retry.max-duration", "10m"), group);
        List<String> expected = new ArrayList<>(runJob("restart-1", all(receiver.url("/r1")), null));
        expected.addAll(runJob("restart-2", all(receiver.url("/r2")), null));
        await().atMost(WAIT).until(() -> receiver.requests().size() >= 3);
        first.close();
        started.remove(first);
        int during = receiver.requests().size();

        receiver.answer(r -> Receiver.Answer.ok());
        start(Map.of(), group);
        await().atMost(WAIT).until(() -> receiver.requests().stream().filter(r -> r.path().matches("/r[12]"))
                .map(Receiver.Request::webhookId).distinct().count() == expected.size());
        List<Receiver.Request> delivered = receiver.requests().subList(during, receiver.requests().size());
        for (String job : List.of("restart-1", "restart-2")) {
            List<String> firstSeen = delivered.stream()
                    .filter(r -> Json.read(r.text(), JsonNode.class).path("data").path("jobId").asText().equals(job))
                    .map(Receiver.Request::webhookId).distinct().toList();
            List<String> want = expected.stream().filter(id -> expected.indexOf(id) / 4 == (job.equals("restart-1")
                    ? 0 : 1)).toList();
            assertEquals(want, firstSeen, job + ": all events after the restart, in order, with the same ids");
        }
        assertTrue(broker.deadLetters(List.of("restart-1", "restart-2"), 1, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void refusesInternalDestinationsAndDeadLettersThem() {
        start(Map.of("udpm.webhooks.destinations.allow", "192.0.2.1/32"), broker.groupAtEnd()); // not loopback
        String id = "msg_" + broker.publish(new JobAccepted("ssrf-1", tick(), "w-0", null, null,
                all(receiver.url("/internal"))));
        broker.publish(new JobAccepted("ssrf-2", tick(), "w-0", null, null,
                all("http://169.254.169.254/latest/meta-data/")));
        List<ConsumerRecord<String, String>> dead = broker.deadLetters(List.of("ssrf-1", "ssrf-2"), 2, WAIT);
        assertEquals(2, dead.size());
        for (ConsumerRecord<String, String> r : dead) {
            JsonNode letter = Json.read(r.value(), JsonNode.class);
            assertEquals("DESTINATION_REFUSED", letter.path("reason").asText());
            assertEquals(0, letter.path("attempts").asInt());
            assertTrue(letter.path("detail").asText().contains("internal address"), letter.toString());
        }
        assertEquals(id, Json.read(dead.stream().filter(r -> r.key().equals("ssrf-1")).findFirst().orElseThrow()
                .value(), JsonNode.class).path("webhookId").asText());
        assertTrue(receiver.requests().isEmpty(), "nothing reached the loopback receiver");
    }

    @Test
    void aTenantsDefaultWebhookGetsItsJobsSignedWithTheTenantsSecret() throws Exception {
        String tenantSecret = "whsec_" + Base64.getEncoder().encodeToString("acme-secret-acme-secret-32-bytes"
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> config = new HashMap<>();
        config.put("udpm.webhooks.tenants.acme.url", receiver.url("/acme"));
        config.put("udpm.webhooks.tenants.acme.events", "accepted,failed");
        config.put("udpm.webhooks.tenants.acme.signing-secret", tenantSecret);
        start(config, broker.groupAtEnd());
        String accepted = "msg_" + broker.publish(new JobAccepted("tenant-1", tick(), "w-0", null, "acme", null));
        broker.publish(completed("tenant-1")); // not chosen
        String refused = "msg_" + broker.publish(new JobFailed("tenant-2", tick(), "w-0", null,
                FailureCode.INVALID_REQUEST, "count must be >= 1", "/count", "acme")); // never accepted
        broker.publish(new JobAccepted("tenant-3", tick(), "w-0", null, "globex", null)); // no default
        await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
        assertEquals(java.util.Set.of(accepted, refused), receiver.requests().stream().map(Receiver.Request::webhookId)
                .collect(java.util.stream.Collectors.toSet()), "two jobs, maybe two partitions: any order");
        for (Receiver.Request r : receiver.requests()) {
            assertEquals(expectedSignature(tenantSecret, r), r.signature());
            assertFalse(expectedSignature(TestConfig.SECRET, r).equals(r.signature()), "not the fleet's secret");
        }
    }

    @Test
    void progressIsDeliveredAtABoundedRate() {
        start(Map.of("udpm.webhooks.progress-min-interval", "10s"), broker.groupAtEnd());
        Map<String, Integer> expected = new LinkedHashMap<>();
        broker.publish(new JobAccepted("rate-1", tick(), "w-0", null, null,
                new Webhook(receiver.url("/p"), List.of("progress", "completed"))));
        for (int done = 1; done <= 30; done++) { // 1 s apart in event time
            String id = "msg_" + broker.publish(new JobProgress("rate-1", tick(), "w-0", null, done, 30));
            if (done == 1 || done == 11 || done == 21 || done == 30) {
                expected.put(id, done);
            }
        }
        JobEvent end = completed("rate-1");
        expected.put("msg_" + broker.publish(end), -1);
        await().atMost(WAIT).until(() -> receiver.requests().stream().anyMatch(r -> r.text().contains("completed")));
        assertEquals(List.copyOf(expected.keySet()), receiver.requests().stream().map(Receiver.Request::webhookId)
                .toList(), "the first, one per 10 s of event time, the last, and completed");
    }

    @Test
    void aReplayedDeadLetterIsDeliveredAgainWithTheSameIdAndAFreshSignature() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
        receiver.answer(r -> up.get() ? Receiver.Answer.ok() : Receiver.Answer.status(500));
        start(Map.of("udpm.webhooks.retry.max-duration", "2s"), broker.groupAtEnd());
        String id = "msg_" + broker.publish(new JobAccepted("replay-1", tick(), "w-0", null, null,
                all(receiver.url("/flaky"))));
        List<ConsumerRecord<String, String>> dead = broker.deadLetters(List.of("replay-1"), 1, WAIT);
        assertEquals(1, dead.size());
        int failed = receiver.requests().size();
        assertTrue(failed >= 2, "retried before dead-lettering: " + failed);

        up.set(true); // the receiver is fixed; the user replays
        broker.replayRaw("replay-1", "{\"webhookId\": \"not an id\"}"); // hostile: skipped, does not hang the partition
        broker.replay(dead.get(0));
        await().atMost(WAIT).until(() -> receiver.requests().size() > failed);
        Receiver.Request again = receiver.requests().get(failed);
        assertEquals(id, again.webhookId(), "the same webhook-id: a receiver that had it dedupes");
        assertEquals(expectedSignature(TestConfig.SECRET, again), again.signature(), "signed afresh, valid");
        assertEquals(Json.read(dead.get(0).value(), JsonNode.class).path("payload"),
                Json.read(again.text(), JsonNode.class), "the dead letter's payload, as it was");
        assertEquals("job.accepted", Json.read(again.text(), JsonNode.class).path("type").asText());
        Thread.sleep(1000);
        assertEquals(failed + 1, receiver.requests().size(), "delivered once; the hostile record sent nothing");
        assertEquals(1, broker.deadLetters(List.of("replay-1"), 2, Duration.ofSeconds(2)).size(), "not dead again");
    }

    @Test
    void aReplayStillGoesThroughTheDestinationCheck() {
        start(Map.of(), broker.groupAtEnd());
        String letter = Json.write(new dev.udpm.webhooks.delivery.DeadLetter("msg_forged-1", "replay-ssrf", null,
                "completed", "http://169.254.169.254/latest/meta-data/", "RETRIES_EXHAUSTED", "HTTP 500", 3,
                Instant.now(), Instant.now(), Json.read("{\"type\": \"job.completed\", \"timestamp\": \"2026-01-01T00:00:00Z\","
                        + " \"data\": {\"jobId\": \"replay-ssrf\"}}", JsonNode.class)));
        broker.replayRaw("replay-ssrf", letter);
        List<ConsumerRecord<String, String>> dead = broker.deadLetters(List.of("replay-ssrf"), 1, WAIT);
        assertEquals(1, dead.size(), "refused and dead-lettered again");
        JsonNode again = Json.read(dead.get(0).value(), JsonNode.class);
        assertEquals("DESTINATION_REFUSED", again.path("reason").asText());
        assertEquals("msg_forged-1", again.path("webhookId").asText());
        assertTrue(receiver.requests().isEmpty());
    }
}
