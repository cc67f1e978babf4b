package dev.udpm.schemas.job;

import java.util.List;

import dev.udpm.schemas.Collections2;

/**
 * A job's webhook ({@code $defs/webhook} of {@code limits.schema.json}): where the fleet's delivery service POSTs
 * the job's events, signed the Standard Webhooks way, and which event types it wants.
 *
 * @param url    an absolute {@code https} URL ({@code http} only where the delivery service allows it, e.g. locally);
 *               at most {@code Limits.MAX_WEBHOOK_URL_LENGTH} characters, no user info
 * @param events the event types wanted ({@code accepted}, {@code progress}, {@code completed}, {@code failed},
 *               {@code cancelled}), or {@code null} for {@link #DEFAULT_EVENTS}
 */
public record Webhook(String url, List<String> events) {

    /** The event types a webhook without {@code events} receives: the three that end a job. */
    public static final List<String> DEFAULT_EVENTS = List.of("completed", "failed", "cancelled");

    public Webhook {
        events = Collections2.copy(events);
    }

    /** Whether events of wire type {@code eventType} (e.g. {@code completed}) go to this webhook. */
    public boolean wants(String eventType) {
        return (events == null ? DEFAULT_EVENTS : events).contains(eventType);
    }
}
