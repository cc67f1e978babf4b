package dev.udpm.schemas;

/**
 * One object a job stored (common.schema.json {@code $defs/storedObject}): in a completed event and a job manifest.
 *
 * @param key         object key, e.g. {@code jobs/{jobId}/000000.png}
 * @param sha256      SHA-256 of the bytes, 64 lowercase hex digits
 * @param size        size in bytes
 * @param contentType media type, e.g. {@code image/png}
 * @param url         presigned GET URL when the request asked for one, else {@code null}
 */
public record StoredObject(String key, String sha256, long size, String contentType, String url) {

    /** An object without a presigned URL. */
    public static StoredObject of(String key, String sha256, long size, String contentType) {
        return new StoredObject(key, sha256, size, contentType, null);
    }
}
