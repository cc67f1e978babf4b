package dev.udpm.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;

import dev.udpm.embedded.EmbeddedS3;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {

    private static final String BUCKET = "store-test";
    private static EmbeddedS3 s3;
    private static ObjectStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.startTransient();
        store = ObjectStore.connect(config(s3.secretKey(), BUCKET));
        assertTrue(store.ensureBucket(), "the bucket is new, so ensureBucket must create it");
    }

    @AfterAll
    static void stop() {
        store.close();
        s3.close();
    }

    @Test
    void aFolderIsWrittenWithItsLastObjectLastAndNotAtAllWhenAFileIsNotTheOneListed(@TempDir Path dir)
            throws Exception {
        Files.createDirectories(dir.resolve("variables"));
        Files.writeString(dir.resolve("saved_model.pb"), "graph");
        Files.writeString(dir.resolve("variables/data"), "weights");
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("saved_model.pb", Sha256.hex("graph".getBytes(StandardCharsets.UTF_8)));
        files.put("variables/data", Sha256.hex("weights".getBytes(StandardCharsets.UTF_8)));

        Files.writeString(dir.resolve("variables/data"), "weightz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.putFolderThenLast(
                "folder-bad/", dir, files, "manifest.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json"));
        assertTrue(e.getMessage().startsWith("variables/data has SHA-256"), e.getMessage());
        assertFalse(store.exists("folder-bad/saved_model.pb"), "nothing is written when one file is wrong");
        assertFalse(store.exists("folder-bad/manifest.json"));

        Files.writeString(dir.resolve("variables/data"), "weights");
        store.putFolderThenLast("folder/", dir, files, "manifest.json", "{}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertArrayEquals("weights".getBytes(StandardCharsets.UTF_8), store.get("folder/variables/data"));
        assertArrayEquals("graph".getBytes(StandardCharsets.UTF_8), store.get("folder/saved_model.pb"));
        Instant manifest = store.stat("folder/manifest.json").orElseThrow().lastModified();
        assertFalse(manifest.isBefore(store.stat("folder/variables/data").orElseThrow().lastModified()), "the manifest is last");
        assertThrows(IllegalArgumentException.class, () -> store.putFolderThenLast("folder-escape/", dir,
                Map.of("../outside", "0".repeat(64)), "manifest.json", new byte[0], "application/json"));
    }

    @Test
    void ensureBucketIsIdempotent() {
        assertTrue(store.bucketExists());
        assertFalse(store.ensureBucket(), "an existing bucket must be left alone");
        assertTrue(s3.bucketExists(BUCKET));
    }

    @Test
    void putFileWithTheDigestItsWriterComputedUploadsAcrossAMultipartUploadAndRecordsIt() throws Exception {
        byte[] big = new byte[6 * 1024 * 1024 + 3];
        java.util.Arrays.fill(big, (byte) 'x');
        Path file = Files.createTempFile("index", ".jsonl");
        try {
            Files.write(file, big);
            String sha256 = Sha256.hex(big);

            ObjectDigest written = store.putFile("cat/all.jsonl", file, "application/jsonl", sha256);

            assertEquals(new ObjectDigest("cat/all.jsonl", sha256, big.length), written);
            assertArrayEquals(big, store.get("cat/all.jsonl"), "the whole file, above the 5 MiB part size");
            assertEquals(Optional.of(sha256), store.stat("cat/all.jsonl").orElseThrow().sha256(),
                    "the digest given is recorded as metadata");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void anUploadStartedAndNeverCompletedIsListedUnderItsPrefixAndAbortedShowsNoObjectAndLeavesOthers()
            throws Exception {
        String dead = startUpload("stale/j1/tar/000000.tar");
        String other = startUpload("stale/j2/index.jsonl");
        assertFalse(store.exists("stale/j1/tar/000000.tar"), "an incomplete upload shows no object at its key");

        List<IncompleteUpload> found = store.incompleteUploads("stale/j1/");
        assertEquals(List.of("stale/j1/tar/000000.tar"), found.stream().map(IncompleteUpload::key).toList());
        assertEquals(dead, found.get(0).uploadId());

        store.abortUpload(found.get(0).key(), found.get(0).uploadId());
        assertEquals(List.of(), store.incompleteUploads("stale/j1/"), "aborted");
        store.abortUpload(found.get(0).key(), found.get(0).uploadId()); // already gone: not an error
        assertEquals(List.of(other), store.incompleteUploads("stale/j2/").stream().map(IncompleteUpload::uploadId)
                .toList(), "another prefix's upload is left alone");
        assertThrows(IllegalArgumentException.class, () -> store.incompleteUploads(""));
    }

    @Test
    void theLocalFleetsFilesystemStoreListsAndAbortsIncompleteUploadsToo(@TempDir Path data) throws Exception {
        try (EmbeddedS3 local = EmbeddedS3.startFilesystem(data);
             ObjectStore onDisk = ObjectStore.of(local.endpoint(), local.region(), local.accessKey(),
                     local.secretKey(), "disk", Duration.ofMinutes(1))) {
            onDisk.ensureBucket();
            String uploadId = startUpload(local, "disk", "jobs/j/index.jsonl");
            assertEquals(List.of("jobs/j/index.jsonl " + uploadId), onDisk.incompleteUploads("jobs/j/").stream()
                    .map(u -> u.key() + " " + u.uploadId()).toList());
            onDisk.abortUpload("jobs/j/index.jsonl", uploadId);
            assertEquals(List.of(), onDisk.incompleteUploads("jobs/j/"));
        }
    }

    /** Starts a multipart upload of {@code key} and uploads one part, as a writer killed after its first part. */
    private static String startUpload(String key) throws Exception {
        return startUpload(s3, BUCKET, key);
    }

    private static String startUpload(EmbeddedS3 s3, String bucket, String key) throws Exception {
        MinioAsyncClient client = MinioAsyncClient.builder().endpoint(s3.endpoint()).region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey()).build();
        String uploadId = client.createMultipartUploadAsync(bucket, null, key, null, null).get().result().uploadId();
        byte[] part = new byte[5 * 1024 * 1024];
        client.uploadPartAsync(bucket, null, key, part, part.length, uploadId, 1, null, null).get();
        client.close();
        return uploadId;
    }

    @Test
    void putReturnsTheSha256AndSizeAndGetReturnsTheSameBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
        ObjectDigest stored = store.put("jobs/j1/000000.png", png, "image/png");

        assertEquals(new ObjectDigest("jobs/j1/000000.png", Sha256.hex(png), 7), stored);
        assertArrayEquals(png, store.get("jobs/j1/000000.png"));
        assertArrayEquals(png, store.find("jobs/j1/000000.png").orElseThrow());
        assertEquals(Optional.empty(), store.find("jobs/j1/missing.png"), "a missing key is empty, not an error");
    }

    @Test
    void statReportsSizeContentTypeAndTheRecordedSha256() {
        Instant before = Instant.now().minusSeconds(5);
        String json = "{\"files\":[]}";
        ObjectDigest stored = store.putText("models/m/1/manifest.json", json, "application/json");

        ObjectInfo info = store.stat("models/m/1/manifest.json").orElseThrow();
        assertEquals(json.length(), info.size());
        assertEquals(Optional.of("application/json"), info.contentType());
        assertEquals(Optional.of(stored.sha256()), info.sha256(), "put must record the digest as user metadata");
        assertEquals(Sha256.hex(json.getBytes(StandardCharsets.UTF_8)), stored.sha256());
        assertTrue(!info.lastModified().isBefore(before), info.lastModified() + " is too old");
        assertTrue(store.exists("models/m/1/manifest.json"));
    }

    @Test
    void missingKeyIsAbsentForStatAndExistsAndANamedErrorForGet() {
        assertEquals(Optional.empty(), store.stat("jobs/none/000000.png"));
        assertFalse(store.exists("jobs/none/000000.png"));
        NoSuchObjectException e = assertThrows(NoSuchObjectException.class, () -> store.get("jobs/none/000000.png"));
        assertEquals("object 'jobs/none/000000.png' does not exist in bucket 'store-test'", e.getMessage());
        assertEquals("jobs/none/000000.png", e.key());
    }

    @Test
    void listByPrefixReturnsOnlyThatSubtreeInKeyOrderWithSizes() {
        store.put("list/a/2.png", new byte[2], "image/png");
        store.put("list/a/1.png", new byte[1], "image/png");
        store.put("list/a/sub/3.png", new byte[3], "image/png");
        store.put("list/b/4.png", new byte[4], "image/png");

        List<ObjectInfo> listed = store.list("list/a/");
        assertEquals(List.of("list/a/1.png", "list/a/2.png", "list/a/sub/3.png"),
                listed.stream().map(ObjectInfo::key).toList());
        assertEquals(List.of(1L, 2L, 3L), listed.stream().map(ObjectInfo::size).toList());
        assertEquals(List.of(), store.list("list/none/"));
    }

    @Test
    void deleteRemovesTheObjectAndDeletingAgainIsHarmless() {
        store.put("del/x.bin", new byte[] {9}, "application/octet-stream");
        store.delete("del/x.bin");
        assertFalse(store.exists("del/x.bin"));
        store.delete("del/x.bin");
    }

    @Test
    void presignedGetServesTheBytesWithoutCredentialsAndCarriesTheExpiry() throws Exception {
        byte[] bytes = "grid".getBytes(StandardCharsets.UTF_8);
        store.put("jobs/j2/grid.png", bytes, "image/png");

        var url = store.presignedGet("jobs/j2/grid.png");
        assertTrue(url.getQuery().contains("X-Amz-Expires=3600"), "default expiry must be PT1H: " + url);
        assertTrue(store.presignedGet("jobs/j2/grid.png", Duration.ofMinutes(5)).getQuery()
                .contains("X-Amz-Expires=300"));

        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(bytes, response.body());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.presignedGet("jobs/j2/grid.png", Duration.ofDays(8)));
        assertEquals("presigned URL expiry PT192H for 'jobs/j2/grid.png' is out of range: use PT1S to P7D",
                e.getMessage());
    }

    @Test
    void fileUploadAndDownloadRoundTripWithMatchingDigests(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i ^ (i >>> 7));
        }
        Path source = Files.write(dir.resolve("variables.data"), bytes);
        ObjectDigest up = store.putFile("models/m/2/variables.data", source, "application/octet-stream");
        assertEquals(new ObjectDigest("models/m/2/variables.data", Sha256.hex(bytes), bytes.length), up);

        Path target = dir.resolve("cache/m/2/variables.data");
        ObjectDigest down = store.download("models/m/2/variables.data", target);
        assertEquals(up, down);
        assertArrayEquals(bytes, Files.readAllBytes(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList(), "no partial download file may be left behind");
        }
        Path plain = Files.writeString(target.resolveSibling("plain.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target),
                "a downloaded file gets the permissions any new file gets here (the umask), not owner-only");
        assertThrows(NoSuchObjectException.class, () -> store.download("models/m/404", dir.resolve("x")));
    }

    @Test
    void badKeysAreRejectedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> store.put(" ", new byte[0], "image/png"));
        IllegalArgumentException slash = assertThrows(IllegalArgumentException.class, () -> store.get("/jobs/x"));
        assertEquals("object key '/jobs/x' must not start with '/'", slash.getMessage());
    }

    @Test
    void aByteArrayPutStoresWhatMinioPutObjectStoresForTheSameBytes() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        store.put("same/ours.png", png, "image/png");
        try (MinioClient reference = MinioClient.builder().endpoint(s3.endpoint()).region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey()).build()) {
            reference.putObject(PutObjectArgs.builder().bucket(BUCKET).object("same/minio.png")
                    .stream(new ByteArrayInputStream(png), png.length, -1).contentType("image/png")
                    .userMetadata(Map.of(ObjectStore.SHA256_METADATA, Sha256.hex(png))).build());
            StatObjectResponse ours = reference.statObject(StatObjectArgs.builder().bucket(BUCKET)
                    .object("same/ours.png").build());
            StatObjectResponse theirs = reference.statObject(StatObjectArgs.builder().bucket(BUCKET)
                    .object("same/minio.png").build());
            assertEquals(theirs.contentType(), ours.contentType());
            assertEquals(theirs.userMetadata(), ours.userMetadata());
            assertEquals(theirs.size(), ours.size());
            assertEquals(theirs.etag(), ours.etag(), "same bytes, same MD5");
        }
        assertArrayEquals(png, store.get("same/ours.png"));
    }

    /**
     * MinioClient.putObject ran each upload on a CompletableFuture.supplyAsync task: with the common pool's
     * parallelism at 1 (any machine with 2 cores or fewer, such as the worker's) the JDK starts a new thread per
     * task, i.e. per image. ObjectStore.put sends the bytes on the calling thread and OkHttp's pooled dispatcher.
     */
    @Test
    void putsOfByteArraysStartNoThreadPerCall() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        store.put("threads/warm-up", new byte[10], "image/png");
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < 64; i++) {
            store.put("threads/" + i, new byte[10 + i], "image/png");
        }
        long started = threads.getTotalStartedThreadCount() - before;
        assertTrue(started < 8, started + " threads started for 64 puts (common pool parallelism "
                + ForkJoinPool.getCommonPoolParallelism() + ")");
    }

    @Test
    void wrongSecretFailsWithAMessageNamingBucketAndEndpoint() {
        try (ObjectStore wrong = ObjectStore.connect(config(s3.secretKey() + "x", BUCKET))) {
            StorageException e = assertThrows(StorageException.class, () -> wrong.put("x", new byte[1], "image/png"));
            assertTrue(e.getMessage().startsWith("object store: cannot put 'x' in bucket 'store-test' at "
                    + s3.endpoint() + ": SignatureDoesNotMatch (HTTP 403)"), e.getMessage());
        }
    }

    static StorageConfig config(String secretKey, String bucket) {
        return StorageConfigTest.mapping(Map.of(
                "udpm.storage.endpoint", s3.endpoint(),
                "udpm.storage.access-key", s3.accessKey(),
                "udpm.storage.secret-key", secretKey,
                "udpm.storage.bucket", bucket));
    }
}
