package dev.udpm.storage;

/**
 * An object as written or read: what a manifest records for it.
 *
 * @param key    object key inside the bucket, e.g. {@code jobs/{jobId}/000000.png}
 * @param sha256 SHA-256 of the bytes, lower-case hex
 * @param size   number of bytes
 */
public record StoredObject(String key, String sha256, long size) {
}
