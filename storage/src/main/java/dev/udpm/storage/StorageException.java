package dev.udpm.storage;

/** An object-store call failed; the message names the operation, bucket, key and endpoint. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
