package dev.udpm.worker.intake;

/**
 * The reason a {@code udpm.jobs} record is dead-lettered; its message (the connector's {@code dead-letter-reason}
 * header) names every field and rule.
 */
public final class InvalidJobRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidJobRecordException(Triage invalid) {
        super("invalid job request: " + invalid.describeViolations(), null, false, false);
    }
}
