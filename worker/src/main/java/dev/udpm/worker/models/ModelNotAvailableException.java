package dev.udpm.worker.models;

import dev.udpm.schemas.event.FailureCode;

/**
 * The requested model name or version is not loaded here and cannot be loaded; the message says why and
 * {@link #failureCode()} is the code a job that needed it fails with: {@code MODEL_NOT_FOUND} when the version does
 * not exist, {@code MODEL_LOAD_FAILED} when it exists but failed verification, loading or warm-up.
 */
public class ModelNotAvailableException extends RuntimeException {

    private final FailureCode failureCode;

    public ModelNotAvailableException(String message) {
        this(message, null);
    }

    public ModelNotAvailableException(String message, Throwable cause) {
        this(FailureCode.MODEL_NOT_FOUND, message, cause);
    }

    public ModelNotAvailableException(FailureCode failureCode, String message, Throwable cause) {
        super(message, cause);
        this.failureCode = java.util.Objects.requireNonNull(failureCode, "failureCode");
    }

    /** {@code MODEL_NOT_FOUND} or {@code MODEL_LOAD_FAILED}. */
    public FailureCode failureCode() {
        return failureCode;
    }
}
