package dev.udpm.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.http.Method;
import io.minio.messages.Item;

/**
 * The fleet's one bucket on an S3-compatible store (docs/architecture.md#object-layout), over the MinIO
 * client: byte and file uploads that return their SHA-256 and size (and record the digest as user
 * metadata {@value #SHA256_METADATA}), reads, metadata, prefix listings, deletes and presigned GET URLs.
 *
 * <p>Thread-safe. Every failure is a {@link StorageException} naming the operation, key, bucket and
 * endpoint; a missing key on a read is a {@link NoSuchObjectException}; a failure that may pass by itself (no
 * answer, a cut response, HTTP 5xx) is a {@link StorageUnavailableException}, which {@link StoreRetry} retries.
 * Calls here are never retried: a caller that must ride through an outage wraps them in a {@link StoreRetry}.
 */
public final class ObjectStore implements AutoCloseable {

    /** User-metadata name under which {@link #put} records the object's SHA-256 ({@code x-amz-meta-sha256}). */
    public static final String SHA256_METADATA = "sha256";

    private static final long CONNECT_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);
    private static final long WRITE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);
    private static final long READ_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);
    private static final int MAX_KEY_BYTES = 1024;

    private final MinioClient client;
    private final BytePuts puts;
    private final LongAdder unavailable = new LongAdder();
    private final String endpoint;
    private final String bucket;
    private final Duration presignExpiry;

    private ObjectStore(MinioClient client, BytePuts puts, String endpoint, String bucket,
            Duration presignExpiry) {
        this.client = client;
        this.puts = puts;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.presignExpiry = presignExpiry;
    }

    /**
     * A store at {@code endpoint} (plain or TLS trusted by the platform), {@code bucket}, with these credentials;
     * no request is made.
     *
     * @param presignExpiry default validity of {@link #presignedGet(String)} URLs
     */
    public static ObjectStore of(String endpoint, String region, String accessKey, String secretKey, String bucket,
            Duration presignExpiry) {
        return open(endpoint, region, accessKey, secretKey, Optional.empty(), bucket, presignExpiry);
    }

    /**
     * A store whose requests all go through {@code http} (e.g. with an interceptor that counts or inspects them);
     * no request is made here.
     */
    public static ObjectStore of(String endpoint, String region, String accessKey, String secretKey,
            okhttp3.OkHttpClient http, String bucket, Duration presignExpiry) {
        return open(endpoint, region, accessKey, secretKey, Optional.of(http), bucket, presignExpiry);
    }

    /**
     * Validates {@code config} ({@link StorageConfigValidation}) and builds a client for it; no request is
     * made, so this succeeds while the store is still unreachable.
     *
     * @throws IllegalArgumentException listing every configuration problem
     */
    public static ObjectStore connect(StorageConfig config) {
        StorageConfigValidation.validate(config);
        return open(config.endpoint(), config.region(), config.accessKey(), config.secretKey(),
                config.caFile().map(StorageTls::httpClient), config.bucket(), config.presignExpiry());
    }

    /** The general client and the byte-array PUT client, with the same endpoint, region, credentials, timeouts. */
    private static ObjectStore open(String endpoint, String region, String accessKey, String secretKey,
            Optional<okhttp3.OkHttpClient> http, String bucket, Duration presignExpiry) {
        MinioClient.Builder builder = MinioClient.builder().endpoint(endpoint).region(region)
                .credentials(accessKey, secretKey);
        MinioAsyncClient.Builder putBuilder = MinioAsyncClient.builder().endpoint(endpoint).region(region)
                .credentials(accessKey, secretKey);
        http.ifPresent(builder::httpClient);
        http.ifPresent(putBuilder::httpClient);
        MinioClient client = builder.build();
        client.setTimeout(CONNECT_TIMEOUT_MS, WRITE_TIMEOUT_MS, READ_TIMEOUT_MS);
        BytePuts puts = new BytePuts(putBuilder.build());
        puts.setTimeout(CONNECT_TIMEOUT_MS, WRITE_TIMEOUT_MS, READ_TIMEOUT_MS);
        return new ObjectStore(client, puts, endpoint, bucket, presignExpiry);
    }

    /** The bucket every key refers to. */
    public String bucket() {
        return bucket;
    }

    /** The S3 base URL. */
    public String endpoint() {
        return endpoint;
    }

    /** Default validity of presigned URLs. */
    public Duration presignExpiry() {
        return presignExpiry;
    }

    /**
     * How many calls here have failed with a {@link StorageUnavailableException} since the start (no answer, a cut
     * response, HTTP 5xx): a readiness probe asks again at once when this grows instead of waiting for its interval.
     */
    public long unavailableCount() {
        return unavailable.sum();
    }

    /** Whether the bucket exists (and the credentials are accepted). */
    public boolean bucketExists() {
        return call("check bucket", null, () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    /**
     * Creates the bucket if it does not exist.
     *
     * @return {@code true} if it was created now, {@code false} if it was already there
     */
    public boolean ensureBucket() {
        if (bucketExists()) {
            return false;
        }
        call("create bucket", null, () -> {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            return null;
        });
        return true;
    }

    /**
     * Writes {@code bytes} under {@code key} (replacing any object there).
     *
     * @param contentType MIME type stored with the object, e.g. {@code image/png}
     * @return the key, SHA-256 and size of what was written
     */
    public ObjectDigest put(String key, byte[] bytes, String contentType) {
        requireKey(key);
        String sha256 = Sha256.hex(bytes);
        call("put", key, () -> {
            puts.put(bucket, key, bytes, contentType, Map.of(SHA256_METADATA, sha256));
            return null;
        });
        return new ObjectDigest(key, sha256, bytes.length);
    }

    /** Writes a UTF-8 text object, e.g. a {@code manifest.json} ({@code application/json}). */
    public ObjectDigest putText(String key, String text, String contentType) {
        return put(key, text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /**
     * Writes the content of {@code file} under {@code key}, streaming (for model files too big to hold
     * in memory): the file is read once to digest it and once to upload it.
     */
    public ObjectDigest putFile(String key, Path file, String contentType) {
        requireKey(key);
        return putFile(key, file, contentType, Sha256.hex(file));
    }

    /**
     * Writes the content of {@code file}, whose SHA-256 the caller computed while writing it, under {@code key},
     * streaming: the file is read once, to upload it (the MinIO client uploads in parts above its part size and
     * completes the upload only after the last part). Used for a bulk job's {@code index.jsonl}, hashed as its lines
     * were written.
     *
     * @param sha256 the SHA-256 of the file's bytes (lower-case hex), recorded as {@value #SHA256_METADATA}
     */
    public ObjectDigest putFile(String key, Path file, String contentType, String sha256) {
        requireKey(key);
        long size = call("size of local file for", key, () -> Files.size(file));
        call("put", key, () -> {
            try (InputStream in = Files.newInputStream(file)) {
                return client.putObject(PutObjectArgs.builder()
                        .bucket(bucket).object(key)
                        .stream(in, size, -1)
                        .contentType(contentType)
                        .userMetadata(Map.of(SHA256_METADATA, sha256))
                        .build());
            }
        });
        return new ObjectDigest(key, sha256, size);
    }

    /**
     * Writes a folder as one unit that readers see complete or not at all: every file of {@code files} (path relative
     * to {@code dir} -> its expected SHA-256) under {@code prefix + path}, then {@code last} under
     * {@code prefix + lastName} (a manifest: readers take an object set without it as incomplete). Every file is
     * checked against its SHA-256 before anything is written, so a changed or missing file writes nothing.
     *
     * @throws IllegalArgumentException naming the first file that is missing, outside {@code dir} or not the one
     *     expected
     */
    public ObjectDigest putFolderThenLast(String prefix, Path dir, Map<String, String> files, String lastName,
            byte[] last, String lastContentType) {
        Path root = dir.toAbsolutePath().normalize();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey()).normalize();
            if (!path.startsWith(root) || !Files.isRegularFile(path)) {
                throw new IllegalArgumentException(file.getKey() + " is listed but is not a file in " + dir);
            }
            String actual = Sha256.hex(path);
            if (!actual.equals(file.getValue())) {
                throw new IllegalArgumentException(file.getKey() + " has SHA-256 " + actual + " but " + file.getValue()
                        + " is listed: the file was changed or corrupted; nothing was written");
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            putFile(prefix + file.getKey(), root.resolve(file.getKey()), "application/octet-stream", file.getValue());
        }
        return put(prefix + lastName, last, lastContentType);
    }

    /**
     * Reads a whole object into memory.
     *
     * @throws NoSuchObjectException if there is no object under {@code key}
     */
    public byte[] get(String key) {
        requireKey(key);
        return call("get", key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return in.readAllBytes();
            }
        });
    }

    /** Reads a whole object into memory; empty when there is no object under {@code key}. */
    public Optional<byte[]> find(String key) {
        try {
            return Optional.of(get(key));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /**
     * Streams an object into {@code target} (written to a temporary file beside it, then moved into place,
     * so a reader never sees a partial file) and returns the SHA-256 of the bytes received.
     *
     * @throws NoSuchObjectException if there is no object under {@code key}
     */
    public ObjectDigest download(String key, Path target) {
        requireKey(key);
        Path dir = target.toAbsolutePath().getParent();
        return call("download", key, () -> {
            Files.createDirectories(dir);
            // Not Files.createTempFile: its owner-only permissions would stay on the file; this one follows the umask.
            Path partial = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
            try {
                MessageDigest digest = Sha256.newDigest();
                long size;
                try (InputStream in = new DigestInputStream(
                        client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()), digest);
                     OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW)) {
                    size = in.transferTo(out);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new ObjectDigest(key, Sha256.hex(digest), size);
            } finally {
                Files.deleteIfExists(partial);
            }
        });
    }

    /** Whether an object exists under {@code key}. */
    public boolean exists(String key) {
        return stat(key).isPresent();
    }

    /** Metadata of the object under {@code key}, or empty if there is none. */
    public Optional<ObjectInfo> stat(String key) {
        requireKey(key);
        try {
            StatObjectResponse stat = call("stat", key,
                    () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
            return Optional.of(new ObjectInfo(key, stat.size(), stat.lastModified().toInstant(),
                    Optional.ofNullable(stat.contentType()), userMetadata(stat.userMetadata(), SHA256_METADATA)));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /**
     * Every object whose key starts with {@code prefix} (recursively, in key order); an empty prefix lists
     * the whole bucket.
     */
    public List<ObjectInfo> list(String prefix) {
        return call("list", prefix, () -> {
            List<ObjectInfo> objects = new ArrayList<>();
            for (Result<Item> result : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    objects.add(new ObjectInfo(item.objectName(), item.size(), item.lastModified().toInstant(),
                            Optional.empty(), Optional.empty()));
                }
            }
            return objects;
        });
    }

    /**
     * The multipart uploads started under {@code prefix} and neither completed nor aborted (one ListMultipartUploads
     * request per 1,000 of them). A writer that died in the middle of a multipart upload leaves one: no object is
     * visible at its key, but its parts stay in the bucket until it is aborted.
     */
    public List<IncompleteUpload> incompleteUploads(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("list incomplete uploads under a non-blank prefix, e.g. jobs/{jobId}/");
        }
        return call("list incomplete uploads under", prefix, () -> puts.incompleteUploads(bucket, prefix));
    }

    /**
     * Aborts the incomplete multipart upload {@code uploadId} of {@code key}: its parts are deleted and it can no
     * longer be completed. Aborting an upload that is already gone is not an error.
     */
    public void abortUpload(String key, String uploadId) {
        requireKey(key);
        try {
            call("abort the upload " + uploadId + " of", key, () -> {
                puts.abort(bucket, key, uploadId);
                return null;
            });
        } catch (StorageException e) {
            if (e.getCause() instanceof ErrorResponseException response
                    && "NoSuchUpload".equals(response.errorResponse().code())) {
                return;
            }
            throw e;
        }
    }

    /** Deletes the object under {@code key}; deleting a missing key is not an error (S3 semantics). */
    public void delete(String key) {
        requireKey(key);
        call("delete", key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /** A URL that lets anyone GET the object for {@link #presignExpiry()}. */
    public URI presignedGet(String key) {
        return presignedGet(key, presignExpiry);
    }

    /**
     * A URL that lets anyone GET the object for {@code expiry} (1 second to 7 days). Signing is local: the
     * object is not checked for existence.
     */
    public URI presignedGet(String key, Duration expiry) {
        requireKey(key);
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0
                || expiry.compareTo(StorageConfigValidation.MAX_PRESIGN_EXPIRY) > 0) {
            throw new IllegalArgumentException("presigned URL expiry " + expiry + " for '" + key
                    + "' is out of range: use PT1S to P7D");
        }
        return call("presign GET", key, () -> URI.create(client.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder().method(Method.GET).bucket(bucket).object(key)
                        .expiry((int) expiry.toSeconds(), TimeUnit.SECONDS).build())));
    }

    /** Releases the HTTP client's connections. */
    @Override
    public void close() {
        try {
            client.close();
            puts.close();
        } catch (Exception e) {
            throw new StorageException("object store " + endpoint + ": cannot close the client: " + e.getMessage(), e);
        }
    }

    private static Optional<String> userMetadata(Map<String, String> metadata, String name) {
        return metadata.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("object key must be non-blank, e.g. jobs/{jobId}/000000.png");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key '" + key + "' must not start with '/'");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("object key '" + key.substring(0, 40) + "...' is longer than "
                    + MAX_KEY_BYTES + " bytes (the S3 limit)");
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws Exception;
    }

    private <T> T call(String operation, String key, StoreCall<T> call) {
        try {
            return call.run();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (key != null && ("NoSuchKey".equals(code) || "NoSuchObject".equals(code))) {
                throw new NoSuchObjectException(bucket, key);
            }
            String message = describe(operation, key) + ": " + code + " (HTTP " + e.response().code() + "): "
                    + e.errorResponse().message();
            if (e.response().code() >= 500) {
                unavailable.increment();
                throw new StorageUnavailableException(message, e);
            }
            throw new StorageException(message, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException || e instanceof java.io.InterruptedIOException
                    && !(e instanceof java.net.SocketTimeoutException)) {
                Thread.currentThread().interrupt();
                throw new StorageException(describe(operation, key) + ": interrupted: " + e, e);
            }
            if (e instanceof java.io.IOException || e instanceof ServerException
                    || e instanceof InvalidResponseException) {
                unavailable.increment();
                throw new StorageUnavailableException(describe(operation, key) + ": " + e, e);
            }
            throw new StorageException(describe(operation, key) + ": " + e, e);
        }
    }

    private String describe(String operation, String key) {
        return "object store: cannot " + operation + (key == null ? "" : " '" + key + "'") + " in bucket '"
                + bucket + "' at " + endpoint;
    }
}
