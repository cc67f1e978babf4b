package dev.udpm.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * Metadata of an object in the store, without its bytes.
 *
 * @param key          object key inside the bucket
 * @param size         number of bytes
 * @param lastModified when the object was last written
 * @param contentType  MIME type given at upload; empty in listings, which do not carry it
 * @param sha256       SHA-256 recorded at upload by {@link ObjectStore}; empty in listings and for objects
 *                     written by other clients
 */
public record ObjectInfo(String key, long size, Instant lastModified, Optional<String> contentType,
                         Optional<String> sha256) {
}
