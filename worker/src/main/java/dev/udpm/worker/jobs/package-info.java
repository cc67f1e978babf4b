/**
 * Job execution: the deterministic plan of each job type's images ({@link dev.udpm.worker.jobs.JobPlanner}), request
 * identity for idempotency ({@link dev.udpm.worker.jobs.RequestContent}) and the plain pipeline that runs jobs
 * end to end ({@link dev.udpm.worker.jobs.JobPipeline}), with its metrics and CDI wiring.
 */
package dev.udpm.worker.jobs;
