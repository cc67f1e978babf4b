/**
 * Job events on {@code udpm.job-events} in the CloudEvents Kafka binding, binary mode
 * ({@link dev.udpm.worker.events.KafkaJobEventSink}).
 */
package dev.udpm.worker.events;
