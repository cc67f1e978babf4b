package dev.udpm.webhooks.delivery;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A delivery that failed for good, as written to {@code udpm.webhooks.dead} (key jobId): everything needed to
 * replay it with the same {@code webhook-id} (so a receiver that did get it after all dedupes it).
 *
 * @param webhookId      the Standard Webhooks message id the attempts used
 * @param jobId          the job
 * @param tenant         the job's tenant, or null (picks the signing secret of a replay)
 * @param eventType      {@code accepted}, {@code progress}, ...
 * @param url            the destination
 * @param reason         {@code DESTINATION_REFUSED} or {@code RETRIES_EXHAUSTED}
 * @param detail         what was refused, or the last attempt's outcome ({@code HTTP 500}, an I/O error)
 * @param attempts       attempts made (0 for a refused destination)
 * @param firstAttemptAt when the first attempt (or the refusal) happened
 * @param lastAttemptAt  when the last one did
 * @param payload        the exact JSON body that was (to be) POSTed
 */
public record DeadLetter(String webhookId, String jobId, String tenant, String eventType, String url, String reason,
        String detail, int attempts, Instant firstAttemptAt, Instant lastAttemptAt, JsonNode payload) {

    /** {@link #reason()} of a destination the guard refused. */
    public static final String DESTINATION_REFUSED = "DESTINATION_REFUSED";
    /** {@link #reason()} of a delivery retried for the whole retry time without a 2xx. */
    public static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";
}
