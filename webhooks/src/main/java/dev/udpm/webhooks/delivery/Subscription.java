package dev.udpm.webhooks.delivery;

import dev.udpm.schemas.job.Webhook;

/**
 * Where the events of one job go (a record of {@code udpm.webhooks.subscriptions}): the job's own webhook or its
 * tenant's default, fixed when the accepted event is read.
 *
 * @param jobId   the job
 * @param tenant  the job's tenant, or null: picks the signing secret
 * @param webhook URL and event types
 */
public record Subscription(String jobId, String tenant, Webhook webhook) {
}
