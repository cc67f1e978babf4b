package dev.udpm.storage;

/**
 * An object-store call failed in a way that may pass by itself: the store did not answer (connection refused or
 * reset, a timeout, a response cut short) or answered with a server error (HTTP 5xx, e.g. {@code SlowDown},
 * {@code ServiceUnavailable}). {@link StoreRetry} retries these; any other {@link StorageException} (access denied,
 * a bad request, a missing bucket) is final.
 */
public class StorageUnavailableException extends StorageException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
