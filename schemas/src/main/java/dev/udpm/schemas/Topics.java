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

    /** Every topic above, in the order listed. */
    public static final List<String> ALL = List.of(JOBS, JOB_EVENTS, JOBS_DLQ, MODELS, MODEL_STATUS);

    private Topics() {
    }
}
