package dev.udpm.worker.models;

/** The requested model name or version is not loaded here and cannot be loaded; the message says why. */
public class ModelNotAvailableException extends RuntimeException {

    public ModelNotAvailableException(String message) {
        super(message);
    }

    public ModelNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
