package dev.udpm.trainer.runs;

import java.util.List;

import dev.udpm.trainer.training.FieldViolation;

/** A run request that cannot start: every violation, the message names the first. */
public final class InvalidRunRequestException extends RuntimeException {

    private final transient List<FieldViolation> violations;

    public InvalidRunRequestException(List<FieldViolation> violations) {
        super(violations.get(0).describe()
                + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more violation(s))" : ""));
        this.violations = List.copyOf(violations);
    }

    public InvalidRunRequestException(FieldViolation violation) {
        this(List.of(violation));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
