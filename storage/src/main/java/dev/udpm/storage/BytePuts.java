package dev.udpm.storage;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.BucketExistsArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.Xml;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Upload;
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

    /**
     * The incomplete multipart uploads in {@code bucket} whose key starts with {@code prefix}: one ListMultipartUploads
     * request per page of up to 1,000 uploads, with only {@code prefix} (and the markers of a next page).
     */
    List<IncompleteUpload> incompleteUploads(String bucket, String prefix) throws Exception {
        List<IncompleteUpload> uploads = new ArrayList<>();
        BucketExistsArgs args = BucketExistsArgs.builder().bucket(bucket).build();
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            // Not listMultipartUploads: it always sends delimiter and max-uploads, which S3Proxy rejects (501).
            Multimap<String, String> query = HashMultimap.create();
            query.put("uploads", "");
            query.put("prefix", prefix);
            if (keyMarker != null) {
                query.put("key-marker", keyMarker);
                query.put("upload-id-marker", uploadIdMarker == null ? "" : uploadIdMarker);
            }
            ListMultipartUploadsResult page;
            try (Response response = executeGet(args, null, query)) {
                page = Xml.unmarshal(ListMultipartUploadsResult.class, response.body().charStream());
            }
            for (Upload upload : page.uploads()) {
                if (upload.objectName().startsWith(prefix)) {
                    uploads.add(new IncompleteUpload(upload.objectName(), upload.uploadId(),
                            upload.initiated() == null ? null : upload.initiated().toInstant()));
                }
            }
            if (!page.isTruncated() || page.nextKeyMarker() == null) {
                return uploads;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        }
    }

    /** Aborts the multipart upload {@code uploadId} of {@code key} (its parts are deleted). */
    void abort(String bucket, String key, String uploadId) throws Exception {
        abortMultipartUpload(bucket, null, key, uploadId, null, null);
    }
}
