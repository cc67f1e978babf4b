package dev.udpm.worker.jobs;

import java.util.Objects;

import dev.udpm.schemas.event.FailureCode;

/**
 * A job this worker will not run, with the {@code failed} event's code, message and the JSON pointer of the
 * offending request field (or {@code null}).
 */
public final class JobRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureCode code;
    private final String field;

    public JobRejection(FailureCode code, String field, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "failure code");
        this.field = field;
    }

    /** An {@link FailureCode#INVALID_REQUEST} naming {@code field}. */
    public static JobRejection invalid(String field, String message) {
        return new JobRejection(FailureCode.INVALID_REQUEST, field, message);
    }

    public FailureCode code() {
        return code;
    }

    /** JSON pointer of the offending field, e.g. {@code /levels/1}, or {@code null}. */
    public String field() {
        return field;
    }
}
