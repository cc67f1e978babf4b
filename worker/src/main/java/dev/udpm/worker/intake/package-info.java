/**
 * The job intake from Kafka topic {@code udpm.jobs}: classification of raw records against the contracts
 * ({@link dev.udpm.worker.intake.RecordTriage}), dead-lettering with reason headers
 * ({@link dev.udpm.worker.intake.DeadLetterHeaders}), the in-flight limit
 * ({@link dev.udpm.worker.intake.AdmissionGate}) and the thin SmallRye adapter
 * ({@link dev.udpm.worker.intake.JobIntake}) that acknowledges a job's record only after its terminal event is
 * written.
 */
package dev.udpm.worker.intake;
