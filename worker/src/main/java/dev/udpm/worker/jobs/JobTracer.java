package dev.udpm.worker.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * The pipeline's tracing port: one trace per job execution, its stages recorded as finished spans with the times
 * the pipeline measured itself (so no tracing context has to follow the work across the pipeline's threads). The
 * service adapts it to OpenTelemetry ({@code dev.udpm.worker.tracing}); {@link #none()} traces nothing.
 */
public interface JobTracer {

    /**
     * Starts the trace of one execution.
     *
     * @param jobId the job's id
     * @param key what the pipeline knows the execution by (the jobId, or {@code {jobId}#s{k}} for a shard)
     * @param jobType the request's type ({@code generate}, ...)
     * @param parent the W3C trace-context headers ({@code traceparent}, {@code tracestate}) of the record that
     *     carried the job, empty when it had none: the execution then continues that trace
     * @param start when the execution's span starts
     */
    JobTrace start(String jobId, String key, String jobType, Map<String, String> parent, Instant start);

    /**
     * Starts the span of one step of a bulk job ({@link JobTrace.BulkStep}: its split, completion or cancel).
     *
     * @param step the span's name, one of {@link JobTrace.BulkStep}
     * @param jobId the bulk job's id
     * @param parent the W3C trace-context headers to continue: the split's record's, or the context the split stored
     *     in {@code bulk.json}; empty: a trace of its own
     * @param start when the step's span starts
     */
    JobTrace startBulk(String step, String jobId, Map<String, String> parent, Instant start);

    /** A tracer that records nothing; its traces have no id. */
    static JobTracer none() {
        return new JobTracer() {
            @Override
            public JobTrace start(String jobId, String key, String jobType, Map<String, String> parent,
                    Instant start) {
                return JobTrace.NONE;
            }

            @Override
            public JobTrace startBulk(String step, String jobId, Map<String, String> parent, Instant start) {
                return JobTrace.NONE;
            }
        };
    }
}
