package dev.udpm.schemas.event;

/**
 * Where a job's time went, in milliseconds.
 *
 * @param queuedMs  submission (or receipt) to start of work
 * @param computeMs sampling and encoding
 * @param totalMs   submission (or receipt) to the completed event
 */
public record Timings(long queuedMs, long computeMs, long totalMs) {
}
