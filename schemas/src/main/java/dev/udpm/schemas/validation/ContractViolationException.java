package dev.udpm.schemas.validation;

import java.util.List;

import dev.udpm.schemas.MessageKind;

/** Thrown by {@link ContractValidator#parse} when a message breaks its contract; lists every violation. */
public final class ContractViolationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient ValidationResult result;

    public ContractViolationException(ValidationResult result) {
        super("invalid " + result.describe());
        this.result = result;
    }

    /** The kind of message that was rejected. */
    public MessageKind kind() {
        return result.kind();
    }

    /** Every violation, sorted by field. */
    public List<Violation> violations() {
        return result.violations();
    }

    /** The full result. */
    public ValidationResult result() {
        return result;
    }
}
