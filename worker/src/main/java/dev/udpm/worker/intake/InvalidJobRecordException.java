package dev.udpm.worker.intake;

/**
 * The reason a {@code udpm.jobs} record is dead-lettered; its message (the connector's {@code dead-letter-reason}
 * header) names every field and rule, cut to {@value DeadLetterHeaders#MAX_MESSAGE} characters.
 */
public final class InvalidJobRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidJobRecordException(Triage invalid) {
        super(DeadLetterHeaders.reason(invalid), null, false, false);
    }
}
