/**
 * Tracing (issue 18): the OpenTelemetry adapter of the pipeline's tracing port ({@link
 * dev.udpm.worker.jobs.JobTracer}) and the W3C trace-context headers of {@code udpm.jobs} records. Quarkus'
 * OpenTelemetry extension traces the REST front door and the Kafka clients; this package adds one span per job
 * execution, continued from the trace context of the record that carried the job, with a child span per stage, and
 * one span per step of a bulk job (split, completion, cancel), whose context its shard records carry and its
 * {@code bulk.json} keeps, so that a bulk job is one trace.
 */
package dev.udpm.worker.tracing;
