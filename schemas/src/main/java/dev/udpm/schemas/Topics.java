package dev.udpm.schemas;

import java.util.List;

/**
 * Kafka topic names of the fleet (docs/architecture.md#topics). Names are public API: renaming one is a
 * versioned change. Every topic is keyed as noted; values are JSON validated by the matching schema.
 */
public final class Topics {

    /** Job requests (generate, interpolate, swap, perturb, cancel); key = jobId. Schema: job-request. */
    public static final String JOBS = "udpm.jobs";
    /** Job lifecycle events (accepted, progress, completed, failed, cancelled); key = jobId. Schema: job-event. */
    public static final String JOB_EVENTS = "udpm.job-events";
    /** Records from {@link #JOBS} that could not be parsed or validated, with reason headers; key = jobId. */
    public static final String JOBS_DLQ = "udpm.jobs.dlq";
    /** Model-published events, compacted (latest version per model survives); key = model name. */
    public static final String MODELS = "udpm.models";
    /** Worker model-status events (loaded, rejected, unloaded); key = model name. Schema: model-status. */
    public static final String MODEL_STATUS = "udpm.model-status";

    /**
     * The webhook delivery service's subscriptions, compacted: per job that has a webhook (its own or its tenant's),
     * where its events go, written when the accepted event is read and deleted (tombstone) after the terminal one,
     * so a restarted or newly assigned delivery instance knows the webhooks of jobs in flight; key = jobId.
     */
    public static final String WEBHOOK_SUBSCRIPTIONS = "udpm.webhooks.subscriptions";
    /**
     * Webhook deliveries that failed for good (refused destination, retries exhausted), with the signed body, the
     * webhook id and the reason, for a user to inspect and replay; key = jobId.
     */
    public static final String WEBHOOKS_DEAD = "udpm.webhooks.dead";
    /**
     * Dead letters a user replays ({@code udpm webhooks replay}): records of {@link #WEBHOOKS_DEAD}'s form that the
     * delivery service delivers again, with the same webhook id, signed afresh and through the destination check;
     * key = jobId.
     */
    public static final String WEBHOOKS_RETRY = "udpm.webhooks.retry";

    /** The topics of the core fleet (worker, trainer, clients; deploy/kubernetes), in the order listed. */
    public static final List<String> ALL = List.of(JOBS, JOB_EVENTS, JOBS_DLQ, MODELS, MODEL_STATUS);

    /** The topics of the webhook delivery service (deployed with it, deploy/kubernetes-webhooks). */
    public static final List<String> WEBHOOKS = List.of(WEBHOOK_SUBSCRIPTIONS, WEBHOOKS_DEAD, WEBHOOKS_RETRY);

    private Topics() {
    }
}
