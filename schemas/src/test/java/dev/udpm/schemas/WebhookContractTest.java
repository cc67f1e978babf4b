package dev.udpm.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobEvent;
import dev.udpm.schemas.job.GenerateJob;
import dev.udpm.schemas.job.JobRequest;
import dev.udpm.schemas.job.ModelRef;
import dev.udpm.schemas.job.Webhook;
import dev.udpm.schemas.validation.ContractValidator;
import dev.udpm.schemas.validation.ValidationResult;
import org.junit.jupiter.api.Test;

/** The optional {@code webhook} of a job request: bounds, what the accepted event echoes, the record's defaults. */
class WebhookContractTest {

    private static final ContractValidator VALIDATOR = ContractValidator.shared();
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    private static ObjectNode generateWith(String url, String... events) {
        ObjectNode job = Json.mapper().createObjectNode();
        job.put("type", "generate").put("jobId", "w1").put("submittedAt", "2025-06-01T12:00:00Z")
                .put("count", 1).put("seed", 1);
        job.putObject("model").put("name", "m");
        ObjectNode webhook = job.putObject("webhook");
        if (url != null) {
            webhook.put("url", url);
        }
        if (events.length > 0) {
            var array = webhook.putArray("events");
            for (String e : events) {
                array.add(e);
            }
        }
        return job;
    }

    private static ValidationResult validate(ObjectNode job) {
        return VALIDATOR.validate(MessageKind.JOB_REQUEST, job);
    }

    @Test
    void aWebhookIsOptionalAndTakesAnAbsoluteUrlAndKnownEventTypes() {
        assertTrue(validate(generateWith("https://hooks.example.com/udpm?tenant=a")).valid());
        assertTrue(validate(generateWith("https://hooks.example.com:8443/x", "accepted", "progress", "completed",
                "failed", "cancelled")).valid());
        assertTrue(validate(generateWith("http://127.0.0.1:8080/hook")).valid(),
                "plain http is a matter of the delivery service's policy, not of the contract");
        assertTrue(validate(generateWith("https://[::1]:8443/hook")).valid(), "an IPv6 literal is a URL too");
        ObjectNode without = generateWith("https://x.example");
        without.remove("webhook");
        assertTrue(validate(without).valid(), "webhook is optional");
    }

    @Test
    void aBadWebhookIsRefusedNamingTheField() {
        for (String url : List.of("ftp://example.com/x", "https://user:pw@example.com/x", "https://example.com/x#frag",
                "//example.com", "https://", "https://exa mple.com/", "javascript:alert(1)")) {
            ValidationResult r = validate(generateWith(url));
            assertFalse(r.valid(), url);
            assertTrue(r.describe().contains("/webhook/url"), url + ": " + r.describe());
        }
        String longest = "https://example.com/" + "a".repeat(Limits.MAX_WEBHOOK_URL_LENGTH - 20);
        assertEquals(Limits.MAX_WEBHOOK_URL_LENGTH, longest.length());
        assertTrue(validate(generateWith(longest)).valid(), "a URL at the limit");
        assertFalse(validate(generateWith(longest + "a")).valid(), "a URL one past the limit");
        assertFalse(validate(generateWith(null)).valid(), "url is required");
        assertFalse(validate(generateWith("https://example.com", "done")).valid(), "unknown event type");
        assertFalse(validate(generateWith("https://example.com", "failed", "failed")).valid(), "duplicate type");
        ObjectNode extra = generateWith("https://example.com");
        ((ObjectNode) extra.get("webhook")).put("secret", "whsec_x");
        assertFalse(validate(extra).valid(), "no other field: a secret never travels in a request");
    }

    @Test
    void theAcceptedEventEchoesTheWebhookAndValidates() {
        JobRequest request = VALIDATOR.parseJobRequest(Json.write(generateWith("https://hooks.example.com/a",
                "accepted", "completed")));
        Webhook webhook = request.webhook();
        assertEquals(new Webhook("https://hooks.example.com/a", List.of("accepted", "completed")), webhook);
        JobAccepted accepted = JobAccepted.of(request, "worker-0", T0);
        assertEquals(webhook, accepted.webhook());
        String json = Json.write(accepted);
        assertTrue(VALIDATOR.validate(MessageKind.JOB_EVENT, json).valid(), json);
        assertEquals(accepted, VALIDATOR.parseJobEvent(json));
        JobEvent plain = JobAccepted.of(new GenerateJob("w2", T0, null, null, null, ModelRef.latest("m"), 1, 1L,
                null, null), "worker-0", T0);
        assertFalse(Json.write(plain).contains("webhook"), "no webhook, no field");
        assertNull(((JobAccepted) plain).webhook());
    }

    @Test
    void withoutEventsTheTerminalOnesAreWanted() {
        Webhook defaults = new Webhook("https://x.example", null);
        assertTrue(defaults.wants("completed") && defaults.wants("failed") && defaults.wants("cancelled"));
        assertFalse(defaults.wants("progress") || defaults.wants("accepted"));
        Webhook chosen = new Webhook("https://x.example", List.of("progress"));
        assertTrue(chosen.wants("progress"));
        assertFalse(chosen.wants("completed"));
    }
}
