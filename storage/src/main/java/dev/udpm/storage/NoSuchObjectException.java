package dev.udpm.storage;

/** The requested key does not exist in the bucket. */
public class NoSuchObjectException extends StorageException {

    private final String key;

    public NoSuchObjectException(String bucket, String key) {
        super("object '" + key + "' does not exist in bucket '" + bucket + "'");
        this.key = key;
    }

    /** The missing key. */
    public String key() {
        return key;
    }
}
