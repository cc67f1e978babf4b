package dev.udpm.trainer.rollout;

/** A rollout step names a model without announcement, or a version the object store does not hold (404). */
public final class UnknownModelException extends RuntimeException {

    public UnknownModelException(String message) {
        super(message);
    }
}
