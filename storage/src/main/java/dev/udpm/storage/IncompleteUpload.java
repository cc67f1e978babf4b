package dev.udpm.storage;

import java.time.Instant;

/**
 * A multipart upload that was started and neither completed nor aborted: its parts take space in the bucket, and
 * its key shows no object until it is completed (which only its uploader can do).
 *
 * @param key       the key the upload would write
 * @param uploadId  the store's id of the upload
 * @param initiated when the store says it was started (S3Proxy answers the time of the listing, so nothing here relies
 *                  on it)
 */
public record IncompleteUpload(String key, String uploadId, Instant initiated) {
}
