package dev.udpm.storage;

import java.io.ByteArrayInputStream;
import java.util.Map;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import okhttp3.Response;

/**
 * Single-request PUTs of byte arrays through the MinIO client's own request path (signing, errors), for the small
 * objects a job writes (one PNG per image). {@code MinioClient.putObject} takes a stream, and for every call it
 * reads that stream on a new task of {@code CompletableFuture.supplyAsync} (on a machine with 2 cores the common
 * pool has one thread, so the JDK starts a NEW THREAD per task) and, because the body is not a byte array, builds a
 * new {@code OkHttpClient} per request (to switch off connection retries), whose construction compares the
 * platform's trusted CA certificates. Here the body is the byte array itself: no thread, no client per request;
 * the headers are those {@code putObject} sends for the same {@link PutObjectArgs} (content type, user metadata),
 * plus {@code Content-MD5}, which the client adds for byte-array bodies and the server checks.
 */
final class BytePuts extends MinioAsyncClient {

    BytePuts(MinioAsyncClient client) {
        super(client);
    }

    /**
     * Writes {@code bytes} under {@code key} in {@code bucket}, as {@code putObject} with a stream of the same
     * bytes, {@code contentType} and {@code userMetadata} would.
     */
    void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> userMetadata)
            throws Exception {
        PutObjectArgs args = PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .userMetadata(userMetadata)
                .build();
        Multimap<String, String> headers = HashMultimap.create(args.genHeaders());
        if (!headers.containsKey("Content-Type")) {
            headers.put("Content-Type", args.contentType());
        }
        try (Response ignored = executePut(args, headers, null, bytes, bytes.length)) {
            // the response carries only the ETag, which nothing here uses
        }
    }
}
