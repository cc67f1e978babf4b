package dev.udpm.storage;

/**
 * What a put or a download saw of an object: its key, the SHA-256 and the size of its bytes (the job contract's
 * {@code dev.udpm.schemas.StoredObject} adds the media type and a presigned URL).
 *
 * @param key    object key inside the bucket, e.g. {@code jobs/{jobId}/000000.png}
 * @param sha256 SHA-256 of the bytes, lower-case hex
 * @param size   number of bytes
 */
public record ObjectDigest(String key, String sha256, long size) {
}
