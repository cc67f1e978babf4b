package dev.udpm.webhooks.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.udpm.schemas.Json;

/**
 * Reads a record of {@code udpm.webhooks.retry}: a {@link DeadLetter} as written to {@code udpm.webhooks.dead},
 * written back by a user to be delivered again. Hostile until checked: every field the redelivery uses is validated
 * here (the URL again by the {@link DestinationGuard} before any attempt).
 */
public final class ReplayRequest {

    private static final Pattern WEBHOOK_ID = Pattern.compile("msg_[A-Za-z0-9._:-]{1,100}");
    private static final Set<String> EVENT_TYPES = Set.of("accepted", "progress", "completed", "failed", "cancelled");
    private static final int MAX_BYTES = 1 << 20;

    private ReplayRequest() {
    }

    /**
     * @return the dead letter to deliver again
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static DeadLetter parse(byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty record");
        }
        if (value.length > MAX_BYTES) {
            throw new IllegalArgumentException("record larger than " + MAX_BYTES + " bytes");
        }
        DeadLetter letter;
        try {
            letter = Json.read(new String(value, StandardCharsets.UTF_8), DeadLetter.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a dead letter: " + e.getMessage());
        }
        if (letter.webhookId() == null || !WEBHOOK_ID.matcher(letter.webhookId()).matches()) {
            throw new IllegalArgumentException("webhookId: expected msg_ and 1-100 of [A-Za-z0-9._:-]");
        }
        if (letter.jobId() == null || letter.jobId().isBlank()) {
            throw new IllegalArgumentException("jobId: missing");
        }
        if (letter.eventType() == null || !EVENT_TYPES.contains(letter.eventType())) {
            throw new IllegalArgumentException("eventType: expected one of " + EVENT_TYPES);
        }
        if (letter.url() == null || letter.url().isBlank() || letter.url().length() > 2048) {
            throw new IllegalArgumentException("url: missing or longer than 2048 characters");
        }
        JsonNode payload = letter.payload();
        if (payload == null || !payload.isObject() || !payload.path("type").asText().equals("job." + letter.eventType())
                || !payload.path("data").isObject()) {
            throw new IllegalArgumentException("payload: expected {\"type\": \"job." + letter.eventType()
                    + "\", \"timestamp\": ..., \"data\": {...}}");
        }
        return letter;
    }
}
