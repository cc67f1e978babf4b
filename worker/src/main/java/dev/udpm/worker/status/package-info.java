/**
 * Fleet-wide job state: every worker folds the whole {@code udpm.job-events} topic into a Kafka Streams global
 * store keyed by jobId ({@link dev.udpm.worker.status.JobStatusTopology}), so {@code GET /v1/jobs/{jobId}} answers
 * the same on every instance, whichever worker ran the job.
 */
package dev.udpm.worker.status;
